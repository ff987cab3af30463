namespace CreditSharing.Core.Audit;

/// <summary>
/// One audited act (issue 23): a Regulator's read of a profile or of non-public records, a search by
/// legal representative, or a change of a registry (providers, banks, enterprise accounts).
/// </summary>
/// <param name="Actor">The caller's id (provider id, subject or object id) as the gate resolved it.</param>
/// <param name="Role">The role the act was done in, e.g. <c>Regulator</c>.</param>
/// <param name="Action">What was done, a stable dotted name such as <c>records.read</c> or <c>banks.put</c>.</param>
/// <param name="Uscc">The enterprise concerned, when there is one.</param>
/// <param name="Target">The object acted on (a record id, a bank id, an account's oid), when there is one.</param>
/// <param name="Reason">Why, when the caller gave a reason (e.g. the <c>reason</c> query parameter).</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Role, string Action, string? Uscc, string? Target, string? Reason);

/// <summary>The append-only audit log (table <c>Audit</c>). Nobody changes or deletes an entry.</summary>
public interface IAuditLog
{
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken);
}
