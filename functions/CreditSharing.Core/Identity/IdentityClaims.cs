namespace CreditSharing.Core.Identity;

/// <summary>
/// Keeps a registry's identity index in step with its entries, so that an identity resolves to at most
/// one entry of the registry by one point read (docs/identity.md):
/// <list type="number">
/// <item>before the entry is written, every identity it lists is claimed for it (an unconfirmed row), or
/// the change is refused when another entry holds it and still lists it;</item>
/// <item>before the entry is written, the rows of identities it no longer lists are deleted, so an
/// identity taken off an entry never resolves to it again, whatever happens next;</item>
/// <item>after the entry is written, its claims are confirmed.</item>
/// </list>
/// A crash leaves at worst an unconfirmed row (checked against its entry when read, and taken over when
/// that entry does not list it) or a listed identity without a row (it resolves to nothing, the safe
/// side, until the entry is sent again).
/// </summary>
/// <param name="registry">"provider" or "bank", for messages.</param>
/// <param name="keysOf">The identities the entry <c>holder</c> lists now (one point read), or null when there is no such entry.</param>
public sealed class IdentityClaims(IIdentityIndex index, string registry, Func<string, CancellationToken, Task<IReadOnlySet<IdentityKey>?>> keysOf)
{
    private const int MaxAttempts = 5;

    /// <summary>Claims <paramref name="after"/> and releases what <paramref name="before"/> listed beyond it. On a conflict nothing new stays claimed.</summary>
    public async Task<ClaimOutcome> PrepareAsync(string holder, IReadOnlySet<IdentityKey> before, IReadOnlySet<IdentityKey> after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var toConfirm = new List<(IdentityKey Key, string Version)>();
        var fresh = new List<(IdentityKey Key, string Version)>();
        foreach (var key in after.OrderBy(k => k.Kind).ThenBy(k => k.Id, StringComparer.Ordinal))
        {
            var claimed = await ClaimAsync(holder, key, cancellationToken);
            if (claimed.Conflict is not null)
            {
                foreach (var (k, v) in fresh)
                {
                    await index.TryReleaseAsync(k, v, cancellationToken);
                }

                return new ClaimOutcome(claimed.Conflict, []);
            }

            if (claimed.Version is { } version)
            {
                toConfirm.Add((key, version));
                if (claimed.Fresh)
                {
                    fresh.Add((key, version));
                }
            }
        }

        foreach (var key in before.Where(k => !after.Contains(k)))
        {
            await ReleaseAsync(holder, key, cancellationToken);
        }

        return new ClaimOutcome(null, toConfirm);
    }

    /// <summary>After the entry is written: its claims hold without checking the entry.</summary>
    public async Task ConfirmAsync(string holder, ClaimOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (var (key, version) in outcome.ToConfirm)
        {
            // A lost race means another change of the row came after this one; that change decides it.
            await index.TryConfirmAsync(key, holder, version, cancellationToken);
        }
    }

    /// <summary>The entry <paramref name="key"/> resolves to: one point read, and a second (the entry) only for an unconfirmed row.</summary>
    public async Task<string?> ResolveAsync(IdentityKey key, CancellationToken cancellationToken)
    {
        var row = await index.GetAsync(key, cancellationToken);
        if (row is null)
        {
            return null;
        }

        if (row.Confirmed)
        {
            return row.Holder;
        }

        var listed = await keysOf(row.Holder, cancellationToken);
        return listed?.Contains(key) == true ? row.Holder : null;
    }

    private async Task<(string? Version, bool Fresh, string? Conflict)> ClaimAsync(string holder, IdentityKey key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var row = await index.GetAsync(key, cancellationToken);
            if (row is not null && string.Equals(row.Holder, holder, StringComparison.Ordinal))
            {
                return (row.Confirmed ? null : row.Version, false, null);
            }

            if (row is not null && (await keysOf(row.Holder, cancellationToken))?.Contains(key) == true)
            {
                return (null, false, $"The {key} is already listed by {registry} {row.Holder}: one identity resolves to at most one {registry}. Take it off {row.Holder} first.");
            }

            // Free, or a stale row of an entry that does not list it (a change that crashed or lost a race).
            if (await index.TryClaimAsync(key, holder, row?.Version, cancellationToken) is { } version)
            {
                return (version, true, null);
            }
        }

        return (null, false, $"The {key} was claimed by others {MaxAttempts} times while this change was made; send it again.");
    }

    private async Task ReleaseAsync(string holder, IdentityKey key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var row = await index.GetAsync(key, cancellationToken);
            if (row is null || !string.Equals(row.Holder, holder, StringComparison.Ordinal) || await index.TryReleaseAsync(key, row.Version, cancellationToken))
            {
                return;
            }
        }
    }
}

/// <summary>What <see cref="IdentityClaims.PrepareAsync"/> did: a conflict (409 detail), or the claims to confirm once the entry is written.</summary>
public sealed record ClaimOutcome(string? Conflict, IReadOnlyList<(IdentityKey Key, string Version)> ToConfirm);
