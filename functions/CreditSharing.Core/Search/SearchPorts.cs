namespace CreditSharing.Core.Search;

/// <summary>The n-gram index (table <c>SearchGrams</c>): point reads and writes of one row per gram of 2–4 characters.</summary>
public interface ISearchIndexStore
{
    /// <summary>The rows of the grams, in order (null where a gram has no row), read by point reads in parallel.</summary>
    Task<IReadOnlyList<GramRow?>> ReadAsync(IReadOnlyList<string> grams, CancellationToken cancellationToken);

    /// <summary>Adds or replaces the posting in the gram's row (<see cref="SearchIndexRules.With"/>), ETag-guarded and retried on a lost race; true when it wrote.</summary>
    Task<bool> PostAsync(string gram, GramPosting posting, CancellationToken cancellationToken);

    /// <summary>Removes the enterprise's posting from the gram's row (<see cref="SearchIndexRules.Without"/>), ETag-guarded and retried; true when it wrote.</summary>
    Task<bool> RemoveAsync(string gram, string uscc, CancellationToken cancellationToken);
}
