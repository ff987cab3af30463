namespace CreditSharing.Core.Records;

public static class CountingRecords
{
    /// <summary>
    /// An enterprise's records that count against (or for) it: a repaired record stops counting from
    /// its repair, and with it every other copy of the same decision (<see cref="Decisions"/>), so a
    /// forwarded copy does not outlive the repair of the original.
    /// </summary>
    public static async Task<List<CreditRecord>> ReadAsync(this IRecordStore store, string uscc, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var facts = await store.ReadFactsAsync(uscc, cancellationToken);
        var repaired = facts.Where(f => f.RepairedOn <= today).Select(f => f.Record.Id).ToHashSet(StringComparer.Ordinal);
        return [.. Decisions.Group(facts.Select(f => f.Record))
            .Where(d => !d.Copies.Any(c => repaired.Contains(c.Id)))
            .SelectMany(d => d.Copies)];
    }
}
