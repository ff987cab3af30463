using System.ComponentModel;
using CreditSharing.Core.Audit;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Audit;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Lists;

public sealed class ListFunctions(ListService lists, AuditTrail audit, ILogger<ListFunctions> logger)
{
    /// <summary>Daily at 00:30 in the city (16:30 UTC); <c>Lists:PublishSchedule</c> overrides it.</summary>
    public const string PublishSchedule = "%Lists:PublishSchedule%";

    [Function(nameof(CreateListEntry))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("Lists an enterprise on the red, black or watch list (201). The same provider sourceId again: 200, unchanged, or a correction (revision + 1) when fields changed; 201 when it finishes a half-done first delivery; 409 under another USCC.")]
    [ApiBody(typeof(ListEntryInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(ListEntryReceipt))]
    public async Task<IActionResult> CreateListEntry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ListEntries)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ListEntryInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        return Answers.From(await lists.CreateAsync(body.Value, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken), receipt =>
        {
            logger.LogInformation("List entry {EntryId} for {Uscc} from {Provider} (new: {Created})", receipt.EntryId, receipt.Uscc, caller.Id, receipt.Created);
            return receipt.Created ? new CreatedResult($"/{Routes.ListEntries}?uscc={receipt.Uscc}", receipt) : new OkObjectResult(receipt);
        });
    }

    [Function(nameof(RepairListEntry))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("信用修复 by the entry's deciding provider or a Regulator (403 otherwise): ends an entry early; a black entry only after its minimum period (409 with repairEligibleFrom before); needs a signed credit commitment, obligationsFulfilled true and evidence (422 naming what is missing).")]
    [ApiBody(typeof(RepairInput))]
    [ApiResponse(StatusCodes.Status200OK, typeof(ListEntry))]
    public async Task<IActionResult> RepairListEntry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ListEntryRepair)] HttpRequest request,
        string uscc,
        string entryId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RepairInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        var caller = Caller.Of(request.HttpContext);
        return body.Problem ?? Answers.From(await lists.RepairAsync(uscc, entryId, body.Value, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken));
    }

    [Function(nameof(WithdrawListEntry))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("撤销: the deciding provider or a Regulator withdraws an entry; it leaves the public lists, the next snapshot, the 联合惩戒 search and grading at once and stays in history (409 when withdrawn already).")]
    [ApiBody(typeof(WithdrawalInput))]
    [ApiResponse(StatusCodes.Status200OK, typeof(ListEntry))]
    public async Task<IActionResult> WithdrawListEntry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ListEntryWithdrawal)] HttpRequest request,
        string uscc,
        string entryId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<WithdrawalInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        return Answers.From(await lists.WithdrawAsync(uscc, entryId, body.Value, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken), entry =>
        {
            logger.LogInformation("List entry {EntryId} of {Uscc} withdrawn by {Caller}", entry.Id, entry.Uscc, caller.Id);
            return new OkObjectResult(entry);
        });
    }

    [Function(nameof(GetListEntries))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Every list entry of an enterprise, ended ones included, each with its history. Audited (lists.entries.read) with the optional reason query parameter.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ListEntry[]))]
    [ApiQuery("uscc", typeof(string), Pattern = ApiPatterns.Uscc)]
    [ApiQuery("reason", typeof(string), Description = "Why a Regulator reads (recorded in the audit log).")]
    public async Task<IActionResult> GetListEntries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ListEntries)] HttpRequest request,
        CancellationToken cancellationToken)
        => Answers.From(await audit.ReadAsync(
            AuditedReads.ByRegulator(request, AuditActions.ListEntriesRead, request.Query["uscc"].FirstOrDefault()),
            ct => lists.ListAsync(request.Query["uscc"].FirstOrDefault(), ct),
            cancellationToken));

    [Function(nameof(FindByLegalRepresentative))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("联合惩戒: the active entries whose enterprise names this person as legal representative. The ID number travels in the body, never the URL: URLs end up in request logs and telemetry. Audited (representatives.search: the masked number and a prefix of its HMAC, never the number) with the optional reason query parameter.")]
    [ApiBody(typeof(RepresentativeSearch))]
    [ApiResponse(StatusCodes.Status200OK, typeof(RepresentativeMatch[]))]
    [ApiQuery("reason", typeof(string), Description = "Why a Regulator reads (recorded in the audit log).")]
    public async Task<IActionResult> FindByLegalRepresentative(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.LegalRepresentativeSearch)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RepresentativeSearch>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        return body.Problem ?? Answers.From(await audit.ReadAsync(
            AuditedReads.ByRegulator(request, AuditActions.RepresentativeSearch, null, audit.RepresentativeTarget(body.Value?.IdNumber)),
            ct => lists.FindByRepresentativeAsync(body.Value?.IdNumber, ct),
            cancellationToken));
    }

    [Function(nameof(GetPublicList))]
    [AllowAnonymous]
    [Description("The public red or black list (红黑榜), paged; never ID numbers, never watch-list entries.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(Page<PublicListItem>))]
    [ApiQuery("county", typeof(string))]
    [ApiQuery("pageSize", typeof(int), Minimum = 1, Maximum = ContinuationToken.MaxPageSize)]
    [ApiQuery("continuationToken", typeof(string), Description = ApiPatterns.ContinuationTokenDescription)]
    [ApiPath("listType", typeof(string), Enum = [ListTypes.Red, ListTypes.Black, ListTypes.Watch])]
    public async Task<IActionResult> GetPublicList(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PublicList)] HttpRequest request,
        string listType,
        CancellationToken cancellationToken)
        => Answers.From(await lists.PublicPageAsync(listType, request.Query["county"].FirstOrDefault(), request.Query["pageSize"].FirstOrDefault(), request.Query["continuationToken"].FirstOrDefault(), cancellationToken));

    [Function(nameof(GetPublicListCsv))]
    [AllowAnonymous]
    [Description("The latest published snapshot of the red or black list as CSV.")]
    [ApiPath("listType", typeof(string), Enum = [ListTypes.Red, ListTypes.Black, ListTypes.Watch])]
    [ApiResponse(StatusCodes.Status200OK, "text/csv")]
    public async Task<IActionResult> GetPublicListCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PublicListLatestCsv)] HttpRequest request,
        string listType,
        CancellationToken cancellationToken)
    {
        var csv = await lists.OpenLatestCsvAsync(listType, cancellationToken);
        return csv is null
            ? Problems.NotFound($"No {listType} list has been published.")
            : new FileStreamResult(csv, "text/csv; charset=utf-8") { FileDownloadName = $"{listType}-list.csv" };
    }

    [Function(nameof(PublishLists))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Runs the daily publication now: ends expired entries, re-grades their enterprises, publishes the red and black lists.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(PublishReport))]
    public async Task<IActionResult> PublishLists(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ListPublish)] HttpRequest request,
        CancellationToken cancellationToken)
        => new OkObjectResult(await PublishAsync(cancellationToken));

    [Function(nameof(PublishListsDaily))]
    public async Task PublishListsDaily(
        [TimerTrigger(PublishSchedule)] TimerInfo timer,
        CancellationToken cancellationToken)
        => await PublishAsync(cancellationToken);

    private async Task<PublishReport> PublishAsync(CancellationToken cancellationToken)
    {
        var report = await lists.PublishAsync(cancellationToken);
        logger.LogInformation(
            "Published lists for {Date}: {Expired} entries expired, {Red} red, {Black} black; mended {RowsAdded} rows added, {RowsRemoved} removed, {RowsUpdated} updated, {PendingCompleted} pending decisions completed",
            report.Date, report.Expired, report.Red, report.Black, report.Mended.PublicRowsAdded, report.Mended.PublicRowsRemoved, report.Mended.PublicRowsUpdated, report.Mended.PendingCompleted);
        return report;
    }
}

/// <summary>Body of <c>POST /api/lists/legal-representatives/search</c>.</summary>
public sealed record RepresentativeSearch(string? IdNumber);
