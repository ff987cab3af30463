using Azure.Data.Tables;
using CreditSharing.Core.Trace;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Trace;

/// <summary>
/// Table <c>TraceLinks</c>: PartitionKey = parent code, RowKey = child code, no other property. The
/// downstream index (去向可查): a code's children are one partition query; the upward direction needs no
/// index, since each child's head row keeps its parents.
/// </summary>
public sealed class TraceLinkTableStore(TableServiceClient tables, StorageNames names) : ITraceLinkStore
{
    private readonly TableClient links = tables.GetTableClient(names.Table(TableNames.TraceLinks));

    public async Task LinkAsync(string child, IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parents);
        foreach (var parent in parents.Distinct(StringComparer.Ordinal))
        {
            await links.UpsertEntityAsync(new TableEntity(TableKeys.Checked(parent), TableKeys.Checked(child)), TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<string>> ChildrenAsync(string parent, CancellationToken cancellationToken)
    {
        var children = new List<string>();
        await foreach (var row in links.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(parent)}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            children.Add(row.RowKey);
        }

        return children;
    }
}
