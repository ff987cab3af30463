namespace CreditSharing.Core.Reports;

/// <summary>The two kinds of 信用报告: public information only, or everything (every tier, grade factors, list entries).</summary>
public static class ReportTypes
{
    public const string Public = "public";

    public const string Full = "full";
}

/// <summary>
/// What a report says, in the order it is serialized for its content hash (docs/reports.md "The hash"):
/// the SHA-256 of the UTF-8 of this record as compact JSON is printed on every page and kept in the registry.
/// </summary>
public sealed record CreditReportContent(
    string ReportNo,
    string Type,
    DateTimeOffset IssuedAt,
    string RulesVersion,
    ReportSubject Subject,
    ReportGrade? Grade,
    IReadOnlyList<ReportRecord> Records,
    IReadOnlyList<ReportListEntry> ListEntries);

/// <param name="FormerNames">曾用名, newest first; empty when the registry keeps none.</param>
public sealed record ReportSubject(string Uscc, string? Name, string? County, string? CountyName, string? Industry, IReadOnlyList<string> FormerNames);

/// <param name="Score">Only in a full report.</param>
/// <param name="Factors">Only in a full report (a factor may rest on records that are not public).</param>
public sealed record ReportGrade(string Grade, int? Score, DateTimeOffset? ComputedAt, IReadOnlyList<ReportFactor> Factors);

public sealed record ReportFactor(string Rule, string Description, int Points);

/// <param name="Status">null for a record in force; <c>repaired</c>, <c>withdrawn</c> or <c>ended</c> (full report only).</param>
public sealed record ReportRecord(
    string Id,
    string Category,
    string Title,
    DateOnly DecisionDate,
    string? DocumentNo,
    string Authority,
    string Disclosure,
    string? Status);

public sealed record ReportListEntry(string ListType, string Reason, string Authority, string? DocumentNo, DateOnly DecidedOn, DateOnly ExpiresOn, string? Status);

/// <summary>One row of the report registry: what <c>/verify/{reportNo}</c> shows (never the content).</summary>
/// <param name="ContentSha256">SHA-256 (hex) of the canonical JSON of <see cref="CreditReportContent"/>; printed in the PDF.</param>
/// <param name="FileSha256">SHA-256 (hex) of the PDF file as sent; a bank compares it with <c>sha256sum</c> of the file it received.</param>
/// <param name="IssuedTo">The caller the report was issued to (anonymous for a public report); kept, never shown publicly.</param>
public sealed record ReportEntry(
    string ReportNo,
    string Uscc,
    string? Name,
    DateTimeOffset IssuedAt,
    string Type,
    string ContentSha256,
    string FileSha256,
    string RulesVersion,
    int Pages,
    string IssuedTo);

/// <summary>What <c>GET /api/public/reports/{reportNo}</c> and the <c>/verify</c> page show.</summary>
public sealed record ReportVerification(string ReportNo, string Uscc, string? Name, DateTimeOffset IssuedAt, string Type, string ContentSha256, string FileSha256, string RulesVersion, int Pages);

/// <summary>A rendered report: the PDF bytes and its registry row.</summary>
public sealed record IssuedReport(byte[] Pdf, ReportEntry Entry);

/// <summary>A rendered PDF and its page count.</summary>
public sealed record RenderedReport(byte[] Pdf, int Pages);

/// <summary>Who asks for a full report: the enterprise itself, a regulator, or a bank (under consent).</summary>
public abstract record ReportRequester(string Id)
{
    public sealed record Enterprise(string Id) : ReportRequester(Id);

    public sealed record Regulator(string Id) : ReportRequester(Id);

    public sealed record Bank(string Id, string BankId) : ReportRequester(Id);
}

public abstract record ReportOutcome
{
    public sealed record Issued(IssuedReport Report) : ReportOutcome;

    /// <summary>A bank without an active consent; the refusal is in the access log under <see cref="AuditId"/>.</summary>
    public sealed record Refused(string AuditId, string Reason) : ReportOutcome;

    public sealed record NotFound(string Detail) : ReportOutcome;

    public sealed record Invalid(Shared.FieldErrors Errors) : ReportOutcome;
}

/// <summary>The report registry (table <c>Reports</c>): one point read by report number.</summary>
public interface IReportRegistry
{
    Task AddAsync(ReportEntry entry, CancellationToken cancellationToken);

    Task<ReportEntry?> GetAsync(string reportNo, CancellationToken cancellationToken);
}

/// <summary>Lays a report out as a PDF (Functions/Reports/ReportPdf.cs).</summary>
public interface IReportRenderer
{
    RenderedReport Render(CreditReportContent content, string contentSha256, string verifyUrl);
}
