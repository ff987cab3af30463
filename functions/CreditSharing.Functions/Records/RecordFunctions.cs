using System.ComponentModel;
using CreditSharing.Core.Audit;
using CreditSharing.Core.Pages;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Audit;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using CreditSharing.Storage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Records;

public sealed class RecordFunctions(RecordService records, PublicPageService pages, AuditTrail audit, ILogger<RecordFunctions> logger)
{
    /// <summary>The contract's limit for one submission (1,000 records).</summary>
    private const long MaxBodyBytes = 4L * 1024 * 1024;

    [Function(nameof(SubmitRecords))]
    [Authorize(Roles = AppRoles.DataProvider)]
    [Description("One credit record or an array of up to 1,000 (≤ 4 MiB): valid ones are archived and queued, invalid ones reported by index (202); 422 with the same list when none is accepted.")]
    [ApiBody(typeof(RecordInput[]))]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(BatchReceipt))]
    [ApiResponse(StatusCodes.Status422UnprocessableEntity, typeof(RefusedBatchProblem))]
    public async Task<IActionResult> SubmitRecords(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Records)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var batch = await JsonBody.ReadBatchAsync<RecordInput>(request, MaxBodyBytes, RecordService.MaxBatchSize, allowSingle: true, cancellationToken);
        if (batch.Problem is not null)
        {
            return batch.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        var result = await records.SubmitAsync(batch.Value!.Items, batch.Value.ShapeErrors, batch.Value.Raw, request.ContentType ?? "application/json", caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken);
        return Answers.From(result, receipt =>
        {
            logger.LogInformation("Accepted {Accepted} credit records from {Provider}; rejected {Rejected}", receipt.Accepted, caller.Id, receipt.Rejected.Count);
            return Answers.Receipt(receipt);
        });
    }

    [Function(nameof(StoreCreditRecords))]
    public async Task StoreCreditRecords(
        [QueueTrigger(QueueNames.CreditRecords)] string message,
        CancellationToken cancellationToken)
    {
        var batch = QueueMessages.Parse<RecordBatchMessage>(message);
        var counts = await records.StoreAsync(batch, cancellationToken);
        logger.LogInformation(
            "Stored {Count} records from submission {SubmissionId}: {Created} new, {Corrected} corrected, {Unchanged} unchanged, {Stale} older than stored",
            batch.Records.Count, batch.SubmissionId, counts.Created, counts.Corrected, counts.Unchanged, counts.Stale);
    }

    [Function(nameof(ListEnterpriseRecords))]
    [Authorize(Roles = $"{AppRoles.Regulator},{AppRoles.DataProvider},{AppRoles.Enterprise}")]
    [Description("An enterprise's records, newest decision first, paged (pageSize ≤ 500). A provider sees only its own records; the enterprise itself sees every tier of its own (withdrawn ones as withdrawn), another enterprise gets 403. A Regulator's read is audited (records.read) with the optional reason query parameter.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(Page<RecordView>))]
    [ApiQuery("category", typeof(string))]
    [ApiQuery("from", typeof(DateOnly))]
    [ApiQuery("to", typeof(DateOnly))]
    [ApiQuery("pageSize", typeof(int), Minimum = 1, Maximum = ContinuationToken.MaxPageSize)]
    [ApiQuery("continuationToken", typeof(string), Description = ApiPatterns.ContinuationTokenDescription)]
    [ApiQuery("reason", typeof(string), Description = "Why a Regulator reads (recorded in the audit log).")]
    public async Task<IActionResult> ListEnterpriseRecords(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EnterpriseRecords)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(request.HttpContext);
        var query = new RecordQuery(
            request.Query["category"].FirstOrDefault(),
            request.Query["from"].FirstOrDefault(),
            request.Query["to"].FirstOrDefault(),
            request.Query["pageSize"].FirstOrDefault(),
            request.Query["continuationToken"].FirstOrDefault());
        string? onlyProvider;
        if (caller.IsIn(AppRoles.Regulator) || caller.IsEnterprise(uscc))
        {
            onlyProvider = null;
        }
        else if (caller.IsIn(AppRoles.DataProvider))
        {
            onlyProvider = caller.Id;
        }
        else
        {
            return Problems.Forbidden("An enterprise reads its own records only.");
        }

        return Answers.From(await audit.ReadAsync(
            AuditedReads.ByRegulator(request, AuditActions.RecordsRead, uscc),
            ct => records.ListAsync(uscc, query, onlyProvider, ct),
            cancellationToken));
    }

    [Function(nameof(GetPublicEnterprise))]
    [AllowAnonymous]
    [Description("An enterprise's public credit page (信用驻马店 公示): public-tier records inside their disclosure window and public 信用承诺; no personal data.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(PublicEnterprisePage))]
    public async Task<IActionResult> GetPublicEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PublicEnterprise)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
        => Answers.From(await pages.PublicEnterpriseAsync(uscc, cancellationToken));
}
