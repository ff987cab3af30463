using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Providers;

/// <summary>
/// The provider registry (docs/providers.md): which department may send which record categories,
/// decide which lists and keep enterprise profiles. Kept by Regulators; every change is kept with who
/// made it and when.
/// </summary>
public sealed class ProviderRegistry(IProviderStore store, TimeProvider clock)
{
    /// <summary>Concurrent changes of one entry retry on a lost ETag race this many times.</summary>
    private const int MaxAttempts = 5;

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
            if (existing is not null && Same(existing.Rights, rights))
            {
                // The same registration again changes nothing and adds no history.
                return CommandResult<ProviderReceipt>.Ok(new ProviderReceipt(ToView(existing, await store.HistoryAsync(providerId, cancellationToken)), Created: false));
            }

            var stored = new StoredProvider(providerId, rights, (existing?.Revision ?? 0) + 1, clock.GetUtcNow(), by, null);
            if (await store.TrySaveAsync(stored, existing?.Version, cancellationToken))
            {
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
        return new ProviderView(stored.ProviderId, r.Name, r.AuthorityUscc, r.Categories, r.ListTypes, r.Profiles, stored.Revision, stored.UpdatedAt, stored.UpdatedBy, history);
    }

    private static bool Same(ProviderRights a, ProviderRights b)
        => a.Name == b.Name && a.AuthorityUscc == b.AuthorityUscc && a.Profiles == b.Profiles
           && a.Categories.Order(StringComparer.Ordinal).SequenceEqual(b.Categories.Order(StringComparer.Ordinal), StringComparer.Ordinal)
           && a.ListTypes.Order(StringComparer.Ordinal).SequenceEqual(b.ListTypes.Order(StringComparer.Ordinal), StringComparer.Ordinal);
}
