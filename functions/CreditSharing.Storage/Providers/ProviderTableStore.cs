using Azure.Data.Tables;
using CreditSharing.Core.Providers;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Providers;

public sealed class ProviderTableStore(TableServiceClient tables, StorageNames names)
    : VersionedTableStore<ProviderEntity, StoredProvider, ProviderChange>(tables.GetTableClient(names.Table(TableNames.Providers))), IProviderStore
{
    protected override ProviderEntity ToEntity(StoredProvider entry, string rowKey) => new()
    {
        PartitionKey = TableKeys.Checked(entry.ProviderId),
        RowKey = rowKey,
        Name = entry.Rights.Name,
        AuthorityUscc = entry.Rights.AuthorityUscc,
        Categories = string.Join(',', entry.Rights.Categories),
        ListTypes = string.Join(',', entry.Rights.ListTypes),
        Profiles = entry.Rights.Profiles,
        ClientAppIds = string.Join(',', entry.Rights.ClientAppIds ?? []),
        UserObjectIds = string.Join(',', entry.Rights.UserObjectIds ?? []),
        Revision = entry.Revision,
        UpdatedAt = entry.UpdatedAt,
        UpdatedBy = entry.UpdatedBy,
    };

    protected override StoredProvider ToEntry(ProviderEntity entity) => new(
        entity.PartitionKey,
        new ProviderRights(entity.Name, entity.AuthorityUscc, Split(entity.Categories), Split(entity.ListTypes), entity.Profiles, Split(entity.ClientAppIds), Split(entity.UserObjectIds)),
        entity.Revision,
        entity.UpdatedAt,
        entity.UpdatedBy,
        entity.ETag.ToString());

    protected override ProviderChange ToChange(ProviderEntity entity)
    {
        var r = ToEntry(entity).Rights;
        return new ProviderChange(entity.Revision, entity.UpdatedAt, entity.UpdatedBy, r.Name, r.AuthorityUscc, r.Categories, r.ListTypes, r.Profiles, r.ClientAppIds, r.UserObjectIds);
    }
}
