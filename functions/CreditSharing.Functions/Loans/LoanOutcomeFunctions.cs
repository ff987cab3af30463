using System.ComponentModel;
using CreditSharing.Core.Loans;
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

/// <summary>Batch eligibility, loan outcomes banks report, and the monthly 信易贷 statistics.</summary>
public sealed class LoanOutcomeFunctions(LoanService loans, LoanOutcomeService outcomes, ILogger<LoanOutcomeFunctions> logger)
{
    /// <summary>1,000 USCCs of 18 characters with quotes and commas, and room for whitespace.</summary>
    private const long BatchMaxBytes = 256L * 1024;

    [Function(nameof(CheckLoanEligibilityBatch))]
    [Authorize(Roles = AppRoles.Bank)]
    [Description("信易贷 eligibility of up to 1,000 enterprises for the calling bank: per enterprise the single check's answer, no-consent or unknown-enterprise. Every checked or refused item is written to its enterprise's access log. Over 1,000: 413.")]
    [ApiBody(typeof(BatchEligibilityRequest))]
    [ApiResponse(StatusCodes.Status200OK, typeof(BatchEligibilityAnswer))]
    public async Task<IActionResult> CheckLoanEligibilityBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.LoanEligibilityBatch)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (Caller.Of(request.HttpContext).ValidBankId is not { } bankId)
        {
            return Problems.Forbidden(Caller.NoBankIdDetail);
        }

        var body = await JsonBody.ReadAsync<BatchEligibilityRequest>(request, BatchMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        switch (await loans.CheckBatchAsync(body.Value, bankId, cancellationToken))
        {
            case BatchEligibilityOutcome.Answered answered:
                logger.LogInformation("Bank {BankId} checked {Checked} enterprises for {Product} in a batch", bankId, answered.Answer.Checked, answered.Answer.Product);
                return new OkObjectResult(answered.Answer);
            case BatchEligibilityOutcome.TooLarge tooLarge:
                return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Too many items.", $"A batch holds at most {BatchEligibility.MaxItems} USCCs; this one has {tooLarge.Count}.", new Dictionary<string, object?> { ["maxItems"] = BatchEligibility.MaxItems });
            case BatchEligibilityOutcome.Invalid invalid:
                return Problems.Validation(invalid.Errors);
            default:
                throw new InvalidOperationException("Unknown outcome.");
        }
    }

    [Function(nameof(ReportLoanOutcome))]
    [Authorize(Roles = AppRoles.Bank)]
    [Description("A bank reports an outcome (granted, repaid, overdue, written-off) of a loan to an enterprise that consented to it; 403 otherwise. With loanRef, reporting the same status of the same loan again replaces it; without, an exact repeat changes nothing. 201 when new, 200 when it replaced a row.")]
    [ApiBody(typeof(LoanOutcomeInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(LoanOutcome))]
    [ApiResponse(StatusCodes.Status200OK, typeof(LoanOutcome))]
    public async Task<IActionResult> ReportLoanOutcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.LoanOutcomes)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (Caller.Of(request.HttpContext).ValidBankId is not { } bankId)
        {
            return Problems.Forbidden(Caller.NoBankIdDetail);
        }

        var body = await JsonBody.ReadAsync<LoanOutcomeInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        return body.Problem ?? Answers.From(
            await outcomes.RecordAsync(body.Value, bankId, cancellationToken),
            receipt => receipt.Created
                ? new ObjectResult(receipt.Outcome) { StatusCode = StatusCodes.Status201Created }
                : new OkObjectResult(receipt.Outcome));
    }

    [Function(nameof(GetLoanStatistics))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Monthly 信易贷 volume (granted amount, yuan) and counts per status, by bank, product and county, for from..to (yyyy-MM, at most 36 months).")]
    [ApiQuery("from", typeof(string), Required = true, Pattern = @"^\d{4}-(0[1-9]|1[0-2])$", Description = "The first month, yyyy-MM.")]
    [ApiQuery("to", typeof(string), Required = true, Pattern = @"^\d{4}-(0[1-9]|1[0-2])$", Description = "The last month, yyyy-MM (at most 36 months after from).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(LoanStatistics))]
    public async Task<IActionResult> GetLoanStatistics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.LoanStatistics)] HttpRequest request,
        CancellationToken cancellationToken)
        => Answers.From(await outcomes.StatisticsAsync(request.Query["from"].FirstOrDefault(), request.Query["to"].FirstOrDefault(), cancellationToken));
}
