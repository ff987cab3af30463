using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Pages;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Reports;

/// <summary>
/// 信用报告: composes a report from the capabilities that own its parts, numbers it, hashes its
/// content, has it laid out as a PDF, and registers it so anyone can verify it at <c>/verify/{reportNo}</c>.
/// </summary>
public sealed partial class ReportService(
    PublicPageService publicPages,
    RecordService records,
    GradeQueries grades,
    ListService lists,
    IEnterpriseStore enterprises,
    IConsentStore consents,
    IAccessLog accessLog,
    IReportRegistry registry,
    IReportRenderer renderer,
    TracePublicUrls urls,
    CreditRules rules,
    TimeProvider clock)
{
    /// <summary>What a bank's report is written to the access log as (the product column).</summary>
    public const string AccessLogProduct = "credit-report";

    private const string NumberAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private const int RandomLength = 16;

    /// <summary>The content hashed: compact JSON, camelCase, properties in declared order (docs/reports.md "The hash").</summary>
    public static JsonSerializerOptions CanonicalJson { get; } = new(WireJson.Options) { WriteIndented = false };

    /// <summary>The public report: what the public page shows (public records in their window, the grade letter, active red/black entries).</summary>
    public async Task<ReportOutcome> PublicAsync(string routeUscc, CancellationToken cancellationToken)
    {
        var page = await publicPages.EnterpriseAsync(routeUscc, cancellationToken);
        if (page.Errors is not null)
        {
            return new ReportOutcome.Invalid(page.Errors);
        }

        if (page.Value is null)
        {
            return new ReportOutcome.NotFound(page.NotFoundDetail ?? $"No enterprise {routeUscc} is known.");
        }

        var p = page.Value;
        var now = clock.GetUtcNow();
        var content = new CreditReportContent(
            NewNumber(now),
            ReportTypes.Public,
            now,
            rules.Version,
            new ReportSubject(p.Enterprise.Uscc, p.Enterprise.Name, p.Enterprise.County, p.Enterprise.CountyName, p.Enterprise.Industry, FormerNames: p.Enterprise.FormerNames ?? []),
            p.Grade is null ? null : new ReportGrade(p.Grade, null, p.GradedAt, []),
            [.. p.Enterprise.Records.Select(r => new ReportRecord(r.Id, r.Category, r.Title, r.DecisionDate, r.DocumentNo, r.Authority, "public", r.EndedOn is null ? null : "ended"))],
            [.. p.ListEntries.Select(e => new ReportListEntry(e.ListType, e.Entry.Reason, e.Entry.Authority, e.Entry.DocumentNo, e.Entry.DecidedOn, e.Entry.ExpiresOn, null))]);
        return new ReportOutcome.Issued(await IssueAsync(content, "anonymous", cancellationToken));
    }

    /// <summary>
    /// The full report: every record of every tier (repaired and withdrawn ones marked), the grade with
    /// its factors, every list entry. A bank needs the enterprise's active consent; each bank request,
    /// refused or not, is written to the access log like an eligibility check.
    /// </summary>
    public async Task<ReportOutcome> FullAsync(string routeUscc, ReportRequester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (!Uscc.TryParse(routeUscc, out var uscc, out var error))
        {
            return new ReportOutcome.Invalid(FieldErrors.Of("uscc", error));
        }

        var now = clock.GetUtcNow();
        var reportNo = NewNumber(now);
        if (requester is ReportRequester.Bank bank)
        {
            var consent = await consents.GetAsync(uscc.Value, bank.BankId, cancellationToken);
            if (consent is null || !consent.IsActiveOn(CityClock.Today(clock)))
            {
                var auditId = Guid.NewGuid().ToString("N");
                await accessLog.AppendAsync(uscc.Value, new AccessLogEntry(auditId, bank.BankId, AccessLogProduct, "refused", now), cancellationToken);
                return new ReportOutcome.Refused(auditId, consent is null ? "The enterprise has not authorised this bank." : "The enterprise's consent for this bank is revoked or expired.");
            }
        }

        var profileTask = enterprises.GetAsync(uscc.Value, cancellationToken);
        var gradeTask = grades.GetAsync(uscc.Value, null, cancellationToken);
        var entriesTask = lists.ListAsync(uscc.Value, cancellationToken);
        var recordsTask = AllRecordsAsync(uscc.Value, cancellationToken);
        await Task.WhenAll(profileTask, gradeTask, entriesTask, recordsTask);
        var stored = await profileTask;
        var profile = stored?.Profile;
        var all = await recordsTask;
        if (profile is null && all.Count == 0)
        {
            return new ReportOutcome.NotFound($"No enterprise {uscc.Value} is known.");
        }

        var grade = (await gradeTask).Value;
        var today = CityClock.Today(clock);
        var content = new CreditReportContent(
            reportNo,
            ReportTypes.Full,
            now,
            rules.Version,
            new ReportSubject(uscc.Value, profile?.Name ?? grade?.Name, profile?.County, Counties.NameOf(profile?.County), profile?.Industry, FormerNames: stored?.Former ?? []),
            grade is null ? null : new ReportGrade(grade.Grade, grade.Score, grade.ComputedAt, [.. grade.Factors.Select(f => new ReportFactor(f.Rule, f.Description, f.Points))]),
            [.. all.Select(r => new ReportRecord(r.Id, r.Category, r.Title, r.DecisionDate, r.DocumentNo, r.Authority, r.Disclosure, StatusOf(r, today)))],
            [.. ((await entriesTask).Value ?? []).Select(e => new ReportListEntry(e.ListType, e.Reason, e.Authority, e.DocumentNo, e.DecidedOn, e.ExpiresOn, EntryStatus(e, today)))]);
        var issued = await IssueAsync(content, requester.Id, cancellationToken);
        if (requester is ReportRequester.Bank b)
        {
            // The access log's audit id of an issued report is its number: the enterprise sees which report the bank took.
            await accessLog.AppendAsync(uscc.Value, new AccessLogEntry(reportNo, b.BankId, AccessLogProduct, "issued", now), cancellationToken);
        }

        return new ReportOutcome.Issued(issued);
    }

    /// <summary>The registry row of a report; an id that cannot be a report number is not found without a read.</summary>
    public async Task<ReportVerification?> VerifyAsync(string? reportNo, CancellationToken cancellationToken)
    {
        if (!IsReportNumber(reportNo))
        {
            return null;
        }

        var e = await registry.GetAsync(reportNo!, cancellationToken);
        return e is null ? null : new ReportVerification(e.ReportNo, e.Uscc, e.Name, e.IssuedAt, e.Type, e.ContentSha256, e.FileSha256, e.RulesVersion, e.Pages);
    }

    public string VerifyUrl(string reportNo) => $"{urls.Base}/verify/{reportNo}";

    /// <summary>SHA-256 (lower-case hex) of the UTF-8 of the content as compact JSON.</summary>
    public static string ContentHash(CreditReportContent content)
        => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(content, CanonicalJson)));

    /// <summary><c>CR</c>, the city's date (yyyyMMdd), 16 characters of a 32-letter alphabet (80 random bits).</summary>
    public static bool IsReportNumber(string? value) => value is not null && NumberPattern().IsMatch(value);

    private string NewNumber(DateTimeOffset now)
    {
        var day = now.ToOffset(CityClock.Offset).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return $"CR{day}{string.Concat(Enumerable.Range(0, RandomLength).Select(_ => NumberAlphabet[RandomNumberGenerator.GetInt32(NumberAlphabet.Length)]))}";
    }

    private async Task<IssuedReport> IssueAsync(CreditReportContent content, string issuedTo, CancellationToken cancellationToken)
    {
        var contentHash = ContentHash(content);
        var rendered = renderer.Render(content, contentHash, VerifyUrl(content.ReportNo));
        var entry = new ReportEntry(
            content.ReportNo, content.Subject.Uscc, content.Subject.Name, content.IssuedAt, content.Type, contentHash,
            Convert.ToHexStringLower(SHA256.HashData(rendered.Pdf)), content.RulesVersion, rendered.Pages, issuedTo);
        // Registered before it is sent: a report that reaches anyone can be verified.
        await registry.AddAsync(entry, cancellationToken);
        return new IssuedReport(rendered.Pdf, entry);
    }

    private async Task<List<RecordView>> AllRecordsAsync(string uscc, CancellationToken cancellationToken)
    {
        var all = new List<RecordView>();
        string? token = null;
        do
        {
            var page = await records.ListAsync(uscc, new RecordQuery(null, null, null, "500", token), null, cancellationToken);
            if (page.Value is null)
            {
                break;
            }

            all.AddRange(page.Value.Items);
            token = page.Value.ContinuationToken;
        }
        while (token is not null);

        return all;
    }

    private static string? StatusOf(RecordView r, DateOnly today)
        => r.Withdrawn is not null ? "withdrawn"
            : r.Repair is { } repair && repair.On <= today ? "repaired"
            : r.EndedOn is not null ? "ended"
            : null;

    private static string? EntryStatus(ListEntry e, DateOnly today)
        => e.Withdrawn is not null ? "withdrawn" : e.IsActiveOn(today) ? "active" : "ended";

    [GeneratedRegex("^CR[0-9]{8}[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
