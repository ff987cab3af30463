using CreditSharing.Core.Grading;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Records;

/// <summary>
/// Stores records of one enterprise idempotently: a record seen before with the same content is
/// skipped, with changed content it is a correction (revision + 1). Used by the queue function and
/// by bulk imports alike.
/// </summary>
public sealed class RecordWriter(IRecordStore store, IGradeRequestQueue gradeRequests, TimeProvider clock)
{
    /// <summary>Enterprises written at once: each is its own partition, so they do not contend.</summary>
    public const int WriteParallelism = 16;

    /// <summary>Enterprises per grade-request message (a queue message holds about 2,000 USCCs).</summary>
    public const int EnterprisesPerGradeRequest = 500;

    /// <summary>
    /// How long a grade request from a record write waits before it is seen. Providers send an
    /// enterprise's records in bursts (one batch after another); a computation that starts after
    /// the burst answers every request of it, so the enterprise is graded once instead of once per
    /// batch. Short enough that a grade follows its records within seconds (the grading bar: a new
    /// record shows in the grade within 5 s). Why: docs/decisions/0007-grade-request-coalescing.md
    /// </summary>
    public static readonly TimeSpan GradeDebounce = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Stores records of any number of enterprises, then asks for the grades of every enterprise
    /// touched, changed or not: an unchanged record may be a redelivery of a message whose grade
    /// request was lost, and a needless grading costs less than a stale grade.
    /// </summary>
    public Task<RecordWriteCounts> StoreManyAsync(IEnumerable<CreditRecord> records, DateTimeOffset receivedAt, string reason, CancellationToken cancellationToken)
        => StoreManyAsync(records, receivedAt, reason, GradeDebounce, cancellationToken);

    /// <param name="gradeDelay">How long the grade requests wait (<see cref="GradeDebounce"/> for deliveries).</param>
    public async Task<RecordWriteCounts> StoreManyAsync(IEnumerable<CreditRecord> records, DateTimeOffset receivedAt, string reason, TimeSpan gradeDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records as IReadOnlyCollection<CreditRecord> ?? records.ToList();
        var total = await StoreWithoutGradingAsync(list, receivedAt, cancellationToken);
        await RequestGradesAsync(list.Select(r => r.Uscc), reason, gradeDelay, cancellationToken);
        return total;
    }

    /// <summary>Stores records of any number of enterprises; the caller asks for their grades (<see cref="RequestGradesAsync"/>) when it is done writing.</summary>
    public async Task<RecordWriteCounts> StoreWithoutGradingAsync(IEnumerable<CreditRecord> records, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var total = new RecordWriteCounts();
        await Parallel.ForEachAsync(
            records.GroupBy(r => r.Uscc, StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
            async (group, ct) => total.Add(await StoreAsync(group.Key, group.ToList(), receivedAt, requestGrade: false, ct)));
        return total;
    }

    /// <summary>Asks for the grades of enterprises whose records were written, changed or not (see <see cref="StoreManyAsync(IEnumerable{CreditRecord}, DateTimeOffset, string, CancellationToken)"/>).</summary>
    public async Task RequestGradesAsync(IEnumerable<string> usccs, string reason, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usccs);
        foreach (var chunk in usccs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(EnterprisesPerGradeRequest))
        {
            // Taken after the writes, so grading cannot coalesce this request into an earlier computation.
            await gradeRequests.EnqueueAsync(new GradeRequestMessage(chunk, reason, clock.GetUtcNow()), delay, cancellationToken);
        }
    }

    public async Task<RecordWriteCounts> StoreAsync(string uscc, IReadOnlyList<CreditRecord> records, DateTimeOffset receivedAt, bool requestGrade, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);

        // The same record twice in one delivery: the later one is the provider's final word.
        var latest = records.GroupBy(r => r.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        if (latest.Any(r => r.Uscc != uscc))
        {
            throw new InvalidMessageException($"A record batch for {uscc} holds records of another enterprise.");
        }

        var now = clock.GetUtcNow();
        var counts = new RecordWriteCounts();

        // Most deliveries bring new records: try adding them all before paying a read per record.
        // A record that exists fails its whole transaction, and the careful path below sorts it out.
        if (await store.TryAddAsync(uscc, latest.Select(r => new StoredRecord(r, 1, receivedAt, now, Hash(r), null, SubmittedAt: receivedAt)).ToList(), cancellationToken))
        {
            counts.Created = latest.Count;
            if (requestGrade)
            {
                await RequestGradeAsync(uscc, GradeRequestMessage.RecordsChanged, cancellationToken);
            }

            return counts;
        }

        var existing = await store.GetAsync(uscc, latest.Select(r => r.Id).ToList(), cancellationToken);
        var writes = new List<StoredRecord>();
        foreach (var record in latest)
        {
            var hash = Hash(record);
            if (!existing.TryGetValue(record.Id, out var stored))
            {
                writes.Add(new StoredRecord(record, 1, receivedAt, now, hash, null, SubmittedAt: receivedAt));
                counts.Created++;
            }
            else if (stored.ContentHash != hash && receivedAt >= stored.ContentSubmittedAt)
            {
                // Repair and withdrawal are not the provider's content: a correction keeps them.
                writes.Add(new StoredRecord(record, stored.Revision + 1, stored.ReceivedAt, now, hash, stored.Version, stored.Repair, receivedAt, stored.Withdrawn));
                counts.Corrected++;
            }
            else if (stored.ContentHash != hash)
            {
                // An older submission delivered after a newer one: the newer content stands.
                counts.Stale++;
            }
            else
            {
                counts.Unchanged++;
            }
        }

        if (writes.Count > 0)
        {
            await store.SaveAsync(uscc, writes, cancellationToken);
        }

        // A chunk of a multi-transaction optimistic add may have landed before another failed, so
        // the enterprise is re-graded even when this pass found nothing new.
        if (requestGrade && (writes.Count > 0 || latest.Count > 100))
        {
            await RequestGradeAsync(uscc, GradeRequestMessage.RecordsChanged, cancellationToken);
        }

        return counts;
    }

    /// <summary>
    /// Asks for a re-grade. The request time is taken after the write: grading skips a request
    /// whose time precedes a computation's start, so a time from before the write could let a
    /// computation that never saw the write swallow it.
    /// </summary>
    public Task RequestGradeAsync(string uscc, string reason, CancellationToken cancellationToken)
        => gradeRequests.EnqueueAsync(new GradeRequestMessage([uscc], reason, clock.GetUtcNow()), cancellationToken);

    /// <summary>The record's content hash: stored with it, so it may never change for the same content (<see cref="CanonicalJson"/>).</summary>
    public static string Hash(CreditRecord record) => CanonicalJson.Sha256(record);
}

public sealed class RecordWriteCounts
{
    private readonly Lock gate = new();

    public int Created { get; set; }

    public int Corrected { get; set; }

    public int Unchanged { get; set; }

    /// <summary>Records whose stored content came from a later submission than this delivery's.</summary>
    public int Stale { get; set; }

    public bool Changed => Created + Corrected > 0;

    /// <summary>Adds another enterprise's counts; safe from parallel writers.</summary>
    public void Add(RecordWriteCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        lock (gate)
        {
            Created += other.Created;
            Corrected += other.Corrected;
            Unchanged += other.Unchanged;
            Stale += other.Stale;
        }
    }
}
