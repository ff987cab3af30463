using System.ComponentModel;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Records;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CreditSharing.Functions.Records;

public sealed class RecordRepairFunctions(RecordService records)
{
    [Function(nameof(RepairRecord))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("信用修复 of a penalty record after its repairEligibleFrom (409 with the date before): it leaves public disclosure and stops counting in the grade.")]
    [ApiBody(typeof(RepairInput))]
    [ApiResponse(StatusCodes.Status200OK, typeof(RecordView))]
    public async Task<IActionResult> RepairRecord(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RecordRepair)] HttpRequest request,
        string uscc,
        string recordId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RepairInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        return body.Problem ?? Answers.From(await records.RepairAsync(uscc, recordId, body.Value, Caller.From(request.HttpContext.User).Id, cancellationToken));
    }
}
