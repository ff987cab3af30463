using System.ComponentModel;
using CreditSharing.Core.Banks;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Banks;

public sealed class BankFunctions(BankRegistry registry, ILogger<BankFunctions> logger)
{
    [Function(nameof(PutBank))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Registers (201) or changes (200) a bank of 信易贷: its name, licence number, and the client apps and users (Entra object ids) that sign in as it. An id another bank lists is refused (409 naming it). Every change is kept in its history and audited.")]
    [ApiBody(typeof(BankInput))]
    [ApiResponse(StatusCodes.Status200OK, typeof(BankView))]
    [ApiResponse(StatusCodes.Status201Created, typeof(BankView))]
    public async Task<IActionResult> PutBank(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Bank)] HttpRequest request,
        string bankId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<BankInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        return Answers.From(await registry.PutAsync(bankId, body.Value, caller.Id, cancellationToken), receipt =>
        {
            logger.LogInformation("Bank {BankId} registered by {Regulator} at revision {Revision}", receipt.Bank.BankId, caller.Id, receipt.Bank.Revision);
            return receipt.Created
                ? new CreatedResult($"/{Routes.Banks}/{Uri.EscapeDataString(receipt.Bank.BankId)}", receipt.Bank)
                : new OkObjectResult(receipt.Bank);
        });
    }

    [Function(nameof(GetBank))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("A bank's registry entry with its history (who changed it, when).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(BankView))]
    public async Task<IActionResult> GetBank(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Bank)] HttpRequest request,
        string bankId,
        CancellationToken cancellationToken)
        => Answers.From(await registry.GetAsync(bankId, cancellationToken));

    [Function(nameof(ListBanks))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Every registered bank (no history).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(BankView[]))]
    public async Task<IActionResult> ListBanks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Banks)] HttpRequest request,
        CancellationToken cancellationToken)
        => new OkObjectResult(await registry.ListAsync(cancellationToken));
}
