using CreditSharing.Core.Audit;
using CreditSharing.Core.Identity;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Providers;

/// <summary>
/// The provider registry (docs/providers.md): which department may send which record categories,
/// decide which lists and keep enterprise profiles. Kept by Regulators; every change is kept with who
/// made it and when.
/// </summary>
public sealed class ProviderRegistry(IProviderStore store, IAuditLog audit, TimeProvider clock)
{
    /// <summary>The audit action of a change.</summary>
    public const string AuditAction = "providers.put";

    private readonly VersionedRegistry<StoredProvider, ProviderRights, ProviderChange> entries = new(store, "provider", r => r.Identities, Same);

    /// <summary>The provider an identity resolves to (docs/identity.md), or null.</summary>
    public Task<string?> ResolveAsync(IdentityKey key, CancellationToken cancellationToken) => entries.ResolveAsync(key, cancellationToken);

    public async Task<CommandResult<ProviderReceipt>> PutAsync(string providerId, ProviderInput? input, string by, CancellationToken cancellationToken)
    {
        var (rights, errors) = ProviderValidator.Validate(providerId, input);
        if (rights is null)
        {
            return CommandResult<ProviderReceipt>.Invalid(errors);
        }

        return await entries.PutAsync(
            providerId,
            rights,
            revision => new StoredProvider(providerId, rights, revision, clock.GetUtcNow(), by, null),
            (stored, ct) => audit.WriteAsync(new AuditEntry(stored.UpdatedAt, by, "Regulator", AuditAction, rights.AuthorityUscc, providerId, null), ct),
            (stored, history, created) => new ProviderReceipt(ToView(stored, history), created),
            cancellationToken);
    }

    /// <summary>An entry with its history, for a Regulator or the provider itself.</summary>
    public async Task<CommandResult<ProviderView>> GetAsync(string providerId, string callerId, bool asRegulator, CancellationToken cancellationToken)
    {
        if (ProviderValidator.IdError(providerId) is { } error)
        {
            return CommandResult<ProviderView>.Invalid(FieldErrors.Of("providerId", error));
        }

        if (!asRegulator && !string.Equals(providerId, callerId, StringComparison.Ordinal))
        {
            return CommandResult<ProviderView>.Forbidden("A provider reads its own registry entry only.");
        }

        return await entries.GetAsync(providerId, ToView, cancellationToken);
    }

    /// <summary>Every entry, without history.</summary>
    public Task<IReadOnlyList<ProviderView>> ListAsync(CancellationToken cancellationToken) => entries.ListAsync(ToView, cancellationToken);

    public static ProviderView ToView(StoredProvider stored, IReadOnlyList<ProviderChange>? history)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var r = stored.Rights;
        return new ProviderView(stored.ProviderId, r.Name, r.AuthorityUscc, r.Categories, r.ListTypes, r.Profiles, stored.Revision, stored.UpdatedAt, stored.UpdatedBy, history, r.ClientAppIds ?? [], r.UserObjectIds ?? []);
    }

    private static bool Same(ProviderRights a, ProviderRights b)
        => a.Name == b.Name && a.AuthorityUscc == b.AuthorityUscc && a.Profiles == b.Profiles
           && a.Categories.Order(StringComparer.Ordinal).SequenceEqual(b.Categories.Order(StringComparer.Ordinal), StringComparer.Ordinal)
           && a.ListTypes.Order(StringComparer.Ordinal).SequenceEqual(b.ListTypes.Order(StringComparer.Ordinal), StringComparer.Ordinal)
           && IdentityIds.SameSet(a.ClientAppIds, b.ClientAppIds) && IdentityIds.SameSet(a.UserObjectIds, b.UserObjectIds);
}
