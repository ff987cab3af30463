using Azure;
using Azure.Data.Tables;

namespace CreditSharing.Storage.Providers;

/// <summary>
/// Table <c>Providers</c>: PartitionKey = provider id (the token's <c>azp</c>/<c>appid</c>, else <c>sub</c>).
/// RowKey <c>current</c> holds the entry in force; <c>h~{revision:D6}</c> rows hold every change, written
/// in the same transaction as the entry, so the history never misses a change. The identity index
/// (rows <c>app~{id}</c> / <c>oid~{id}</c>, RowKey <c>index</c>) shares the table: see <see cref="Identity.IdentityIndexTable"/>.
/// </summary>
public sealed class ProviderEntity : ITableEntity
{
    public const string CurrentRowKey = "current";
    public const string HistoryPrefix = "h~";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = CurrentRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? AuthorityUscc { get; set; }

    /// <summary>The record categories it may send, comma-separated (category names hold no comma).</summary>
    public string Categories { get; set; } = string.Empty;

    /// <summary>The list types it may decide, comma-separated.</summary>
    public string ListTypes { get; set; } = string.Empty;

    /// <summary>True for the registration authority: it may create and change enterprise profiles.</summary>
    public bool Profiles { get; set; }

    /// <summary>The client ids of its daemon apps, comma-separated, lower-case (absent on rows written before issue 23).</summary>
    public string? ClientAppIds { get; set; }

    /// <summary>The Entra object ids of its users, comma-separated, lower-case.</summary>
    public string? UserObjectIds { get; set; }

    public int Revision { get; set; }

    /// <summary>When this row's revision was made (on a history row: when that change was made).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The Regulator who made it.</summary>
    public string UpdatedBy { get; set; } = string.Empty;

    public static string HistoryRowKey(int revision) => $"{HistoryPrefix}{revision:D6}";
}
