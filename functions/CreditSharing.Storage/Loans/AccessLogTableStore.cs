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

    public Task AppendAsync(string uscc, AccessLogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return table.AddEntityAsync(
            new TableEntity(TableKeys.Checked(uscc), $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}~{entry.AuditId}")
            {
                ["AuditId"] = entry.AuditId,
                ["BankId"] = entry.BankId,
                ["Product"] = entry.Product,
                ["Outcome"] = entry.Outcome,
                ["At"] = entry.At,
            },
            cancellationToken);
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
