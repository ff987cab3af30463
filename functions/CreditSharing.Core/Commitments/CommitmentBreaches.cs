using CreditSharing.Core.Records;

namespace CreditSharing.Core.Commitments;

/// <summary>
/// 违背信用承诺: a commitment is breached by a counting 行政处罚 record of its enterprise decided
/// after the day it was signed and on or before its <c>dueOn</c> (any time after signing when it has none).
/// The status is derived from the records each time it is read, never stored: a penalty that arrives
/// later breaches it, a penalty withdrawn (撤销) or repaired leaves the counting records and un-breaches it,
/// and nothing has to be reconciled.
/// </summary>
/// <remarks>
/// A decision on the signing day itself does not breach: decisions carry a date and no time, so it
/// cannot be told whether it came before the signature; the doubt goes to the enterprise.
/// </remarks>
public static class CommitmentBreaches
{
    /// <summary>The earliest penalty in the window (its id), or null.</summary>
    public static string? BreachedBy(Commitment commitment, IEnumerable<CreditRecord> counting) => Breach(commitment, counting)?.Id;

    /// <summary>The earliest penalty in the window, or null.</summary>
    public static CreditRecord? Breach(Commitment commitment, IEnumerable<CreditRecord> counting)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(counting);
        return counting
            .Where(r => r.Category == RecordCategories.Penalty
                        && string.Equals(r.Uscc, commitment.Uscc, StringComparison.OrdinalIgnoreCase)
                        && r.DecisionDate > commitment.SignedOn
                        && (commitment.DueOn is not { } due || r.DecisionDate <= due))
            .OrderBy(r => r.DecisionDate)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>breached, else fulfilled once <c>dueOn</c> has passed, else active.</summary>
    public static (string Status, string? BreachedBy) StatusOf(Commitment commitment, IEnumerable<CreditRecord> counting, DateOnly today)
    {
        var by = BreachedBy(commitment, counting);
        if (by is not null)
        {
            return (CommitmentStatuses.Breached, by);
        }

        return (commitment.DueOn is { } due && due < today ? CommitmentStatuses.Fulfilled : CommitmentStatuses.Active, null);
    }

    public static CommitmentView View(Commitment c, IReadOnlyCollection<CreditRecord> counting, DateOnly today)
    {
        var (status, by) = StatusOf(c, counting, today);
        return new CommitmentView(c.Id, c.Uscc, c.Kind, c.Text, c.SignedAt, c.DueOn, c.LicenceRecordId, c.Public, status, by);
    }
}
