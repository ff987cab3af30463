using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Providers;

/// <summary>Body of <c>PUT /api/providers/{providerId}</c>: every field raw, so each error can name its field.</summary>
public sealed record ProviderInput(
    string? Name,
    string? AuthorityUscc,
    IReadOnlyList<string?>? Categories,
    IReadOnlyList<string?>? ListTypes,
    bool? Profiles,
    IReadOnlyList<string?>? ClientAppIds = null,
    IReadOnlyList<string?>? UserObjectIds = null);

/// <summary>
/// What a data provider may assert, as a Regulator registered it: the record categories it may send,
/// the list types it may decide, and whether it is a registration authority that keeps enterprise profiles;
/// and who signs in as it (docs/identity.md): its daemon apps' client ids and its users' object ids.
/// </summary>
public sealed record ProviderRights(
    string Name,
    string? AuthorityUscc,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> ListTypes,
    bool Profiles,
    IReadOnlyList<string>? ClientAppIds = null,
    IReadOnlyList<string>? UserObjectIds = null)
{
    /// <summary>The identities that resolve to this provider.</summary>
    public IReadOnlySet<Identity.IdentityKey> Identities => Identity.IdentityIds.Keys(ClientAppIds, UserObjectIds);
}

/// <summary>A registry entry: the rights in force, with the revision (1, then +1 per change) and who made the last change when.</summary>
/// <param name="Version">The row's ETag: a change is written only over the version it was decided on.</param>
public sealed record StoredProvider(string ProviderId, ProviderRights Rights, int Revision, DateTimeOffset UpdatedAt, string UpdatedBy, string? Version) : IVersionedEntry<ProviderRights>
{
    string IVersionedEntry<ProviderRights>.Id => ProviderId;

    ProviderRights IVersionedEntry<ProviderRights>.Details => Rights;
}

/// <summary>One change of a registry entry, kept for good: the rights it set, who set them and when.</summary>
public sealed record ProviderChange(
    int Revision,
    DateTimeOffset At,
    string By,
    string Name,
    string? AuthorityUscc,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> ListTypes,
    bool Profiles,
    IReadOnlyList<string>? ClientAppIds = null,
    IReadOnlyList<string>? UserObjectIds = null);

/// <summary>What <c>GET /api/providers/{providerId}</c> answers; <see cref="History"/> is null in the list of all providers.</summary>
public sealed record ProviderView(
    string ProviderId,
    string Name,
    string? AuthorityUscc,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> ListTypes,
    bool Profiles,
    int Revision,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    IReadOnlyList<ProviderChange>? History = null,
    IReadOnlyList<string>? ClientAppIds = null,
    IReadOnlyList<string>? UserObjectIds = null);

/// <summary>The answer to a PUT: the entry as stored, and whether it was new (201) or changed or unchanged (200).</summary>
public sealed record ProviderReceipt(ProviderView Provider, bool Created);

/// <summary>The provider registry's storage (table <c>Providers</c>, one partition per provider, and its identity index).</summary>
public interface IProviderStore : IVersionedStore<StoredProvider, ProviderChange>;
