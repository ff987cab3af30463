namespace CreditSharing.Core.Records;

public static class CountingRecords
{
    /// <summary>An enterprise's records that count against (or for) it: a repaired record stops counting from its repair.</summary>
    public static async Task<List<CreditRecord>> ReadAsync(this IRecordStore store, string uscc, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var all = new List<CreditRecord>();
        await foreach (var stored in store.ListAsync(uscc, new RecordFilter(null, null, null, null), cancellationToken))
        {
            if (!(stored.Repair?.On <= today))
            {
                all.Add(stored.Record);
            }
        }

        return all;
    }
}
