namespace CreditSharing.Core.Records;

public static class CountingRecords
{
    /// <summary>An enterprise's records that count against (or for) it: a repaired record stops counting from its repair.</summary>
    public static async Task<List<CreditRecord>> ReadAsync(this IRecordStore store, string uscc, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. (await store.ReadFactsAsync(uscc, cancellationToken)).Where(f => !(f.RepairedOn <= today)).Select(f => f.Record)];
    }
}
