using CreditSharing.Core.Grading;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests.Loans;

/// <summary>Consents in memory, one per (enterprise, bank) as in the real table.</summary>
internal sealed class MemoryConsentStore : IConsentStore
{
    private readonly Dictionary<(string Uscc, string BankId), Consent> consents = [];

    public Task SaveAsync(Consent consent, CancellationToken cancellationToken)
    {
        consents[(consent.Uscc, consent.BankId)] = consent;
        return Task.CompletedTask;
    }

    public Task<Consent?> GetAsync(string uscc, string bankId, CancellationToken cancellationToken)
        => Task.FromResult(consents.GetValueOrDefault((uscc, bankId)));

    public Task<IReadOnlyList<Consent>> ListAsync(string uscc, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<Consent>>([.. consents.Values.Where(c => c.Uscc == uscc)]);
}

/// <summary>The access log in memory: every line appended, in order.</summary>
internal sealed class MemoryAccessLog : IAccessLog
{
    public List<(string Uscc, AccessLogEntry Entry)> Lines { get; } = [];

    public Task AppendAsync(string uscc, AccessLogEntry entry, CancellationToken cancellationToken)
    {
        Lines.Add((uscc, entry));
        return Task.CompletedTask;
    }

    public Task AppendManyAsync(IReadOnlyList<(string Uscc, AccessLogEntry Entry)> lines, CancellationToken cancellationToken)
    {
        Lines.AddRange(lines);
        return Task.CompletedTask;
    }

    public Task<(IReadOnlyList<AccessLogEntry> Items, string? ContinuationToken)> PageAsync(string uscc, int pageSize, string? continuationToken, CancellationToken cancellationToken)
        => Task.FromResult<(IReadOnlyList<AccessLogEntry>, string?)>(([.. Lines.Where(l => l.Uscc == uscc).Select(l => l.Entry).Take(pageSize)], null));
}

/// <summary>The record facts an eligibility check reads; the check writes nothing.</summary>
internal sealed class MemoryRecordFacts : IRecordStore
{
    public List<RecordFacts> Facts { get; } = [];

    public Task<IReadOnlyList<RecordFacts>> ReadFactsAsync(string uscc, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<RecordFacts>>([.. Facts.Where(f => f.Record.Uscc == uscc)]);

    public Task<IReadOnlyDictionary<string, StoredRecord>> GetAsync(string uscc, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> TryAddAsync(string uscc, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveAsync(string uscc, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<StoredRecord> ListAsync(string uscc, RecordFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>List entries as grading and eligibility read them.</summary>
internal sealed class MemoryListEntryReader : IListEntryReader
{
    public List<(string Uscc, ListEntrySnapshot Entry)> Entries { get; } = [];

    public Task<IReadOnlyList<ListEntrySnapshot>> GetEntriesAsync(string uscc, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<ListEntrySnapshot>>([.. Entries.Where(e => e.Uscc == uscc).Select(e => e.Entry)]);
}
