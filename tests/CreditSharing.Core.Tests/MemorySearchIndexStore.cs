using CreditSharing.Core.Search;

namespace CreditSharing.Core.Tests;

internal sealed class MemorySearchIndexStore : ISearchIndexStore
{
    private readonly Dictionary<string, GramRow> rows = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, GramRow> Rows => rows;

    public Task<IReadOnlyList<GramRow?>> ReadAsync(IReadOnlyList<string> grams, CancellationToken cancellationToken)
    {
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
}
