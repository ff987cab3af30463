using Azure.Data.Tables;
using CreditSharing.Core.Identity;
using CreditSharing.Core.Providers;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Providers;

public sealed class ProviderTableStore(TableServiceClient tables, StorageNames names) : IProviderStore
{
    private readonly VersionedEntryTable<ProviderEntity> table = new(tables.GetTableClient(names.Table(TableNames.Providers)));

    public IIdentityIndex Index => table.Index;

    public async Task<StoredProvider?> GetAsync(string providerId, CancellationToken cancellationToken)
        => await table.GetAsync(providerId, cancellationToken) is { } e ? ToStored(e) : null;

    public Task<bool> TrySaveAsync(StoredProvider provider, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return table.TrySaveAsync(rowKey => ToEntity(provider, rowKey), provider.Revision, expectedVersion, cancellationToken);
    }

    public Task<IReadOnlyList<ProviderChange>> HistoryAsync(string providerId, CancellationToken cancellationToken)
        => table.HistoryAsync(providerId, e =>
        {
            var r = ToStored(e).Rights;
            return new ProviderChange(e.Revision, e.UpdatedAt, e.UpdatedBy, r.Name, r.AuthorityUscc, r.Categories, r.ListTypes, r.Profiles, r.ClientAppIds, r.UserObjectIds);
        }, cancellationToken);

    public IAsyncEnumerable<StoredProvider> ListAsync(CancellationToken cancellationToken) => table.ListAsync(ToStored, cancellationToken);

    private static ProviderEntity ToEntity(StoredProvider p, string rowKey) => new()
    {
        PartitionKey = TableKeys.Checked(p.ProviderId),
        RowKey = rowKey,
        Name = p.Rights.Name,
        AuthorityUscc = p.Rights.AuthorityUscc,
        Categories = string.Join(',', p.Rights.Categories),
        ListTypes = string.Join(',', p.Rights.ListTypes),
        Profiles = p.Rights.Profiles,
        ClientAppIds = string.Join(',', p.Rights.ClientAppIds ?? []),
        UserObjectIds = string.Join(',', p.Rights.UserObjectIds ?? []),
        Revision = p.Revision,
        UpdatedAt = p.UpdatedAt,
        UpdatedBy = p.UpdatedBy,
    };

    private static StoredProvider ToStored(ProviderEntity e) => new(
        e.PartitionKey,
        new ProviderRights(e.Name, e.AuthorityUscc, Split(e.Categories), Split(e.ListTypes), e.Profiles, Split(e.ClientAppIds), Split(e.UserObjectIds)),
        e.Revision,
        e.UpdatedAt,
        e.UpdatedBy,
        e.ETag.ToString());

    private static string[] Split(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(',');
}
