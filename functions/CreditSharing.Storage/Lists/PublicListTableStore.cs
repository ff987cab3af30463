using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Lists;

/// <summary>
/// Table <c>PublicLists</c>: PartitionKey = <c>red</c> or <c>black</c>, RowKey = <c>{uscc}~{entryId}</c>.
/// A projection of the active public entries with what the public page shows and nothing more
/// (no ID numbers); the entries themselves stay in <c>ListEntries</c>. A partition per list suits
/// the city's volume (thousands); a hot list would be sharded by county.
/// </summary>
public sealed class PublicListTableStore(TableServiceClient tables, StorageNames names) : IPublicListStore
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.PublicLists));

    public Task PutAsync(string listType, PublicListItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return table.UpsertEntityAsync(
            new TableEntity(TableKeys.Checked(listType), TableKeys.Checked($"{item.Uscc}~{item.EntryId}"))
            {
                ["Uscc"] = item.Uscc,
                ["EntryId"] = item.EntryId,
                ["Name"] = item.Name,
                ["County"] = item.County,
                ["Reason"] = item.Reason,
                ["Authority"] = item.Authority,
                ["DocumentNo"] = item.DocumentNo,
                ["DecidedOn"] = Day(item.DecidedOn),
                ["ExpiresOn"] = Day(item.ExpiresOn),
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task RemoveAsync(string listType, string uscc, string entryId, CancellationToken cancellationToken)
    {
        if (ListTypes.IsPublic(listType))
        {
            await table.DeleteEntityAsync(listType, TableKeys.Checked($"{uscc}~{entryId}"), ETag.All, cancellationToken);
        }
    }

    public async Task<(IReadOnlyList<PublicListItem> Items, string? ContinuationToken)> PageAsync(string listType, string? county, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {listType}");
        if (county is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"County eq {county}");
        }

        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToItem).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    public async IAsyncEnumerable<PublicListItem> AllAsync(string listType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {listType}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return ToItem(entity);
        }
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static PublicListItem ToItem(TableEntity e)
    {
        var county = e.GetString("County");
        return new PublicListItem(
            e.GetString("Uscc"), e.GetString("Name"), county, Counties.NameOf(county), e.GetString("EntryId"), e.GetString("Reason"), e.GetString("Authority"),
            e.GetString("DocumentNo"), DateOnly.ParseExact(e.GetString("DecidedOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly.ParseExact(e.GetString("ExpiresOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
