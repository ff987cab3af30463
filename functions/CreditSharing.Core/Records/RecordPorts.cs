namespace CreditSharing.Core.Records;

/// <summary>Table <c>Records</c>: one partition per enterprise, row key = record id.</summary>
public interface IRecordStore
{
    Task<IReadOnlyDictionary<string, StoredRecord>> GetAsync(string uscc, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Adds records none of which should exist yet, 100 per transaction; false (and a chunk left
    /// unwritten) as soon as one exists. Cheaper than reading first when most records are new.
    /// </summary>
    Task<bool> TryAddAsync(string uscc, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken);

    /// <summary>Writes new and corrected records of one enterprise atomically per 100; a lost ETag race throws <see cref="RecordConflictException"/>.</summary>
    Task SaveAsync(string uscc, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken);

    IAsyncEnumerable<StoredRecord> ListAsync(string uscc, RecordFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Every record of an enterprise, for computing on (grading, 信易贷 eligibility): in one read
    /// where the store can, and without the free text <c>Content</c> and <c>LegalBasis</c>, which no
    /// computation reads.
    /// </summary>
    Task<IReadOnlyList<RecordFacts>> ReadFactsAsync(string uscc, CancellationToken cancellationToken);
}

/// <summary>
/// A record as computations see it: its content without the free text, the day it was repaired,
/// if it was, and the day (the city's) it was withdrawn, if it was.
/// </summary>
public sealed record RecordFacts(CreditRecord Record, DateOnly? RepairedOn, DateOnly? WithdrawnOn = null);

/// <summary>
/// What rests on a record: list entries naming it in <c>basisRecordIds</c> (Lists). When the
/// record is repaired or withdrawn they end with it.
/// </summary>
public interface IRecordDependents
{
    /// <summary>Ends the enterprise's active entries that rest on <paramref name="recordId"/>; answers how many ended. Safe to repeat.</summary>
    Task<int> EndOnBasisAsync(string uscc, string recordId, string endReason, string by, CancellationToken cancellationToken);
}

public sealed record RecordFilter(string? Category, DateOnly? From, DateOnly? To, string? ProviderId);

public interface IRecordQueue
{
    Task EnqueueAsync(RecordBatchMessage message, CancellationToken cancellationToken);

    /// <summary>About how many messages the queue holds, those being processed included.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}

/// <summary>Blob <c>archive/</c>: raw accepted submissions, append-only.</summary>
public interface ISubmissionArchive
{
    Task ArchiveAsync(string providerId, string submissionId, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}

/// <summary>Another writer changed a record between our read and our write; the whole message is retried.</summary>
public sealed class RecordConflictException(string message, Exception? inner = null) : Exception(message, inner);
