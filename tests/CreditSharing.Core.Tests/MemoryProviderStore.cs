using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests;

/// <summary>The provider registry in memory; versions are the revision as text.</summary>
internal sealed class MemoryProviderStore : IProviderStore
{
    private readonly ConcurrentDictionary<string, StoredProvider> current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<ProviderChange>> history = new(StringComparer.Ordinal);

    public Identity.MemoryIdentityIndex MemoryIndex { get; } = new();

    public CreditSharing.Core.Identity.IIdentityIndex Index => MemoryIndex;

    /// <summary>A store in which <paramref name="providerId"/> may send every category, decide every list and keep profiles.</summary>
    public static MemoryProviderStore WithEveryRight(params string[] providerIds)
    {
        var store = new MemoryProviderStore();
        foreach (var providerId in providerIds)
        {
            store.Add(providerId, new ProviderRights(providerId, null, [.. RecordCategories.All.Keys], ListTypes.All, Profiles: true));
        }

        return store;
    }

    public void Add(string providerId, ProviderRights rights)
        => current[providerId] = new StoredProvider(providerId, rights, 1, DateTimeOffset.UnixEpoch, "test", "1");

    public Task<StoredProvider?> GetAsync(string providerId, CancellationToken cancellationToken)
        => Task.FromResult(current.GetValueOrDefault(providerId));

    public Task<bool> TrySaveAsync(StoredProvider provider, string? expectedVersion, CancellationToken cancellationToken)
    {
        lock (current)
        {
            var existing = current.GetValueOrDefault(provider.ProviderId);
            if (existing?.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            current[provider.ProviderId] = provider with { Version = provider.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var r = provider.Rights;
            history.GetOrAdd(provider.ProviderId, _ => []).Add(new ProviderChange(provider.Revision, provider.UpdatedAt, provider.UpdatedBy, r.Name, r.AuthorityUscc, r.Categories, r.ListTypes, r.Profiles, r.ClientAppIds, r.UserObjectIds));
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<ProviderChange>> HistoryAsync(string providerId, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<ProviderChange>>(history.GetValueOrDefault(providerId)?.ToList() ?? []);

    public async IAsyncEnumerable<StoredProvider> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var key in current.Keys.Order(StringComparer.Ordinal))
        {
            yield return current[key];
        }

        await Task.CompletedTask;
    }
}
