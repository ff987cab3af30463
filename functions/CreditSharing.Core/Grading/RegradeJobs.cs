using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Grading;

/// <summary>Re-grades of every enterprise under the current rules (after a rules change), in chunks through the <c>grade-requests</c> queue.</summary>
public sealed class RegradeJobs(
    IGradeStore grades,
    IEnterpriseStore enterprises,
    IGradeRequestQueue gradeRequests,
    IRecomputeJobStore jobs,
    IRecomputeQueue recomputeQueue,
    CreditRules rules,
    TimeProvider clock)
{
    /// <summary>Enterprises per grade-request message of a re-grade job.</summary>
    public const int ChunkSize = 500;

    public async Task<RecomputeJob> StartRecomputeAllAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var job = new RecomputeJob(Guid.NewGuid().ToString("N"), "queued", 0, 0, rules.Version, now, now);
        await jobs.CreateAsync(job, cancellationToken);
        await recomputeQueue.EnqueueAsync(new RecomputeAllMessage(job.JobId), cancellationToken);
        return job;
    }

    /// <summary>Lists every known enterprise (registered or graded) and queues them in chunks.</summary>
    public async Task ExpandRecomputeAllAsync(RecomputeAllMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var job = await jobs.GetAsync(message.JobId, cancellationToken) ?? throw new InvalidMessageException($"Job {message.JobId} does not exist.");
        var all = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var uscc in enterprises.ListUsccsAsync(cancellationToken))
        {
            all.Add(uscc);
        }

        await foreach (var uscc in grades.GradedAsync(cancellationToken))
        {
            all.Add(uscc);
        }

        await jobs.SetTotalAsync(job.JobId, all.Count, cancellationToken);
        var requestedAt = clock.GetUtcNow();
        var chunk = 0;
        foreach (var usccs in all.Chunk(ChunkSize))
        {
            await gradeRequests.EnqueueAsync(new GradeRequestMessage(usccs, "rules-recompute", requestedAt, job.JobId, chunk++), cancellationToken);
        }
    }

    public async Task<QueryResult<RecomputeJob>> GetRecomputeAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = jobId.Length == 32 && jobId.All(char.IsAsciiHexDigitLower) ? await jobs.GetAsync(jobId, cancellationToken) : null;
        return job is null ? QueryResult<RecomputeJob>.NotFound($"No re-grade job {jobId}.") : QueryResult<RecomputeJob>.Ok(job);
    }
}
