using System.ComponentModel;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;
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
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("信用修复 of a penalty record by its provider or a Regulator (403 otherwise), after its repairEligibleFrom (409 with the date before), with a signed credit commitment, obligationsFulfilled true and evidence (422 naming what is missing): it leaves public disclosure and stops counting in the grade; list entries resting on it end.")]
    [ApiBody(typeof(RepairInput))]
    [ApiResponse(StatusCodes.Status200OK, typeof(RecordView))]
    public async Task<IActionResult> RepairRecord(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RecordRepair)] HttpRequest request,
        string uscc,
        string recordId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RepairInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        var caller = Caller.Of(request.HttpContext);
        return body.Problem ?? Answers.From(await records.RepairAsync(uscc, recordId, body.Value, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken));
    }

    [Function(nameof(WithdrawRecord))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("撤销 of a record by its provider or a Regulator (403 otherwise; 409 when withdrawn already): it leaves the public page, grading and 信易贷 at once and stays in history with withdrawn {at, by, reason, documentNo}; list entries resting on it end.")]
    [ApiBody(typeof(WithdrawalInput))]
    [ApiResponse(StatusCodes.Status200OK, typeof(RecordView))]
    public async Task<IActionResult> WithdrawRecord(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RecordWithdrawal)] HttpRequest request,
        string uscc,
        string recordId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<WithdrawalInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        var caller = Caller.Of(request.HttpContext);
        return body.Problem ?? Answers.From(await records.WithdrawAsync(uscc, recordId, body.Value, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken));
    }
}
