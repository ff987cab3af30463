using Azure.Data.Tables;
using CreditSharing.Core.Lists;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Lists;

/// <summary>
/// Table <c>Representatives</c>: PartitionKey = HMAC of the legal representative's ID number,
/// RowKey = <c>{uscc}~{entryId}</c>. One partition answers "every entry naming this person";
/// the ID number itself is stored only masked.
/// </summary>
public sealed class RepresentativeTableIndex(TableServiceClient tables, StorageNames names) : IRepresentativeIndex
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Representatives));

    public Task AddAsync(string idHash, RepresentativeIndexEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return table.UpsertEntityAsync(
            new TableEntity(TableKeys.Checked(idHash), TableKeys.Checked($"{entry.Uscc}~{entry.EntryId}"))
            {
                ["Uscc"] = entry.Uscc,
                ["EntryId"] = entry.EntryId,
                ["EnterpriseName"] = entry.EnterpriseName,
                ["RepresentativeName"] = entry.RepresentativeName,
                ["IdNumberMasked"] = entry.IdNumberMasked,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task<IReadOnlyList<RepresentativeIndexEntry>> FindAsync(string idHash, CancellationToken cancellationToken)
    {
        var found = new List<RepresentativeIndexEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(idHash)}"), cancellationToken: cancellationToken))
        {
            found.Add(new RepresentativeIndexEntry(e.GetString("Uscc"), e.GetString("EntryId"), e.GetString("EnterpriseName"), e.GetString("RepresentativeName"), e.GetString("IdNumberMasked")));
        }

        return found;
    }
}
