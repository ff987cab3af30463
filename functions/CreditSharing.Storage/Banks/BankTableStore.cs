using Azure.Data.Tables;
using CreditSharing.Core.Banks;
using CreditSharing.Core.Identity;
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

public sealed class BankTableStore(TableServiceClient tables, StorageNames names) : IBankStore
{
    private readonly VersionedEntryTable<BankEntity> table = new(tables.GetTableClient(names.Table(TableNames.Banks)));

    public IIdentityIndex Index => table.Index;

    public async Task<StoredBank?> GetAsync(string bankId, CancellationToken cancellationToken)
        => await table.GetAsync(bankId, cancellationToken) is { } e ? ToStored(e) : null;

    public Task<bool> TrySaveAsync(StoredBank bank, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bank);
        return table.TrySaveAsync(rowKey => ToEntity(bank, rowKey), bank.Revision, expectedVersion, cancellationToken);
    }

    public Task<IReadOnlyList<BankChange>> HistoryAsync(string bankId, CancellationToken cancellationToken)
        => table.HistoryAsync(bankId, e => new BankChange(e.Revision, e.UpdatedAt, e.UpdatedBy, e.Name, e.LicenceNo, Split(e.ClientAppIds), Split(e.UserObjectIds)), cancellationToken);

    public IAsyncEnumerable<StoredBank> ListAsync(CancellationToken cancellationToken) => table.ListAsync(ToStored, cancellationToken);

    private static BankEntity ToEntity(StoredBank b, string rowKey) => new()
    {
        PartitionKey = TableKeys.Checked(b.BankId),
        RowKey = rowKey,
        Name = b.Details.Name,
        LicenceNo = b.Details.LicenceNo,
        ClientAppIds = string.Join(',', b.Details.ClientAppIds),
        UserObjectIds = string.Join(',', b.Details.UserObjectIds),
        Revision = b.Revision,
        UpdatedAt = b.UpdatedAt,
        UpdatedBy = b.UpdatedBy,
    };

    private static StoredBank ToStored(BankEntity e)
        => new(e.PartitionKey, new BankDetails(e.Name, e.LicenceNo, Split(e.ClientAppIds), Split(e.UserObjectIds)), e.Revision, e.UpdatedAt, e.UpdatedBy, e.ETag.ToString());

    private static string[] Split(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(',');
}
