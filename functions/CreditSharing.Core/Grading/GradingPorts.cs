namespace CreditSharing.Core.Grading;

/// <summary>Tables <c>Grades</c> (current and history rows per enterprise) and <c>GradeIndex</c> (by county and grade).</summary>
public interface IGradeStore
{
    Task<StoredGrade?> GetCurrentAsync(string uscc, CancellationToken cancellationToken);

    /// <summary>The grade in force at <paramref name="at"/>: the newest history row computed at or before it.</summary>
    Task<GradeSnapshot?> GetAsOfAsync(string uscc, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Files the grade in the index (moving it when its county or grade changed), then writes the
    /// current row guarded by <paramref name="previous"/>'s version, and a history row when asked.
    /// A lost race throws <see cref="GradeConflictException"/>. A grade with a
    /// <see cref="GradeResult.ReviewOn"/> other than <paramref name="previous"/>'s is first filed
    /// in the review index (<see cref="IGradeReviewIndex"/>) under that date; the row of the old
    /// date stays until its day comes, when re-grading it is merely early.
    /// </summary>
    Task SaveAsync(GradeSnapshot snapshot, StoredGrade? previous, bool writeHistory, CancellationToken cancellationToken);

    /// <summary>
    /// Makes sure the stored grade is in the index where it belongs and nowhere else: a save whose
    /// filing was cut short (a crash after the current row was written) is finished by the next request.
    /// </summary>
    Task EnsureFiledAsync(StoredGrade current, CancellationToken cancellationToken);

    /// <param name="industryCode">A GB/T 4754-2017 code taken as a prefix: <c>F</c> lists <c>F</c>, <c>F51</c> and <c>F52</c>.</param>
    Task<(IReadOnlyList<GradeListItem> Items, string? ContinuationToken)> ListAsync(string? county, string? industry, string? industryCode, string? grade, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Counts per county and grade (and of those, graded on no data), kept beside the index rows so a summary reads a few counters, not the index.</summary>
    Task<IReadOnlyDictionary<(string County, string Grade), GradeCount>> CountAsync(CancellationToken cancellationToken);

    /// <summary>Every enterprise with a grade.</summary>
    IAsyncEnumerable<string> GradedAsync(CancellationToken cancellationToken);
}

/// <summary>Table <c>GradeChanges</c>: every change of a grade letter across enterprises, newest first.</summary>
public interface IGradeChangeLog
{
    /// <summary>Idempotent: the same change (enterprise and time) appended twice is one row.</summary>
    Task AppendAsync(GradeChange change, CancellationToken cancellationToken);

    Task<IReadOnlyList<GradeChange>> NewestAsync(int count, CancellationToken cancellationToken);
}

/// <summary>Table <c>ListEntries</c>, read for grading.</summary>
public interface IListEntryReader
{
    Task<IReadOnlyList<ListEntrySnapshot>> GetEntriesAsync(string uscc, CancellationToken cancellationToken);
}

public sealed class GradeConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Progress of a re-grade of every enterprise (table <c>Jobs</c>).</summary>
public sealed record RecomputeJob(string JobId, string Status, int Total, int Done, string RulesVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public interface IRecomputeJobStore
{
    Task CreateAsync(RecomputeJob job, CancellationToken cancellationToken);

    Task<RecomputeJob?> GetAsync(string jobId, CancellationToken cancellationToken);

    Task SetTotalAsync(string jobId, int total, CancellationToken cancellationToken);

    /// <summary>Records that one chunk is done; idempotent per chunk, so a re-delivered chunk counts once.</summary>
    Task CompleteChunkAsync(string jobId, int chunk, int count, CancellationToken cancellationToken);
}

/// <summary>Queue <c>grade-requests</c>: the enterprises to grade again.</summary>
public interface IGradeRequestQueue
{
    Task EnqueueAsync(GradeRequestMessage message, CancellationToken cancellationToken);

    /// <summary>Queues a request that becomes visible only after <paramref name="delay"/>.</summary>
    Task EnqueueAsync(GradeRequestMessage message, TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>Queue <c>grade-recompute</c>: a job whose enterprises are still to be listed and queued.</summary>
public sealed record RecomputeAllMessage(string JobId);

public interface IRecomputeQueue
{
    Task EnqueueAsync(RecomputeAllMessage message, CancellationToken cancellationToken);
}

/// <summary>A row of the review index: the enterprise whose grade is due to be re-computed on <see cref="Day"/>.</summary>
public sealed record GradeReviewDue(DateOnly Day, string Uscc);

/// <summary>
/// Table <c>GradeReviews</c>: the stored grades by <see cref="GradeResult.ReviewOn"/>, so the daily
/// re-grade reads the enterprises due, never every grade. Written by <see cref="IGradeStore.SaveAsync"/>.
/// </summary>
public interface IGradeReviewIndex
{
    /// <summary>Whether any row is due on or before <paramref name="through"/>: one query that reads at most one row.</summary>
    Task<bool> AnyDueAsync(DateOnly through, CancellationToken cancellationToken);

    /// <summary>Every row due on or before <paramref name="through"/>, oldest day first.</summary>
    IAsyncEnumerable<GradeReviewDue> DueAsync(DateOnly through, CancellationToken cancellationToken);

    /// <summary>Deletes processed rows; rows already gone are no error.</summary>
    Task RemoveAsync(IReadOnlyList<GradeReviewDue> rows, CancellationToken cancellationToken);
}
