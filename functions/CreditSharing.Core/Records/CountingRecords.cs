namespace CreditSharing.Core.Records;

public static class CountingRecords
{
    /// <summary>
    /// An enterprise's records that count against (or for) it: a repaired record stops counting from
    /// its repair, a withdrawn one from its withdrawal, and with it every other copy of the same
    /// decision (<see cref="Decisions"/>), so a forwarded copy does not outlive the repair or the
    /// withdrawal of the original.
    /// </summary>
    public static async Task<List<CreditRecord>> ReadAsync(this IRecordStore store, string uscc, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Counting(await store.ReadFactsAsync(uscc, cancellationToken), today);
    }

    /// <summary>The records of <paramref name="facts"/> that count on <paramref name="today"/> (see <see cref="ReadAsync"/>).</summary>
    public static List<CreditRecord> Counting(IReadOnlyList<RecordFacts> facts, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var gone = facts.Where(f => IsGoneOn(f, today)).Select(f => f.Record.Id).ToHashSet(StringComparer.Ordinal);
        return [.. Decisions.Group(facts.Select(f => f.Record))
            .Where(d => !d.Copies.Any(c => gone.Contains(c.Id)))
            .SelectMany(d => d.Copies)];
    }

    /// <summary>Whether a record has left the grade, 信易贷 and the public page by <paramref name="today"/>: repaired or withdrawn.</summary>
    public static bool IsGoneOn(RecordFacts fact, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return fact.RepairedOn <= today || fact.WithdrawnOn <= today;
    }
}
