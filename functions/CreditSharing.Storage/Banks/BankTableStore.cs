using Azure.Data.Tables;
using CreditSharing.Core.Banks;
using CreditSharing.Storage.Identity;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Banks;

/// <summary>
/// Table <c>Banks</c>: PartitionKey = bank id; RowKey <c>current</c> holds the entry in force, <c>h~{revision:D6}</c>
/// every change (written in the same transaction). The identity index (<c>app~{id}</c> / <c>oid~{id}</c>, RowKey
/// <c>index</c>) shares the table (<see cref="IdentityIndexTable"/>).
/// </summary>
public sealed class BankEntity : VersionedEntity
{
    public string Name { get; set; } = string.Empty;

    /// <summary>金融许可证号, upper-case.</summary>
    public string LicenceNo { get; set; } = string.Empty;

    /// <summary>Client ids of the bank's daemon apps, comma-separated, lower-case.</summary>
    public string ClientAppIds { get; set; } = string.Empty;

    /// <summary>Entra object ids of the bank's users, comma-separated, lower-case.</summary>
    public string UserObjectIds { get; set; } = string.Empty;
}

public sealed class BankTableStore(TableServiceClient tables, StorageNames names)
    : VersionedTableStore<BankEntity, StoredBank, BankChange>(tables.GetTableClient(names.Table(TableNames.Banks))), IBankStore
{
    protected override BankEntity ToEntity(StoredBank entry, string rowKey) => new()
    {
        PartitionKey = TableKeys.Checked(entry.BankId),
        RowKey = rowKey,
        Name = entry.Details.Name,
        LicenceNo = entry.Details.LicenceNo,
        ClientAppIds = string.Join(',', entry.Details.ClientAppIds),
        UserObjectIds = string.Join(',', entry.Details.UserObjectIds),
        Revision = entry.Revision,
        UpdatedAt = entry.UpdatedAt,
        UpdatedBy = entry.UpdatedBy,
    };

    protected override StoredBank ToEntry(BankEntity entity)
        => new(entity.PartitionKey, new BankDetails(entity.Name, entity.LicenceNo, Split(entity.ClientAppIds), Split(entity.UserObjectIds)), entity.Revision, entity.UpdatedAt, entity.UpdatedBy, entity.ETag.ToString());

    protected override BankChange ToChange(BankEntity entity)
        => new(entity.Revision, entity.UpdatedAt, entity.UpdatedBy, entity.Name, entity.LicenceNo, Split(entity.ClientAppIds), Split(entity.UserObjectIds));
}
