using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Providers;

/// <summary>
/// Table <c>Providers</c>: PartitionKey = provider id (the token's <c>azp</c>/<c>appid</c>, else <c>sub</c>).
/// RowKey <c>current</c> holds the entry in force; <c>h~{revision:D6}</c> rows hold every change, written
/// in the same transaction as the entry, so the history never misses a change. The identity index
/// (rows <c>app~{id}</c> / <c>oid~{id}</c>, RowKey <c>index</c>) shares the table: see <see cref="Identity.IdentityIndexTable"/>.
/// </summary>
public sealed class ProviderEntity : VersionedEntity
{
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
}
