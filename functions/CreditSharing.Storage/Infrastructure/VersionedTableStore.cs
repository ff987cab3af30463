using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Identity;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Identity;

namespace CreditSharing.Storage.Infrastructure;

/// <summary>
/// A row of a versioned registry entry (tables <c>Providers</c>, <c>Banks</c>): PartitionKey = the entry's id;
/// RowKey <c>current</c> holds the entry in force, <c>h~{revision:D6}</c> rows hold every change, written in the same
/// transaction as the entry, so the history never misses a change. The identity index (rows <c>app~{id}</c> /
/// <c>oid~{id}</c>, RowKey <c>index</c>) shares the table: see <see cref="IdentityIndexTable"/>.
/// </summary>
public abstract class VersionedEntity : ITableEntity
{
    public const string CurrentRowKey = "current";
    public const string HistoryPrefix = "h~";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = CurrentRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Revision { get; set; }

    /// <summary>When this row's revision was made (on a history row: when that change was made).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The Regulator who made it.</summary>
    public string UpdatedBy { get; set; } = string.Empty;

    public static string HistoryRowKey(int revision) => $"{HistoryPrefix}{revision:D6}";
}

/// <summary>
/// The storage of a versioned registry (<see cref="IVersionedStore{TEntry, TChange}"/>) over its table: the point read,
/// the one-transaction write of the <c>current</c> and history rows, the history and list queries, and the identity
/// index. A store only maps its own entity.
/// </summary>
public abstract class VersionedTableStore<TEntity, TEntry, TChange>(TableClient table) : IVersionedStore<TEntry, TChange>
    where TEntity : VersionedEntity, new()
    where TEntry : class
{
    /// <summary>Which entry lists a client app id or user object id.</summary>
    public IIdentityIndex Index { get; } = new IdentityIndexTable(table);

    /// <summary>One point read of the <c>current</c> row, or null.</summary>
    public async Task<TEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TEntity>(TableKeys.Checked(id), VersionedEntity.CurrentRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? ToEntry(response.Value!) : null;
    }

    /// <summary>
    /// Writes the <c>current</c> row and the revision's history row in one transaction: added when
    /// <paramref name="expectedVersion"/> is null, else replaced only over that ETag. False when another writer came first
    /// (then nothing of this change was written).
    /// </summary>
    public async Task<bool> TrySaveAsync(TEntry entry, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var current = ToEntity(entry, VersionedEntity.CurrentRowKey);
        var history = ToEntity(entry, VersionedEntity.HistoryRowKey(current.Revision));
        TableTransactionAction write = expectedVersion is null
            ? new(TableTransactionActionType.Add, current)
            : new(TableTransactionActionType.UpdateReplace, current, new ETag(expectedVersion));
        try
        {
            await table.SubmitTransactionAsync([write, new TableTransactionAction(TableTransactionActionType.Add, history)], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>The changes of an entry, oldest first.</summary>
    public async Task<IReadOnlyList<TChange>> HistoryAsync(string id, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(id)} and RowKey ge {VersionedEntity.HistoryPrefix} and RowKey lt {VersionedEntity.HistoryPrefix + "~"}");
        var changes = new List<TChange>();
        await foreach (var e in table.QueryAsync<TEntity>(filter, cancellationToken: cancellationToken))
        {
            changes.Add(ToChange(e));
        }

        return changes;
    }

    /// <summary>Every entry (its <c>current</c> row), by id.</summary>
    public async IAsyncEnumerable<TEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {VersionedEntity.CurrentRowKey}");
        await foreach (var e in table.QueryAsync<TEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ToEntry(e);
        }
    }

    /// <summary>The row of <paramref name="entry"/> at <paramref name="rowKey"/>.</summary>
    protected abstract TEntity ToEntity(TEntry entry, string rowKey);

    /// <summary>The entry a <c>current</c> row holds, with the row's ETag as its version.</summary>
    protected abstract TEntry ToEntry(TEntity entity);

    /// <summary>The change a history row holds.</summary>
    protected abstract TChange ToChange(TEntity entity);

    /// <summary>A comma-separated list property (empty or absent: none).</summary>
    protected static string[] Split(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(',');
}
