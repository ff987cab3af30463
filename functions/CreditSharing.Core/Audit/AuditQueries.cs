namespace CreditSharing.Core.Audit;

/// <summary>
/// What the Auditor asks of the log: the UTC days of the period, newest first (each day is one
/// partition), optional exact filters, a page size, and where the previous page stopped.
/// </summary>
public sealed record AuditFilter(IReadOnlyList<DateOnly> Days, string? Actor, string? Uscc, int PageSize, AuditPosition? Start);

/// <summary>
/// Where a page stopped: the day being read and the table service's continuation token inside it
/// (null: the day from its start).
/// </summary>
public sealed record AuditPosition(DateOnly Day, string? Token);

/// <summary>One page of entries, newest first, and where the next page starts (null: the period is read to its end).</summary>
public sealed record AuditSlice(IReadOnlyList<AuditEntry> Items, AuditPosition? Next);

/// <summary>Reads the audit log day by day. There is no port to change or delete an entry.</summary>
public interface IAuditReader
{
    Task<AuditSlice> ReadAsync(AuditFilter filter, CancellationToken cancellationToken);
}

/// <summary>A read to audit: who asked (as the gate resolved the caller), in which role, what, about whom, and why.</summary>
/// <param name="Reason">The caller's <c>reason</c> as sent; <see cref="AuditTrail"/> checks it before the read.</param>
public sealed record AuditedRead(string Actor, string Role, string Action, string? Uscc, string? Target, string? Reason);

/// <summary>
/// The audit row of a read could not be written, so the read is not answered (fail closed): the
/// hosts map it to 503 without any of the data.
/// </summary>
public sealed class AuditUnavailableException(string message, Exception? innerException) : Exception(message, innerException)
{
    public AuditUnavailableException()
        : this("The audit log could not be written.", null)
    {
    }

    public AuditUnavailableException(string message)
        : this(message, null)
    {
    }
}

/// <summary>The stable action names of audit rows (docs/audit.md lists them all).</summary>
public static class AuditActions
{
    public const string EnterpriseRead = "enterprises.read";
    public const string RecordsRead = "records.read";
    public const string ListEntriesRead = "lists.entries.read";
    public const string RepresentativeSearch = "representatives.search";
    public const string FullReport = "reports.full";
}
