using System.ComponentModel;
using CreditSharing.Core.Audit;
using CreditSharing.Core.Reports;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Audit;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using CreditSharing.Functions.Pages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Reports;

public sealed class ReportFunctions(ReportService reports, AuditTrail audit, ILogger<ReportFunctions> logger)
{
    public const string ReportNumberHeader = "X-Report-Number";

    [Function(nameof(GetPublicReport))]
    [AllowAnonymous]
    [Description("信用报告 (public version, PDF): the public page's information (public records in their window, grade letter, active red/black entries). Every report is numbered (header X-Report-Number), hashed and registered; each page carries a QR code to /verify/{reportNo}.")]
    [ApiResponse(StatusCodes.Status200OK, "application/pdf")]
    public async Task<IActionResult> GetPublicReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PublicReport)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
        => Answer(request, await reports.PublicAsync(uscc, cancellationToken));

    [Function(nameof(GetFullReport))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.Regulator},{AppRoles.Bank}")]
    [Description("信用报告 (full version, PDF): every tier of records, the grade with its factors, every list entry. The enterprise itself, a Regulator (audited, reports.full, optional reason), or a bank the enterprise authorised (403 without an active consent); each bank request is written to the access log.")]
    [ApiQuery("reason", typeof(string), Description = "Why a Regulator reads (recorded in the audit log).")]
    [ApiResponse(StatusCodes.Status200OK, "application/pdf")]
    public async Task<IActionResult> GetFullReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.FullReport)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(request.HttpContext);
        if (caller.IsEnterprise(uscc))
        {
            return Answer(request, await reports.FullAsync(uscc, new ReportRequester.Enterprise(caller.Id), cancellationToken));
        }

        if (caller.IsIn(AppRoles.Regulator))
        {
            return Answer(request, await audit.ReadAsync(
                AuditedReads.ByRegulator(request, AuditActions.FullReport, uscc),
                ct => reports.FullAsync(uscc, new ReportRequester.Regulator(caller.Id), ct),
                outcome => outcome is not ReportOutcome.Invalid,
                errors => new ReportOutcome.Invalid(errors),
                cancellationToken));
        }

        if (caller.IsIn(AppRoles.Bank))
        {
            return caller.ValidBankId is { } bankId
                ? Answer(request, await reports.FullAsync(uscc, new ReportRequester.Bank(caller.Id, bankId), cancellationToken))
                : Problems.Forbidden(Caller.NoBankIdDetail);
        }

        return Problems.Forbidden("An enterprise may take only its own full report.");
    }

    [Function(nameof(GetReportVerification))]
    [AllowAnonymous]
    [Description("What the registry holds of a report: subject, issue time, type, rules version, content and file SHA-256 (never the content). 404 for an unknown number.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ReportVerification))]
    public async Task<IActionResult> GetReportVerification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ReportVerification)] HttpRequest request,
        string reportNo,
        CancellationToken cancellationToken)
        => await reports.VerifyAsync(reportNo, cancellationToken) is { } found
            ? new OkObjectResult(found)
            : Problems.NotFound($"No report {reportNo} was issued here.");

    [Function(nameof(VerifyReportPage))]
    [AllowAnonymous]
    [Description("The page a report's QR code opens: subject, issue time, type and hashes (HTML, Chinese); 404 page for an unknown number.")]
    [ApiResponse(StatusCodes.Status200OK, "text/html")]
    public async Task<IActionResult> VerifyReportPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.VerifyPage)] HttpRequest request,
        string reportNo,
        CancellationToken cancellationToken)
        => await reports.VerifyAsync(reportNo, cancellationToken) is { } found
            ? PageLayout.Html(request, VerifyPage.Render(found))
            : PageLayout.Html(request, VerifyPage.NotFound(reportNo), StatusCodes.Status404NotFound);

    private IActionResult Answer(HttpRequest request, ReportOutcome outcome)
    {
        switch (outcome)
        {
            case ReportOutcome.Issued issued:
                var entry = issued.Report.Entry;
                logger.LogInformation("Issued {Type} report {ReportNo} of {Uscc} to {IssuedTo}", entry.Type, entry.ReportNo, entry.Uscc, entry.IssuedTo);
                var headers = request.HttpContext.Response.Headers;
                headers[ReportNumberHeader] = entry.ReportNo;
                headers.CacheControl = "no-store";
                return new FileContentResult(issued.Report.Pdf, "application/pdf") { FileDownloadName = $"credit-report-{entry.ReportNo}.pdf" };
            case ReportOutcome.Refused refused:
                logger.LogWarning("A full report was refused without consent, audit {AuditId}", refused.AuditId);
                return Problems.Status(StatusCodes.Status403Forbidden, "Not allowed.", refused.Reason, new Dictionary<string, object?> { ["auditId"] = refused.AuditId });
            case ReportOutcome.NotFound notFound:
                return Problems.NotFound(notFound.Detail);
            case ReportOutcome.Invalid invalid:
                return Problems.Validation(invalid.Errors);
            default:
                throw new InvalidOperationException("Unknown outcome.");
        }
    }
}
