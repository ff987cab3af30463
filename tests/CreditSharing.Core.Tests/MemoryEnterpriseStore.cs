using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CreditSharing.Core.Enterprises;

namespace CreditSharing.Core.Tests;

/// <summary>The enterprise registry in memory.</summary>
internal sealed class MemoryEnterpriseStore : IEnterpriseStore
{
    private readonly ConcurrentDictionary<string, StoredEnterprise> profiles = new(StringComparer.Ordinal);

    public void Add(EnterpriseProfile profile) => profiles[profile.Uscc] = new StoredEnterprise(profile, DateTimeOffset.UnixEpoch, "test");

    public Task<StoredEnterprise?> GetAsync(string uscc, CancellationToken cancellationToken)
        => Task.FromResult(profiles.GetValueOrDefault(uscc));

    public Task<SaveOutcome> SaveAsync(EnterpriseProfile profile, string updatedBy, DateTimeOffset submittedAt, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        var existing = profiles.GetValueOrDefault(profile.Uscc);
        if (existing is not null && submittedAt < existing.ContentSubmittedAt)
        {
            return Task.FromResult(SaveOutcome.Stale);
        }

        profiles[profile.Uscc] = new StoredEnterprise(profile, updatedAt, updatedBy, submittedAt);
        return Task.FromResult(existing is null ? SaveOutcome.Created : SaveOutcome.Updated);
    }

    public async IAsyncEnumerable<string> ListUsccsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var uscc in profiles.Keys.Order(StringComparer.Ordinal))
        {
            yield return uscc;
        }

        await Task.CompletedTask;
    }
}
