using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;

namespace CreditSharing.Core.Search;

/// <summary>
/// Keeps the n-gram index in step with the enterprise registry and the grades: every gram of 2–4
/// characters of the current and indexed former names gets the enterprise's posting (with its current
/// grade letter), and the grams of names no longer indexed lose it. Idempotent (an unchanged posting
/// writes nothing), so a re-delivered batch or a re-index run costs reads only.
/// </summary>
public sealed class SearchIndexer(ISearchIndexStore index, IEnterpriseStore enterprises, IGradeStore? grades = null)
{
    /// <summary>Gram rows written at once for one enterprise.</summary>
    private const int Parallelism = 8;

    public static GramPosting PostingOf(StoredEnterprise stored, string? grade = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new GramPosting(stored.Profile.Uscc, stored.Profile.County, [stored.Profile.Name, .. stored.Former.Take(SearchIndexRules.MaxIndexedFormerNames)], grade);
    }

    /// <summary>Posts the stored profile of <paramref name="uscc"/> with its current grade letter; returns the rows written.</summary>
    public async Task<int> IndexAsync(string uscc, CancellationToken cancellationToken)
    {
        var storedRead = enterprises.GetAsync(uscc, cancellationToken);
        var letter = await GradeLetterAsync(uscc, cancellationToken);
        var stored = await storedRead;
        return stored is null ? 0 : await IndexAsync(stored, letter, cancellationToken);
    }

    /// <summary>After a profile write: posts it with the current grade letter (one grade read).</summary>
    public async Task<int> IndexAsync(StoredEnterprise stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return await IndexAsync(stored, await GradeLetterAsync(stored.Profile.Uscc, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The grader's call when an enterprise's grade letter changed (its first grade included): the
    /// posting is rewritten in every gram row with the new letter, so a query reads no grade.
    /// </summary>
    public async Task<int> GradeChangedAsync(string uscc, string letter, CancellationToken cancellationToken)
    {
        var stored = await enterprises.GetAsync(uscc, cancellationToken);
        return stored is null ? 0 : await IndexAsync(stored, letter, cancellationToken);
    }

    /// <summary>
    /// Posts to every gram of the indexed names and removes the posting from the grams of former
    /// names no longer indexed (past <see cref="SearchIndexRules.MaxIndexedFormerNames"/>) that no
    /// indexed name shares.
    /// </summary>
    public async Task<int> IndexAsync(StoredEnterprise stored, string? grade, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var posting = PostingOf(stored, grade);
        var written = await IndexAsync(posting, cancellationToken);
        var dropped = stored.Former.Skip(SearchIndexRules.MaxIndexedFormerNames).ToList();
        if (dropped.Count > 0)
        {
            var kept = SearchText.GramsOf(posting.Names).ToHashSet(StringComparer.Ordinal);
            await Parallel.ForEachAsync(
                SearchText.GramsOf(dropped).Where(g => !kept.Contains(g)),
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (gram, ct) =>
                {
                    if (await index.RemoveAsync(gram, posting.Uscc, ct))
                    {
                        Interlocked.Increment(ref written);
                    }
                });
        }

        return written;
    }

    /// <summary>Posts <paramref name="posting"/> to every gram of its names; returns the rows written.</summary>
    public async Task<int> IndexAsync(GramPosting posting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posting);
        var written = 0;
        await Parallel.ForEachAsync(
            SearchText.GramsOf(posting.Names),
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

    private async Task<string?> GradeLetterAsync(string uscc, CancellationToken cancellationToken)
        => grades is null ? null : (await grades.GetCurrentAsync(uscc, cancellationToken))?.Snapshot.Result.Grade;
}
