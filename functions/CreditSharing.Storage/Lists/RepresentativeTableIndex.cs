using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Protection;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Lists;

/// <summary>
/// Table <c>Representatives</c>: PartitionKey = HMAC of the legal representative's ID number,
/// RowKey = <c>{uscc}~{entryId}</c>. One partition answers "every entry naming this person";
/// the ID number itself is stored masked, and encrypted (<c>IdNumberProtected</c>, bound to the row
/// key) so a re-hash under a new key can move the row.
/// </summary>
public sealed class RepresentativeTableIndex(TableServiceClient tables, StorageNames names, EnvelopeProtector protector) : IRepresentativeIndex
{
    private const string Protected = "IdNumberProtected";

    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Representatives));

    public async Task AddAsync(string idHash, string idNumber, RepresentativeIndexEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var rowKey = TableKeys.Checked($"{entry.Uscc}~{entry.EntryId}");
        await table.UpsertEntityAsync(
            new TableEntity(TableKeys.Checked(idHash), rowKey)
            {
                ["Uscc"] = entry.Uscc,
                ["EntryId"] = entry.EntryId,
                ["EnterpriseName"] = entry.EnterpriseName,
                ["RepresentativeName"] = entry.RepresentativeName,
                ["IdNumberMasked"] = entry.IdNumberMasked,
                [Protected] = await protector.ProtectAsync(idNumber, Context(rowKey), cancellationToken),
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task<IReadOnlyList<RepresentativeIndexEntry>> FindAsync(string idHash, CancellationToken cancellationToken)
    {
        var found = new List<RepresentativeIndexEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(idHash)}"), cancellationToken: cancellationToken))
        {
            found.Add(ToEntry(e));
        }

        return found;
    }

    public async IAsyncEnumerable<IndexedRepresentative> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var stored = e.GetString(Protected);
            var idNumber = stored is null ? null : await protector.UnprotectAsync(stored, Context(e.RowKey), cancellationToken);
            yield return new IndexedRepresentative(e.PartitionKey, idNumber, await protector.NeedsReprotectionAsync(stored, cancellationToken), ToEntry(e));
        }
    }

    public async Task RemoveAsync(string idHash, string uscc, string entryId, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(TableKeys.Checked(idHash), TableKeys.Checked($"{uscc}~{entryId}"), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone: a re-run, or another instance's re-hash.
        }
    }

    /// <summary>Bound to the row key, not the partition: a re-hash moves the row to another partition with its number.</summary>
    private static string Context(string rowKey) => $"{TableNames.Representatives}/{rowKey}";

    private static RepresentativeIndexEntry ToEntry(TableEntity e)
        => new(e.GetString("Uscc"), e.GetString("EntryId"), e.GetString("EnterpriseName"), e.GetString("RepresentativeName"), e.GetString("IdNumberMasked"));
}
