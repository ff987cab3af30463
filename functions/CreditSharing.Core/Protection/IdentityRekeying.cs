using CreditSharing.Core.Lists;

namespace CreditSharing.Core.Protection;

/// <summary>
/// The key-maintenance run (daily timer <c>RekeyIdentities</c>): rewrites rows whose ID number is
/// in clear or under an earlier key-encryption key, then re-hashes the representative index under
/// the current identity-hash key. Each step is safe to run again.
/// </summary>
public sealed class IdentityRekeying(IEnumerable<IReprotectable> stores, RepresentativeRehash rehash)
{
    public async Task<RekeyReport> RunAsync(CancellationToken cancellationToken)
    {
        var reprotected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var store in stores)
        {
            reprotected[store.Name] = await store.ReprotectAsync(cancellationToken);
        }

        return new RekeyReport(reprotected, await rehash.RunAsync(cancellationToken));
    }
}

/// <summary>Rows rewritten per table, and the re-hash of the representative index.</summary>
public sealed record RekeyReport(IReadOnlyDictionary<string, int> Reprotected, RehashReport Rehash);
