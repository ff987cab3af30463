using Azure.Data.Tables;
using CreditSharing.Core.Loans;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Loans;

/// <summary>
/// Table <c>AccessLog</c>: PartitionKey = USCC, RowKey = <c>{invertedTicks:D19}~{auditId}</c>, so an
/// enterprise's log reads newest first in one partition, with the table's own paging. Append-only.
/// </summary>
public sealed class AccessLogTableStore(TableServiceClient tables, StorageNames names) : IAccessLog
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.AccessLog));

    /// <summary>How many partitions a batch append writes at once.</summary>
    private const int WriteConcurrency = 16;

    public Task AppendAsync(string uscc, AccessLogEntry entry, CancellationToken cancellationToken)
        => table.AddEntityAsync(ToEntity(uscc, entry), cancellationToken);

    /// <summary>
    /// One entity group transaction per enterprise (partition), up to 100 lines each; partitions are written in
    /// parallel with bounded concurrency. Every line has a fresh audit id, so a transaction only adds.
    /// </summary>
    public Task AppendManyAsync(IReadOnlyList<(string Uscc, AccessLogEntry Entry)> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var batches = lines
            .GroupBy(l => l.Uscc, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(100).Select(chunk => chunk.Select(l => ToEntity(l.Uscc, l.Entry)).ToList()))
            .ToList();
        return Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = WriteConcurrency, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                if (batch.Count == 1)
                {
                    await table.AddEntityAsync(batch[0], ct);
                }
                else
                {
                    await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct);
                }
            });
    }

    private static TableEntity ToEntity(string uscc, AccessLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new TableEntity(TableKeys.Checked(uscc), $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}~{entry.AuditId}")
        {
            ["AuditId"] = entry.AuditId,
            ["BankId"] = entry.BankId,
            ["Product"] = entry.Product,
            ["Outcome"] = entry.Outcome,
            ["At"] = entry.At,
        };
    }

    public async Task<(IReadOnlyList<AccessLogEntry> Items, string? ContinuationToken)> PageAsync(string uscc, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(uscc)}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(e => new AccessLogEntry(e.GetString("AuditId"), e.GetString("BankId"), e.GetString("Product"), e.GetString("Outcome"), e.GetDateTimeOffset("At") ?? default)).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }
}
