using System.Runtime.CompilerServices;
using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests.Records;

/// <summary>The Records table in memory, with ETag-like versions so a lost race is a <see cref="RecordConflictException"/>.</summary>
internal sealed class MemoryRecordStore : IRecordStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredRecord> rows = new(StringComparer.Ordinal);
    private int nextVersion;

    public StoredRecord Get(string id)
    {
        lock (gate)
        {
            return rows[id];
        }
    }

    public void Add(StoredRecord stored)
    {
        lock (gate)
        {
            rows[stored.Record.Id] = stored with { Version = $"v{++nextVersion}" };
        }
    }

    public Task<IReadOnlyDictionary<string, StoredRecord>> GetAsync(string uscc, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, StoredRecord>>(
                ids.Where(id => rows.TryGetValue(id, out var r) && r.Record.Uscc == uscc).ToDictionary(id => id, id => rows[id], StringComparer.Ordinal));
        }
    }

    public Task<bool> TryAddAsync(string uscc, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (records.Any(r => rows.ContainsKey(r.Record.Id)))
            {
                return Task.FromResult(false);
            }

            foreach (var record in records)
            {
                rows[record.Record.Id] = record with { Version = $"v{++nextVersion}" };
            }

            return Task.FromResult(true);
        }
    }

    public Task SaveAsync(string uscc, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (records.Any(r => rows.GetValueOrDefault(r.Record.Id)?.Version != r.Version))
            {
                throw new RecordConflictException("Written meanwhile.");
            }

            foreach (var record in records)
            {
                rows[record.Record.Id] = record with { Version = $"v{++nextVersion}" };
            }

            return Task.CompletedTask;
        }
    }

    public async IAsyncEnumerable<StoredRecord> ListAsync(string uscc, RecordFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<StoredRecord> matching;
        lock (gate)
        {
            matching = [.. rows.Values.Where(r => r.Record.Uscc == uscc
                && (filter.ProviderId is null || r.Record.ProviderId == filter.ProviderId)
                && (filter.To is null || r.Record.DecisionDate <= filter.To))];
        }

        foreach (var record in matching)
        {
            await Task.Yield();
            yield return record;
        }
    }

    public Task<IReadOnlyList<RecordFacts>> ReadFactsAsync(string uscc, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<RecordFacts>>([.. rows.Values
                .Where(r => r.Record.Uscc == uscc)
                .Select(r => new RecordFacts(r.Record with { Content = null, LegalBasis = null }, r.Repair?.On, r.Withdrawn is { } w ? RecordService.WithdrawnOn(w) : null))]);
        }
    }
}

/// <summary>The list entries resting on records, as the record service sees them: every call kept.</summary>
internal sealed class RecordingRecordDependents : IRecordDependents
{
    public List<(string Uscc, string RecordId, string EndReason, string By)> Calls { get; } = [];

    public Task<int> EndOnBasisAsync(string uscc, string recordId, string endReason, string by, CancellationToken cancellationToken)
    {
        Calls.Add((uscc, recordId, endReason, by));
        return Task.FromResult(1);
    }
}
