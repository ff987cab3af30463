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
    /// <summary>Concurrent changes of one entry retry on a lost ETag race this many times.</summary>
    private const int MaxAttempts = 5;

    /// <summary>The audit action of a change.</summary>
    public const string AuditAction = "providers.put";

    private readonly IdentityClaims claims = new(store.Index, "provider", async (holder, ct) => (await store.GetAsync(holder, ct))?.Rights.Identities);

    /// <summary>The provider an identity resolves to (docs/identity.md), or null.</summary>
    public Task<string?> ResolveAsync(IdentityKey key, CancellationToken cancellationToken) => claims.ResolveAsync(key, cancellationToken);

    public async Task<CommandResult<ProviderReceipt>> PutAsync(string providerId, ProviderInput? input, string by, CancellationToken cancellationToken)
    {
        var (rights, errors) = ProviderValidator.Validate(providerId, input);
        if (rights is null)
        {
            return CommandResult<ProviderReceipt>.Invalid(errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.GetAsync(providerId, cancellationToken);
            var outcome = await claims.PrepareAsync(providerId, existing?.Rights.Identities ?? new HashSet<IdentityKey>(), rights.Identities, cancellationToken);
            if (outcome.Conflict is { } conflict)
            {
                return CommandResult<ProviderReceipt>.Conflict(conflict);
            }

            if (existing is not null && Same(existing.Rights, rights))
            {
                // The same registration again changes nothing and adds no history (it only repairs index rows a crash left unconfirmed).
                await claims.ConfirmAsync(providerId, outcome, cancellationToken);
                return CommandResult<ProviderReceipt>.Ok(new ProviderReceipt(ToView(existing, await store.HistoryAsync(providerId, cancellationToken)), Created: false));
            }

            var stored = new StoredProvider(providerId, rights, (existing?.Revision ?? 0) + 1, clock.GetUtcNow(), by, null);
            if (await store.TrySaveAsync(stored, existing?.Version, cancellationToken))
            {
                await claims.ConfirmAsync(providerId, outcome, cancellationToken);
                await audit.WriteAsync(new AuditEntry(stored.UpdatedAt, by, "Regulator", AuditAction, rights.AuthorityUscc, providerId, null), cancellationToken);
                return CommandResult<ProviderReceipt>.Ok(new ProviderReceipt(ToView(stored, await store.HistoryAsync(providerId, cancellationToken)), Created: existing is null));
            }

            if (attempt == MaxAttempts)
            {
                return CommandResult<ProviderReceipt>.Conflict($"Provider {providerId} was changed by others {MaxAttempts} times while this change was made; send it again.");
            }
        }
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

        var stored = await store.GetAsync(providerId, cancellationToken);
        return stored is null
            ? CommandResult<ProviderView>.NotFound($"Provider {providerId} is not in the provider registry.")
            : CommandResult<ProviderView>.Ok(ToView(stored, await store.HistoryAsync(providerId, cancellationToken)));
    }

    /// <summary>Every entry, without history.</summary>
    public async Task<IReadOnlyList<ProviderView>> ListAsync(CancellationToken cancellationToken)
    {
        var all = new List<ProviderView>();
        await foreach (var stored in store.ListAsync(cancellationToken))
        {
            all.Add(ToView(stored, null));
        }

        return all;
    }

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
