using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Trace;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Trace;

/// <summary>
/// The scan tally in the chain's head row (<c>Scans</c>, <c>ScansFirstAt</c> in table <c>Trace</c>), so
/// the scan's one point read carries it. An add merges the sum guarded by the head's ETag: the head a
/// scan last read when given (one request, no read), else, and after a lost race, the head read
/// again: instances flushing at once all count. A flush
/// landing between an append's head read and its write makes that append start again, as any race does.
/// </summary>
public sealed class TraceScanTallyStore(TableServiceClient tables, StorageNames names) : IScanTallyStore
{
    private const int MaxAttempts = 10;

    private readonly TableClient trace = tables.GetTableClient(names.Table(TableNames.Trace));

    public async Task<bool> AddAsync(string code, long count, DateTimeOffset firstAt, SeenTally? seen, CancellationToken cancellationToken)
    {
        var key = TableKeys.Checked(code);
        if (seen is not null)
        {
            try
            {
                await trace.UpdateEntityAsync(Sum(key, seen.Tally?.Count, seen.Tally?.FirstAt, count, firstAt), new ETag(seen.Version), TableUpdateMode.Merge, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Changed since that scan (an append, another instance's flush) or gone: read it.
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            var response = await trace.GetEntityIfExistsAsync<TableEntity>(key, TraceTableStore.ProductRowKey, select: [TraceTableStore.Scans, TraceTableStore.ScansFirstAt], cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return false;
            }

            var head = response.Value!;
            try
            {
                await trace.UpdateEntityAsync(Sum(key, head.GetInt64(TraceTableStore.Scans), head.GetDateTimeOffset(TraceTableStore.ScansFirstAt), count, firstAt), head.ETag, TableUpdateMode.Merge, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < MaxAttempts)
            {
                // Another instance's flush or an append landed meanwhile: add to what it wrote.
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return false;
            }
        }
    }

    private static TableEntity Sum(string key, long? storedCount, DateTimeOffset? storedFirst, long count, DateTimeOffset firstAt) => new(key, TraceTableStore.ProductRowKey)
    {
        [TraceTableStore.Scans] = (storedCount ?? 0) + count,
        [TraceTableStore.ScansFirstAt] = storedFirst is { } first && first <= firstAt ? first : firstAt,
    };
}
