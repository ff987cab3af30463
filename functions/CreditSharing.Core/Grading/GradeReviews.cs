using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Grading;

/// <summary>
/// Grades follow the calendar: the daily timer's work queues a re-grade of every enterprise whose
/// <see cref="GradeResult.ReviewOn"/> has come, read from the review index by date (not by
/// scanning the grades), and serves current grades to readers, re-computing one past its date
/// before answering. Why: docs/decisions/0008-grades-follow-the-calendar.md
/// </summary>
public sealed class GradeReviews(IGradeReviewIndex index, IGradeStore grades, IGradeRequestQueue gradeRequests, GradeWorker worker, TimeProvider clock)
{
    /// <summary>Enterprises per grade request: a message is graded 8 at a time by one instance.</summary>
    public const int ChunkSize = 100;

    /// <summary>Queues grade requests (reason <c>calendar</c>) for every row due today or earlier, then deletes those rows.</summary>
    public async Task<GradeReviewReport> QueueDueAsync(CancellationToken cancellationToken)
    {
        var today = CityClock.Today(clock);
        var requestedAt = clock.GetUtcNow();
        var queued = 0;
        var messages = 0;
        var rows = new List<GradeReviewDue>(ChunkSize);
        await foreach (var row in index.DueAsync(today, cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == ChunkSize)
            {
                queued += await FlushAsync(rows, requestedAt, cancellationToken);
                messages++;
            }
        }

        if (rows.Count > 0)
        {
            queued += await FlushAsync(rows, requestedAt, cancellationToken);
            messages++;
        }

        return new GradeReviewReport(today, queued, messages);
    }

    /// <summary>
    /// The grade in force today: the stored one, or, when its <see cref="GradeResult.ReviewOn"/> has
    /// come and the daily timer has not re-graded it yet, one computed now (and stored).
    /// </summary>
    public async Task<StoredGrade?> CurrentAsync(string uscc, CancellationToken cancellationToken)
    {
        var stored = await grades.GetCurrentAsync(uscc, cancellationToken);
        if (stored is null || !IsDue(stored.Snapshot.Result, CityClock.Today(clock)))
        {
            return stored;
        }

        try
        {
            await worker.RecomputeAsync(uscc, clock.GetUtcNow(), force: false, cancellationToken);
        }
        catch (GradeConflictException)
        {
            // Graded by others all along: what they stored is at least as new.
        }

        return await grades.GetCurrentAsync(uscc, cancellationToken) ?? stored;
    }

    public static bool IsDue(GradeResult result, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.ReviewOn is { } reviewOn && reviewOn <= today;
    }

    private async Task<int> FlushAsync(List<GradeReviewDue> rows, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        var usccs = rows.Select(r => r.Uscc).Distinct(StringComparer.Ordinal).ToList();
        // Queued before the rows go: a crash in between queues them again tomorrow, never loses them.
        await gradeRequests.EnqueueAsync(new GradeRequestMessage(usccs, GradeRequestMessage.Calendar, requestedAt), cancellationToken);
        await index.RemoveAsync([.. rows], cancellationToken);
        rows.Clear();
        return usccs.Count;
    }
}

/// <summary>What a daily review queued: enterprises due through <see cref="Date"/>, in how many grade requests.</summary>
public sealed record GradeReviewReport(DateOnly Date, int Queued, int Messages);
