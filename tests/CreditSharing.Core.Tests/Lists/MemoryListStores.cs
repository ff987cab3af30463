using System.Globalization;
using System.Runtime.CompilerServices;
using CreditSharing.Core.Lists;

namespace CreditSharing.Core.Tests.Lists;

/// <summary>Table <c>ListEntries</c> in memory, with the version guard of the real store.</summary>
internal sealed class MemoryListEntryStore : IListEntryStore
{
    private readonly Dictionary<(string Uscc, string Id), StoredListEntry> rows = [];
    private readonly Dictionary<string, string> owners = new(StringComparer.Ordinal);
    private int versions;

    public IReadOnlyList<ListEntry> All => [.. rows.Values.Select(s => s.Entry)];

    /// <summary>Every row with its pending flag, as the table holds it.</summary>
    public IReadOnlyList<StoredListEntry> Stored => [.. rows.Values];

    /// <summary>Writes a row as a decision's first write leaves it (pending), without its follow-ups.</summary>
    public void PutPending(ListEntry entry, string pending = ListDecisions.Listed)
    {
        owners.TryAdd(entry.Id, entry.Uscc);
        rows[(entry.Uscc, entry.Id)] = new StoredListEntry(entry, NextVersion(), pending);
    }

    public Task<StoredListEntry?> GetAsync(string uscc, string entryId, CancellationToken cancellationToken)
        => Task.FromResult(rows.GetValueOrDefault((uscc, entryId)));

    public Task<ListEntryAddResult> TryAddAsync(ListEntry entry, CancellationToken cancellationToken)
    {
        var owner = owners.TryAdd(entry.Id, entry.Uscc) ? entry.Uscc : owners[entry.Id];
        if (owner != entry.Uscc)
        {
            return Task.FromResult(new ListEntryAddResult(false, owner));
        }

        var stored = new StoredListEntry(entry, NextVersion(), ListDecisions.Listed);
        return Task.FromResult(rows.TryAdd((entry.Uscc, entry.Id), stored) ? new ListEntryAddResult(true, entry.Uscc, stored.Version) : new ListEntryAddResult(false, entry.Uscc));
    }

    public Task<string> UpdateAsync(StoredListEntry entry, CancellationToken cancellationToken)
    {
        var key = (entry.Entry.Uscc, entry.Entry.Id);
        if (!rows.TryGetValue(key, out var current) || current.Version != entry.Version)
        {
            throw new ListEntryConflictException($"{entry.Entry.Id} changed.");
        }

        var version = NextVersion();
        rows[key] = entry with { Version = version };
        return Task.FromResult(version);
    }

    public Task<IReadOnlyList<StoredListEntry>> ListAsync(string uscc, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<StoredListEntry>>([.. rows.Values.Where(s => s.Entry.Uscc == uscc)]);

    public async IAsyncEnumerable<StoredListEntry> ExpiredAsync(DateOnly today, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var stored in rows.Values.Where(s => s.Entry.EndedOn is null && s.Entry.ExpiresOn < today).ToList())
        {
            yield return stored;
        }

        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredListEntry> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var stored in rows.Values.ToList())
        {
            yield return stored;
        }

        await Task.CompletedTask;
    }

    private string NextVersion() => (++versions).ToString(CultureInfo.InvariantCulture);
}

/// <summary>Table <c>PublicLists</c> in memory: one row per (list, enterprise, entry).</summary>
internal sealed class MemoryPublicListStore : IPublicListStore
{
    private readonly Dictionary<string, List<PublicListItem>> lists = new(StringComparer.Ordinal);

    public IReadOnlyList<PublicListItem> Items(string listType) => lists.TryGetValue(listType, out var items) ? [.. items] : [];

    public int Puts { get; private set; }

    public Task PutAsync(string listType, PublicListItem item, CancellationToken cancellationToken)
    {
        Puts++;
        var items = lists.TryGetValue(listType, out var existing) ? existing : lists[listType] = [];
        items.RemoveAll(i => i.Uscc == item.Uscc && i.EntryId == item.EntryId);
        items.Add(item);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string listType, string uscc, string entryId, CancellationToken cancellationToken)
    {
        if (lists.TryGetValue(listType, out var items))
        {
            items.RemoveAll(i => i.Uscc == uscc && i.EntryId == entryId);
        }

        return Task.CompletedTask;
    }

    public Task<(IReadOnlyList<PublicListItem> Items, string? ContinuationToken)> PageAsync(string listType, string? county, int pageSize, string? continuationToken, CancellationToken cancellationToken)
        => Task.FromResult<(IReadOnlyList<PublicListItem>, string?)>(([.. Items(listType).Where(i => county is null || i.County == county).Take(pageSize)], null));

    public async IAsyncEnumerable<PublicListItem> AllAsync(string listType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var item in Items(listType))
        {
            yield return item;
        }

        await Task.CompletedTask;
    }
}

/// <summary>The representative index in memory, keyed as the real one is: by the keyed hash, then <c>{uscc}~{entryId}</c> (an upsert).</summary>
internal sealed class MemoryRepresentativeIndex : IRepresentativeIndex
{
    private readonly Dictionary<string, Dictionary<string, (string? IdNumber, RepresentativeIndexEntry Entry)>> index = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Keys => [.. index.Where(p => p.Value.Count > 0).Select(p => p.Key)];

    public IReadOnlyList<RepresentativeIndexEntry> Entries => [.. index.Values.SelectMany(v => v.Values).Select(v => v.Entry)];

    public Task AddAsync(string idHash, string idNumber, RepresentativeIndexEntry entry, CancellationToken cancellationToken)
    {
        (index.TryGetValue(idHash, out var rows) ? rows : index[idHash] = new(StringComparer.Ordinal))[$"{entry.Uscc}~{entry.EntryId}"] = (idNumber, entry);
        return Task.CompletedTask;
    }

    /// <summary>A row as one written before the index kept the ID number (encrypted) looks.</summary>
    public void AddWithoutNumber(string idHash, RepresentativeIndexEntry entry)
        => (index.TryGetValue(idHash, out var rows) ? rows : index[idHash] = new(StringComparer.Ordinal))[$"{entry.Uscc}~{entry.EntryId}"] = (null, entry);

    public Task<IReadOnlyList<RepresentativeIndexEntry>> FindAsync(string idHash, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<RepresentativeIndexEntry>>(index.TryGetValue(idHash, out var rows) ? [.. rows.Values.Select(v => v.Entry)] : []);

    public async IAsyncEnumerable<IndexedRepresentative> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (idHash, rows) in index.ToList())
        {
            foreach (var (idNumber, entry) in rows.Values.ToList())
            {
                yield return new IndexedRepresentative(idHash, idNumber, false, entry);
            }
        }

        await Task.CompletedTask;
    }

    public Task RemoveAsync(string idHash, string uscc, string entryId, CancellationToken cancellationToken)
    {
        if (index.TryGetValue(idHash, out var rows))
        {
            rows.Remove($"{uscc}~{entryId}");
        }

        return Task.CompletedTask;
    }
}

/// <summary>The published list snapshots in memory: every write kept.</summary>
internal sealed class MemoryListSnapshots : IListSnapshots
{
    public List<(DateOnly Date, string ListType, IReadOnlyList<PublicListItem> Items)> Writes { get; } = [];

    public Task WriteAsync(DateOnly date, string listType, IReadOnlyList<PublicListItem> items, CancellationToken cancellationToken)
    {
        Writes.Add((date, listType, items));
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenLatestCsvAsync(string listType, CancellationToken cancellationToken) => Task.FromResult<Stream?>(null);
}
