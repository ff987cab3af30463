using System.ComponentModel;
using CreditSharing.Core.Identity;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Identity;

/// <summary>Enterprise accounts: which Entra users act for an enterprise (docs/identity.md).</summary>
public sealed class AccountFunctions(AccountRegistry accounts, ILogger<AccountFunctions> logger)
{
    [Function(nameof(BindAccount))]
    [Authorize(Roles = $"{AppRoles.Regulator},{AppRoles.DataProvider}")]
    [Description("Binds an Entra user (oid) to an enterprise (201; 200 when bound already): from its next request an Enterprise token with that oid acts for the enterprise. A Regulator, or the registration authority (a provider whose entry has profiles: true; 403 otherwise). 404 when the enterprise is not registered; 409 when the account acts for 50 enterprises already.")]
    [ApiBody(typeof(AccountInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(AccountView))]
    [ApiResponse(StatusCodes.Status200OK, typeof(AccountView))]
    public async Task<IActionResult> BindAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.EnterpriseAccounts)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<AccountInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var actor = Actor(request);
        return Answers.From(await accounts.BindAsync(uscc, body.Value, actor, cancellationToken), receipt =>
        {
            logger.LogInformation("Account {Oid} bound to {Uscc} by {Actor} (new: {Created})", receipt.Account.Oid, receipt.Account.Uscc, actor.Id, receipt.Created);
            return receipt.Created
                ? new CreatedResult($"/api/enterprises/{receipt.Account.Uscc}/accounts/{receipt.Account.Oid}", receipt.Account)
                : new OkObjectResult(receipt.Account);
        });
    }

    [Function(nameof(UnbindAccount))]
    [Authorize(Roles = $"{AppRoles.Regulator},{AppRoles.DataProvider}")]
    [Description("Unbinds an account from an enterprise (204): its next request no longer acts for it. 404 when it was not bound. A Regulator or the registration authority.")]
    public async Task<IActionResult> UnbindAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.EnterpriseAccount)] HttpRequest request,
        string uscc,
        string oid,
        CancellationToken cancellationToken)
    {
        var actor = Actor(request);
        return Answers.From(await accounts.UnbindAsync(uscc, oid, actor, cancellationToken), unbound =>
        {
            logger.LogInformation("Account {Oid} unbound from {Uscc} by {Actor}", unbound.Oid, unbound.Uscc, actor.Id);
            return new NoContentResult();
        });
    }

    [Function(nameof(ListAccounts))]
    [Authorize(Roles = $"{AppRoles.Regulator},{AppRoles.DataProvider}")]
    [Description("The accounts bound to an enterprise, with who bound them and when. A Regulator or the registration authority.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(AccountView[]))]
    public async Task<IActionResult> ListAccounts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EnterpriseAccounts)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
        => Answers.From(await accounts.ListAsync(uscc, Actor(request), cancellationToken));

    [Function(nameof(GetMyEnterprises))]
    [Authorize(Roles = AppRoles.Enterprise)]
    [Description("The enterprises the calling Enterprise account acts for (its bindings; locally, its uscc claim), as the gate resolved them: the /me page's choice. No read beyond the gate's own.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(CallerEnterprises))]
    public IActionResult GetMyEnterprises(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.MyEnterprises)] HttpRequest request)
        => new OkObjectResult(new CallerEnterprises(Caller.Of(request.HttpContext).Usccs));

    private static AccountActor Actor(HttpRequest request)
    {
        var caller = Caller.Of(request.HttpContext);
        var asRegulator = caller.IsIn(AppRoles.Regulator);
        return new AccountActor(caller.Id, asRegulator ? AppRoles.Regulator : AppRoles.DataProvider, asRegulator);
    }
}
