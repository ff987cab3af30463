using CreditSharing.Core.Enterprises;

namespace CreditSharing.Core.Search;

/// <summary>
/// Keeps the n-gram index in step with the enterprise registry: every bigram of the current and
/// former names gets the enterprise's posting. Idempotent (an unchanged posting writes nothing), so
/// a re-delivered batch or a re-index run costs reads only.
/// </summary>
public sealed class SearchIndexer(ISearchIndexStore index, IEnterpriseStore enterprises)
{
    /// <summary>Gram rows written at once for one enterprise.</summary>
    private const int Parallelism = 8;

    public static GramPosting PostingOf(StoredEnterprise stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new GramPosting(stored.Profile.Uscc, stored.Profile.County, [stored.Profile.Name, .. stored.Former.Take(SearchIndexRules.MaxIndexedFormerNames)]);
    }

    /// <summary>Posts the stored profile of <paramref name="uscc"/> to each of its grams; returns the rows written.</summary>
    public async Task<int> IndexAsync(string uscc, CancellationToken cancellationToken)
    {
        var stored = await enterprises.GetAsync(uscc, cancellationToken);
        return stored is null ? 0 : await IndexAsync(PostingOf(stored), cancellationToken);
    }

    public async Task<int> IndexAsync(GramPosting posting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posting);
        var written = 0;
        await Parallel.ForEachAsync(
            SearchText.BigramsOf(posting.Names),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (gram, ct) =>
            {
                if (await index.PostAsync(gram, posting, ct))
                {
                    Interlocked.Increment(ref written);
                }
            });
        return written;
    }

    /// <summary>
    /// The re-index run (docs/search.md): every registered enterprise, e.g. those registered before
    /// the index existed. Idempotent; returns how many enterprises had a row written.
    /// </summary>
    public async Task<int> ReindexAllAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        await foreach (var uscc in enterprises.ListUsccsAsync(cancellationToken))
        {
            if (await IndexAsync(uscc, cancellationToken) > 0)
            {
                changed++;
            }
        }

        return changed;
    }
}
