using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Trace;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Trace;

/// <summary>
/// The scan tally in the chain's head row (<c>Scans</c>, <c>ScansFirstAt</c> in table <c>Trace</c>), so
/// the scan's one point read carries it. An add reads the head's tally and merges the sum guarded by
/// the head's ETag, reading again after a lost race: instances flushing at once all count. A flush
/// landing between an append's head read and its write makes that append start again, as any race does.
/// </summary>
public sealed class TraceScanTallyStore(TableServiceClient tables, StorageNames names) : IScanTallyStore
{
    private const int MaxAttempts = 10;

    private readonly TableClient trace = tables.GetTableClient(names.Table(TableNames.Trace));

    public async Task<bool> AddAsync(string code, long count, DateTimeOffset firstAt, CancellationToken cancellationToken)
    {
        var key = TableKeys.Checked(code);
        for (var attempt = 1; ; attempt++)
        {
            var response = await trace.GetEntityIfExistsAsync<TableEntity>(key, TraceTableStore.ProductRowKey, select: [TraceTableStore.Scans, TraceTableStore.ScansFirstAt], cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return false;
            }

            var head = response.Value!;
            var storedFirst = head.GetDateTimeOffset(TraceTableStore.ScansFirstAt);
            var update = new TableEntity(key, TraceTableStore.ProductRowKey)
            {
                [TraceTableStore.Scans] = (head.GetInt64(TraceTableStore.Scans) ?? 0) + count,
                [TraceTableStore.ScansFirstAt] = storedFirst is { } first && first <= firstAt ? first : firstAt,
            };
            try
            {
                await trace.UpdateEntityAsync(update, head.ETag, TableUpdateMode.Merge, cancellationToken);
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
}
