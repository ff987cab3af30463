using System.ComponentModel;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Loans;

public sealed class LoanFunctions(LoanService loans, ILogger<LoanFunctions> logger)
{
    [Function(nameof(GrantConsent))]
    [Authorize(Roles = AppRoles.Enterprise)]
    [Description("An enterprise authorises a bank to check its credit (信易贷 授权), for at most a year.")]
    [ApiBody(typeof(ConsentInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(Consent))]
    public async Task<IActionResult> GrantConsent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Authorizations)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(request.HttpContext);
        if (!caller.IsEnterprise(uscc))
        {
            return Problems.Forbidden("Only the enterprise itself may authorise a bank.");
        }

        var body = await JsonBody.ReadAsync<ConsentInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        return body.Problem ?? Answers.From(
            await loans.GrantAsync(uscc, body.Value, caller.Id, cancellationToken),
            consent => new CreatedResult($"/api/enterprises/{consent.Uscc}/authorizations/{consent.BankId}", consent));
    }

    [Function(nameof(RevokeConsent))]
    [Authorize(Roles = AppRoles.Enterprise)]
    [Description("Revokes a bank's consent at once; the consent is kept, marked revoked.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(Consent))]
    public async Task<IActionResult> RevokeConsent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.Authorization)] HttpRequest request,
        string uscc,
        string bankId,
        CancellationToken cancellationToken)
        => Caller.Of(request.HttpContext).IsEnterprise(uscc)
            ? Answers.From(await loans.RevokeAsync(uscc, bankId, cancellationToken))
            : Problems.Forbidden("Only the enterprise itself may revoke a consent.");

    [Function(nameof(ListConsents))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.Regulator}")]
    [Description("An enterprise's consents, revoked ones included. The enterprise itself or a regulator.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(Consent[]))]
    public async Task<IActionResult> ListConsents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Authorizations)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
        => Caller.Of(request.HttpContext).IsRegulatorOrEnterprise(uscc)
            ? Answers.From(await loans.ListConsentsAsync(uscc, cancellationToken))
            : Problems.Forbidden("An enterprise may read only its own consents.");

    [Function(nameof(CheckLoanEligibility))]
    [Authorize(Roles = AppRoles.Bank)]
    [Description("信易贷 eligibility of an enterprise that authorised the calling bank (bankId from the token): every rule with pass/fail and reason. 403 without consent. Every call is written to the access log.")]
    [ApiBody(typeof(EligibilityRequest))]
    [ApiResponse(StatusCodes.Status200OK, typeof(EligibilityAnswer))]
    public async Task<IActionResult> CheckLoanEligibility(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.LoanEligibility)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (Caller.Of(request.HttpContext).ValidBankId is not { } bankId)
        {
            return Problems.Forbidden(Caller.NoBankIdDetail);
        }

        var body = await JsonBody.ReadAsync<EligibilityRequest>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await loans.CheckAsync(body.Value, bankId, cancellationToken);
        switch (outcome)
        {
            case EligibilityOutcome.Answered answered:
                logger.LogInformation("Bank {BankId} checked {Uscc} for {Product}: eligible {Eligible}, audit {AuditId}", bankId, answered.Answer.Uscc, answered.Answer.Product, answered.Answer.Eligible, answered.Answer.AuditId);
                return new OkObjectResult(answered.Answer);
            case EligibilityOutcome.Refused refused:
                logger.LogWarning("Bank {BankId} was refused a check without consent, audit {AuditId}", bankId, refused.AuditId);
                return Problems.Status(StatusCodes.Status403Forbidden, "Not allowed.", refused.Reason, new Dictionary<string, object?> { ["auditId"] = refused.AuditId });
            case EligibilityOutcome.Invalid invalid:
                return Problems.Validation(invalid.Errors);
            default:
                throw new InvalidOperationException("Unknown outcome.");
        }
    }

    [Function(nameof(GetAccessLog))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.Regulator}")]
    [Description("Who checked this enterprise's credit (查询留痕), newest first, paged. The enterprise itself or a regulator.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(Page<AccessLogEntry>))]
    [ApiQuery("pageSize", typeof(int), Minimum = 1, Maximum = ContinuationToken.MaxPageSize)]
    [ApiQuery("continuationToken", typeof(string), Description = ApiPatterns.ContinuationTokenDescription)]
    public async Task<IActionResult> GetAccessLog(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AccessLog)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
        => Caller.Of(request.HttpContext).IsRegulatorOrEnterprise(uscc)
            ? Answers.From(await loans.AccessLogAsync(uscc, request.Query["pageSize"].FirstOrDefault(), request.Query["continuationToken"].FirstOrDefault(), cancellationToken))
            : Problems.Forbidden("An enterprise may read only its own access log.");
}
