namespace CreditSharing.Core.Lists;

/// <summary>Table <c>ListEntries</c>: one partition per enterprise.</summary>
public interface IListEntryStore
{
    Task<StoredListEntry?> GetAsync(string uscc, string entryId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the entry marked pending (its follow-ups are still to be done), unless its id exists
    /// already: then nothing is written and the answer names the enterprise it is stored under, which
    /// may be another one (an entry id names one enterprise for good).
    /// </summary>
    Task<ListEntryAddResult> TryAddAsync(ListEntry entry, CancellationToken cancellationToken);

    /// <summary>Replaces the entry and its pending flag, guarded by its version; a lost race throws <see cref="ListEntryConflictException"/>.</summary>
    /// <returns>The new version.</returns>
    Task<string> UpdateAsync(StoredListEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredListEntry>> ListAsync(string uscc, CancellationToken cancellationToken);

    /// <summary>Entries not ended whose last day is before <paramref name="today"/>.</summary>
    IAsyncEnumerable<StoredListEntry> ExpiredAsync(DateOnly today, CancellationToken cancellationToken);

    /// <summary>Every entry of every enterprise: the daily run's reconciliation (a scan of the whole table).</summary>
    IAsyncEnumerable<StoredListEntry> AllAsync(CancellationToken cancellationToken);
}

/// <summary>Table <c>PublicLists</c>: what the public pages read.</summary>
public interface IPublicListStore
{
    Task PutAsync(string listType, PublicListItem item, CancellationToken cancellationToken);

    Task RemoveAsync(string listType, string uscc, string entryId, CancellationToken cancellationToken);

    Task<(IReadOnlyList<PublicListItem> Items, string? ContinuationToken)> PageAsync(string listType, string? county, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    IAsyncEnumerable<PublicListItem> AllAsync(string listType, CancellationToken cancellationToken);
}

/// <summary>Entries by the keyed hash of a legal representative's ID number; never the number itself.</summary>
public interface IRepresentativeIndex
{
    /// <summary>Writes the row under <paramref name="idHash"/>; <paramref name="idNumber"/> is kept only encrypted (for a re-hash under a new key).</summary>
    Task AddAsync(string idHash, string idNumber, RepresentativeIndexEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<RepresentativeIndexEntry>> FindAsync(string idHash, CancellationToken cancellationToken);

    /// <summary>Every row with its ID number decrypted (null on rows written before the number was kept): the re-hash's scan.</summary>
    IAsyncEnumerable<IndexedRepresentative> AllAsync(CancellationToken cancellationToken);

    Task RemoveAsync(string idHash, string uscc, string entryId, CancellationToken cancellationToken);
}

public sealed record RepresentativeIndexEntry(string Uscc, string EntryId, string? EnterpriseName, string RepresentativeName, string IdNumberMasked);

/// <summary>A row of the index as the re-hash reads it.</summary>
/// <param name="OlderKey">The number is encrypted under a key-encryption key other than the current one (rewrite it).</param>
public sealed record IndexedRepresentative(string IdHash, string? IdNumber, bool OlderKey, RepresentativeIndexEntry Entry);

/// <summary>Blob <c>published/lists/{yyyy-MM-dd}/{red|black}.json|.csv</c>, and the latest of each.</summary>
public interface IListSnapshots
{
    Task WriteAsync(DateOnly date, string listType, IReadOnlyList<PublicListItem> items, CancellationToken cancellationToken);

    Task<Stream?> OpenLatestCsvAsync(string listType, CancellationToken cancellationToken);
}

public sealed class ListEntryConflictException(string message, Exception? inner = null) : Exception(message, inner);
