using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Identity;
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

/// <summary>The reads and the one-transaction write of a versioned registry's table, and its identity index; each store maps its own entity.</summary>
public sealed class VersionedEntryTable<TEntity>(TableClient table)
    where TEntity : VersionedEntity, new()
{
    /// <summary>Which entry lists a client app id or user object id.</summary>
    public IIdentityIndex Index { get; } = new IdentityIndexTable(table);

    /// <summary>One point read of the <c>current</c> row, or null.</summary>
    public async Task<TEntity?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TEntity>(TableKeys.Checked(id), VersionedEntity.CurrentRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Writes the <c>current</c> row and the revision's history row in one transaction: added when
    /// <paramref name="expectedVersion"/> is null, else replaced only over that ETag. False when another writer came first
    /// (then nothing of this change was written).
    /// </summary>
    /// <param name="rowOf">The entity of the entry at a RowKey.</param>
    public async Task<bool> TrySaveAsync(Func<string, TEntity> rowOf, int revision, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rowOf);
        var current = rowOf(VersionedEntity.CurrentRowKey);
        var history = rowOf(VersionedEntity.HistoryRowKey(revision));
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

    /// <summary>The history rows of an entry, oldest first.</summary>
    public async Task<IReadOnlyList<T>> HistoryAsync<T>(string id, Func<TEntity, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(id)} and RowKey ge {VersionedEntity.HistoryPrefix} and RowKey lt {VersionedEntity.HistoryPrefix + "~"}");
        var changes = new List<T>();
        await foreach (var e in table.QueryAsync<TEntity>(filter, cancellationToken: cancellationToken))
        {
            changes.Add(map(e));
        }

        return changes;
    }

    /// <summary>Every <c>current</c> row, by id.</summary>
    public async IAsyncEnumerable<T> ListAsync<T>(Func<TEntity, T> map, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {VersionedEntity.CurrentRowKey}");
        await foreach (var e in table.QueryAsync<TEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return map(e);
        }
    }
}
