using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Grading;

/// <summary>
/// Grades follow the calendar: every enterprise whose <see cref="GradeResult.ReviewOn"/> has come is
/// re-graded, read from the review index by date (not by scanning the grades), before any grade is
/// served. The daily timer and every read of the grade index (lists, summary, changes, 双随机 draws)
/// call <see cref="CatchUpAsync"/>; a read of one grade re-computes it alone
/// (<see cref="CurrentAsync"/>). Why: docs/decisions/0008-grades-follow-the-calendar.md
/// </summary>
public sealed class GradeReviews(IGradeReviewIndex index, IGradeStore grades, GradeWorker worker, TimeProvider clock)
{
    /// <summary>Enterprises graded before their review rows are deleted; a failure leaves at most this many graded but still listed.</summary>
    public const int ChunkSize = 100;

    /// <summary>Enterprises graded at once, as <see cref="GradeWorker"/> grades a message: each is its own partitions.</summary>
    private const int Parallelism = 8;

    private readonly Lock gate = new();

    /// <summary>The catch-up running in this process: readers arriving meanwhile wait for it rather than grade again.</summary>
    private (DateOnly Day, Task<GradeCatchUp> Run)? running;

    /// <summary>
    /// Re-grades every enterprise with a review row due today or earlier, then deletes those rows.
    /// When none is due this costs one query (<c>PartitionKey le today</c>, first row only). Grading
    /// goes through <see cref="GradeWorker.RecomputeAsync"/> as of the start of the city's day, so a
    /// grade computed since midnight (by the timer, another reader, a data change or another
    /// instance) is not computed again; concurrent callers in one process share one run.
    /// </summary>
    public async Task<GradeCatchUp> CatchUpAsync(CancellationToken cancellationToken)
    {
        var today = CityClock.Today(clock);
        if (!await index.AnyDueAsync(today, cancellationToken))
        {
            return new GradeCatchUp(today, 0, 0, 0, 0);
        }

        Task<GradeCatchUp> run;
        lock (gate)
        {
            if (running is { } r && r.Day == today && !r.Run.IsCompleted)
            {
                run = r.Run;
            }
            else
            {
                // Not cancelled with the caller that started it: the callers joining it must not lose it.
                run = Task.Run(() => RunAsync(today, CancellationToken.None), CancellationToken.None);
                running = (today, run);
            }
        }

        return await run.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The grade in force today: the stored one, or, when its <see cref="GradeResult.ReviewOn"/> has
    /// come and no catch-up has re-graded it yet, one computed now (and stored).
    /// </summary>
    public async Task<StoredGrade?> CurrentAsync(string uscc, CancellationToken cancellationToken)
    {
        var stored = await grades.GetCurrentAsync(uscc, cancellationToken);
        var today = CityClock.Today(clock);
        if (stored is null || !IsDue(stored.Snapshot.Result, today))
        {
            return stored;
        }

        try
        {
            await worker.RecomputeAsync(uscc, StartOf(today), force: false, cancellationToken);
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

    /// <summary>Midnight in the city: a grade computed since then counted today's calendar.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), CityClock.Offset);

    private async Task<GradeCatchUp> RunAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var rows = new List<GradeReviewDue>();
        await foreach (var row in index.DueAsync(today, cancellationToken))
        {
            rows.Add(row);
        }

        var since = StartOf(today);
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<RecomputeOutcome, int>();
        foreach (var chunk in rows.Chunk(ChunkSize))
        {
            await Parallel.ForEachAsync(
                chunk.Select(r => r.Uscc).Distinct(StringComparer.Ordinal),
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (uscc, ct) =>
                {
                    RecomputeOutcome outcome;
                    try
                    {
                        outcome = await worker.RecomputeAsync(uscc, since, force: false, ct);
                    }
                    catch (GradeConflictException)
                    {
                        // Graded by others all along: what they stored is at least as new as today.
                        outcome = RecomputeOutcome.Skipped;
                    }

                    outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                });

            // Deleted once graded: a failure before this leaves the rows, and the next read or the timer grades them.
            await index.RemoveAsync(chunk, cancellationToken);
        }

        return new GradeCatchUp(
            today,
            rows.Select(r => r.Uscc).Distinct(StringComparer.Ordinal).Count(),
            outcomes.GetValueOrDefault(RecomputeOutcome.Changed),
            outcomes.GetValueOrDefault(RecomputeOutcome.Unchanged),
            outcomes.GetValueOrDefault(RecomputeOutcome.Skipped));
    }
}

/// <summary>
/// What a catch-up did on <see cref="Date"/>: enterprises due, and of those, re-graded with a new
/// score or grade, re-graded unchanged, and skipped (already graded since midnight).
/// </summary>
public sealed record GradeCatchUp(DateOnly Date, int Due, int Changed, int Unchanged, int Skipped);
