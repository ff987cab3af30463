using CreditSharing.Core.Identity;

namespace CreditSharing.Core.Shared;

/// <summary>A versioned registry entry in force (a provider, a bank): its details, its revision (1, then +1 per change) and its row version.</summary>
/// <typeparam name="TDetails">What a Regulator registered for the entry.</typeparam>
public interface IVersionedEntry<out TDetails>
{
    /// <summary>The entry's id (provider id, bank id).</summary>
    string Id { get; }

    TDetails Details { get; }

    int Revision { get; }

    DateTimeOffset UpdatedAt { get; }

    /// <summary>The row's ETag: a change is written only over the version it was decided on.</summary>
    string? Version { get; }
}

/// <summary>The storage of a versioned registry: one partition per entry (the entry in force and its history), and the identity index.</summary>
public interface IVersionedStore<TEntry, TChange>
    where TEntry : class
{
    /// <summary>Which entry lists a client app id or user object id (rows <c>app~{id}</c> / <c>oid~{id}</c>).</summary>
    IIdentityIndex Index { get; }

    /// <summary>One point read: the entry in force, or null.</summary>
    Task<TEntry?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the entry and its history row in one transaction: a new entry when <paramref name="expectedVersion"/>
    /// is null, otherwise only over that version. False when another writer got there first.
    /// </summary>
    Task<bool> TrySaveAsync(TEntry entry, string? expectedVersion, CancellationToken cancellationToken);

    /// <summary>The changes of an entry, oldest first.</summary>
    Task<IReadOnlyList<TChange>> HistoryAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every entry, by id.</summary>
    IAsyncEnumerable<TEntry> ListAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The write and read path the versioned registries share (providers, banks; docs/identity.md): a change claims the
/// identities it lists, is written over the version it was decided on (retried on a lost ETag race), then its claims
/// are confirmed; the same registration again changes nothing and adds no history. Validation, views and the audit
/// entry stay with each registry.
/// </summary>
/// <param name="registry">"provider" or "bank", for messages.</param>
/// <param name="identitiesOf">The identities an entry's details list.</param>
/// <param name="same">Whether two registrations say the same (a change of nothing).</param>
public sealed class VersionedRegistry<TEntry, TDetails, TChange>(
    IVersionedStore<TEntry, TChange> store,
    string registry,
    Func<TDetails, IReadOnlySet<IdentityKey>> identitiesOf,
    Func<TDetails, TDetails, bool> same)
    where TEntry : class, IVersionedEntry<TDetails>
{
    /// <summary>Concurrent changes of one entry retry on a lost ETag race this many times.</summary>
    private const int MaxAttempts = 5;

    private readonly IdentityClaims claims = new(store.Index, registry, async (holder, ct) => await store.GetAsync(holder, ct) is { } entry ? identitiesOf(entry.Details) : null);

    private readonly string entryName = char.ToUpperInvariant(registry[0]) + registry[1..];

    /// <summary>The entry an identity resolves to, or null.</summary>
    public Task<string?> ResolveAsync(IdentityKey key, CancellationToken cancellationToken) => claims.ResolveAsync(key, cancellationToken);

    /// <summary>Writes validated <paramref name="details"/> as entry <paramref name="id"/>.</summary>
    /// <param name="create">The entry to write at a revision (stamped with who and when).</param>
    /// <param name="changed">Runs once the change is written and its claims confirmed (the audit entry).</param>
    /// <param name="receipt">The answer: the entry, its history, and whether it was new.</param>
    public async Task<CommandResult<TReceipt>> PutAsync<TReceipt>(
        string id,
        TDetails details,
        Func<int, TEntry> create,
        Func<TEntry, CancellationToken, Task> changed,
        Func<TEntry, IReadOnlyList<TChange>, bool, TReceipt> receipt,
        CancellationToken cancellationToken)
        where TReceipt : class
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(receipt);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.GetAsync(id, cancellationToken);
            var outcome = await claims.PrepareAsync(id, existing is null ? new HashSet<IdentityKey>() : identitiesOf(existing.Details), identitiesOf(details), cancellationToken);
            if (outcome.Conflict is { } conflict)
            {
                return CommandResult<TReceipt>.Conflict(conflict);
            }

            if (existing is not null && same(existing.Details, details))
            {
                // The same registration again changes nothing and adds no history (it only repairs index rows a crash left unconfirmed).
                await claims.ConfirmAsync(id, outcome, cancellationToken);
                return CommandResult<TReceipt>.Ok(receipt(existing, await store.HistoryAsync(id, cancellationToken), false));
            }

            var stored = create((existing?.Revision ?? 0) + 1);
            if (await store.TrySaveAsync(stored, existing?.Version, cancellationToken))
            {
                await claims.ConfirmAsync(id, outcome, cancellationToken);
                await changed(stored, cancellationToken);
                return CommandResult<TReceipt>.Ok(receipt(stored, await store.HistoryAsync(id, cancellationToken), existing is null));
            }

            if (attempt == MaxAttempts)
            {
                return CommandResult<TReceipt>.Conflict($"{entryName} {id} was changed by others {MaxAttempts} times while this change was made; send it again.");
            }
        }
    }

    /// <summary>An entry with its history (the id already checked), or not found.</summary>
    public async Task<CommandResult<TView>> GetAsync<TView>(string id, Func<TEntry, IReadOnlyList<TChange>?, TView> view, CancellationToken cancellationToken)
        where TView : class
    {
        ArgumentNullException.ThrowIfNull(view);
        var stored = await store.GetAsync(id, cancellationToken);
        return stored is null
            ? CommandResult<TView>.NotFound($"{entryName} {id} is not in the {registry} registry.")
            : CommandResult<TView>.Ok(view(stored, await store.HistoryAsync(id, cancellationToken)));
    }

    /// <summary>Every entry, without history.</summary>
    public async Task<IReadOnlyList<TView>> ListAsync<TView>(Func<TEntry, IReadOnlyList<TChange>?, TView> view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var all = new List<TView>();
        await foreach (var stored in store.ListAsync(cancellationToken))
        {
            all.Add(view(stored, null));
        }

        return all;
    }
}
