using CreditSharing.Core.Search;

namespace CreditSharing.Core.Tests;

internal sealed class MemorySearchIndexStore : ISearchIndexStore
{
    private readonly Dictionary<string, GramRow> rows = new(StringComparer.Ordinal);

    private int reads;

    public IReadOnlyDictionary<string, GramRow> Rows => rows;

    /// <summary>Point reads issued by queries (one per gram read).</summary>
    public int Reads => Volatile.Read(ref reads);

    public Task<IReadOnlyList<GramRow?>> ReadAsync(IReadOnlyList<string> grams, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref reads, grams.Count);
        lock (rows)
        {
            return Task.FromResult<IReadOnlyList<GramRow?>>([.. grams.Select(g => rows.GetValueOrDefault(g))]);
        }
    }

    public Task<bool> PostAsync(string gram, GramPosting posting, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            if (SearchIndexRules.With(rows.GetValueOrDefault(gram), gram, posting) is not { } updated)
            {
                return Task.FromResult(false);
            }

            rows[gram] = updated;
            return Task.FromResult(true);
        }
    }

    public Task<bool> RemoveAsync(string gram, string uscc, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            if (SearchIndexRules.Without(rows.GetValueOrDefault(gram), gram, uscc) is not { } updated)
            {
                return Task.FromResult(false);
            }

            rows[gram] = updated;
            return Task.FromResult(true);
        }
    }
}
