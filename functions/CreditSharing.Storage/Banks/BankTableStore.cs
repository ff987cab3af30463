using System.Runtime.CompilerServices;
using Azure;
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
public sealed class BankEntity : ITableEntity
{
    public const string CurrentRowKey = "current";
    public const string HistoryPrefix = "h~";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = CurrentRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>金融许可证号, upper-case.</summary>
    public string LicenceNo { get; set; } = string.Empty;

    /// <summary>Client ids of the bank's daemon apps, comma-separated, lower-case.</summary>
    public string ClientAppIds { get; set; } = string.Empty;

    /// <summary>Entra object ids of the bank's users, comma-separated, lower-case.</summary>
    public string UserObjectIds { get; set; } = string.Empty;

    public int Revision { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public static string HistoryRowKey(int revision) => $"{HistoryPrefix}{revision:D6}";
}

public sealed class BankTableStore(TableServiceClient tables, StorageNames names) : IBankStore
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Banks));
    private readonly IdentityIndexTable index = new(tables.GetTableClient(names.Table(TableNames.Banks)));

    public IIdentityIndex Index => index;

    public async Task<StoredBank?> GetAsync(string bankId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<BankEntity>(TableKeys.Checked(bankId), BankEntity.CurrentRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? ToStored(response.Value!) : null;
    }

    public async Task<bool> TrySaveAsync(StoredBank bank, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bank);
        var current = ToEntity(bank, BankEntity.CurrentRowKey);
        TableTransactionAction write = expectedVersion is null
            ? new(TableTransactionActionType.Add, current)
            : new(TableTransactionActionType.UpdateReplace, current, new ETag(expectedVersion));
        try
        {
            await table.SubmitTransactionAsync([write, new TableTransactionAction(TableTransactionActionType.Add, ToEntity(bank, BankEntity.HistoryRowKey(bank.Revision)))], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<BankChange>> HistoryAsync(string bankId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(bankId)} and RowKey ge {BankEntity.HistoryPrefix} and RowKey lt {BankEntity.HistoryPrefix + "~"}");
        var changes = new List<BankChange>();
        await foreach (var e in table.QueryAsync<BankEntity>(filter, cancellationToken: cancellationToken))
        {
            changes.Add(new BankChange(e.Revision, e.UpdatedAt, e.UpdatedBy, e.Name, e.LicenceNo, Split(e.ClientAppIds), Split(e.UserObjectIds)));
        }

        return changes;
    }

    public async IAsyncEnumerable<StoredBank> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {BankEntity.CurrentRowKey}");
        await foreach (var e in table.QueryAsync<BankEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ToStored(e);
        }
    }

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
