using CreditSharing.Core.Commitments;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Grading;

/// <summary>
/// 信用分级分类监管: the <c>grade-requests</c> queue's work, which keeps grades current as data
/// changes. One per process: what it has graded (<see cref="RecentGrades"/>) and what it is grading
/// now let requests for the same enterprise coalesce.
/// </summary>
public sealed class GradeWorker(
    IGradeStore grades,
    IRecordStore records,
    IListEntryReader lists,
    IEnterpriseStore enterprises,
    IRecomputeJobStore jobs,
    IGradeChangeLog changes,
    ICommitmentStore commitments,
    GradeDeferral deferral,
    CreditRules rules,
    TimeProvider clock,
    Webhooks.WebhookEvents? webhooks = null,
    Search.SearchIndexer? search = null)
{
    /// <summary>Enterprises of one message graded at once: each is its own partitions, so they do not contend.</summary>
    private const int Parallelism = 8;

    private const int MaxAttempts = 4;

    private readonly RecentGrades recent = new();

    /// <summary>Enterprises being graded in this process, with the task that ends when that grading does.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> computing = new(StringComparer.Ordinal);

    /// <summary>The queue function's work: re-grade each enterprise of a request.</summary>
    public async Task<IReadOnlyDictionary<RecomputeOutcome, int>> HandleAsync(GradeRequestMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await deferral.TryDeferAsync(message, cancellationToken))
        {
            return new Dictionary<RecomputeOutcome, int> { [RecomputeOutcome.Deferred] = message.Usccs.Count };
        }

        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<RecomputeOutcome, int>();
        await Parallel.ForEachAsync(
            message.Usccs.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (uscc, ct) =>
            {
                var outcome = await RecomputeAsync(uscc, message.RequestedAt, force: message.JobId is not null, ct);
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            });
        if (message.JobId is not null)
        {
            await jobs.CompleteChunkAsync(message.JobId, message.Chunk, message.Usccs.Count, cancellationToken);
        }

        return outcomes;
    }

    /// <summary>
    /// Re-grades one enterprise. A grade computed after <paramref name="requestedAt"/> already saw the
    /// data that prompted the request, so the request is skipped: requests arriving together, and
    /// re-delivered ones, coalesce into one computation.
    /// </summary>
    public async Task<RecomputeOutcome> RecomputeAsync(string uscc, DateTimeOffset requestedAt, bool force, CancellationToken cancellationToken)
    {
        if (!Uscc.TryParse(uscc, out var parsed, out var error))
        {
            throw new InvalidMessageException($"Grade request for an invalid USCC {uscc}: {error}");
        }

        while (true)
        {
            // A re-grade under new rules must look at the stored grade's rules version; this process's grades all used the current rules.
            if (!force && recent.Covers(parsed.Value, requestedAt))
            {
                return RecomputeOutcome.Skipped;
            }

            // Messages processed side by side often name the same enterprise: one computes, the others
            // wait and are usually answered by it. Only when its computation began before their request
            // do they compute again. Why: docs/decisions/0007-grade-request-coalescing.md
            var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = computing.GetOrAdd(parsed.Value, mine.Task);
            if (running != mine.Task)
            {
                await running.WaitAsync(cancellationToken);
                continue;
            }

            try
            {
                return await RecomputeNowAsync(parsed, requestedAt, force, cancellationToken);
            }
            finally
            {
                computing.TryRemove(KeyValuePair.Create(parsed.Value, mine.Task));
                mine.SetResult();
            }
        }
    }

    private async Task<RecomputeOutcome> RecomputeNowAsync(Uscc parsed, DateTimeOffset requestedAt, bool force, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await grades.GetCurrentAsync(parsed.Value, cancellationToken);
            if (current is not null && current.Snapshot.ComputedAt >= requestedAt && (!force || current.Snapshot.Result.RulesVersion == rules.Version))
            {
                await grades.EnsureFiledAsync(current, cancellationToken);
                if (current.Snapshot.Result.RulesVersion == rules.Version)
                {
                    recent.Remember(parsed.Value, current.Snapshot.ComputedAt);
                }

                return RecomputeOutcome.Skipped;
            }

            // The start of reading is the computation's time: everything written before it is seen.
            var startedAt = clock.GetUtcNow();
            var snapshot = await EvaluateAsync(parsed, startedAt, cancellationToken);
            var changed = current is null
                          || current.Snapshot.Result.Score != snapshot.Result.Score
                          || current.Snapshot.Result.Grade != snapshot.Result.Grade;
            try
            {
                await grades.SaveAsync(snapshot, current, writeHistory: changed, cancellationToken);
                if (current is null || current.Snapshot.Result.Grade != snapshot.Result.Grade)
                {
                    // After the save, so a lost race never shows a change that did not happen.
                    var before = current?.Snapshot.Result;
                    await changes.AppendAsync(
                        new GradeChange(snapshot.Uscc, snapshot.Name, snapshot.County, Counties.NameOf(snapshot.County), before?.Grade, before?.Score, snapshot.Result.Grade, snapshot.Result.Score, snapshot.ComputedAt),
                        cancellationToken);
                    if (webhooks is not null)
                    {
                        await webhooks.RaiseAsync(
                            Webhooks.WebhookEventTypes.GradeChanged,
                            snapshot.Uscc,
                            null,
                            new { previousGrade = before?.Grade, previousScore = before?.Score, grade = snapshot.Result.Grade, score = snapshot.Result.Score, computedAt = snapshot.ComputedAt },
                            cancellationToken);
                    }

                    if (search is not null)
                    {
                        // The name search shows the letter from its index rows (docs/search.md).
                        await search.GradeChangedAsync(snapshot.Uscc, snapshot.Result.Grade, cancellationToken);
                    }
                }

                recent.Remember(parsed.Value, snapshot.ComputedAt);
                return changed ? RecomputeOutcome.Changed : RecomputeOutcome.Unchanged;
            }
            catch (GradeConflictException) when (attempt < MaxAttempts)
            {
                // Another worker graded this enterprise meanwhile; look again.
            }
        }
    }

    private async Task<GradeSnapshot> EvaluateAsync(Uscc uscc, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(startedAt.ToOffset(CityClock.Offset).DateTime);
        var recordsTask = records.ReadAsync(uscc.Value, today, cancellationToken);
        var entriesTask = lists.GetEntriesAsync(uscc.Value, cancellationToken);
        var profileTask = enterprises.GetAsync(uscc.Value, cancellationToken);
        var commitmentsTask = commitments.ListAsync(uscc.Value, cancellationToken);
        await Task.WhenAll(recordsTask, entriesTask, profileTask, commitmentsTask);
        var profile = (await profileTask)?.Profile;
        var result = GradeEngine.Evaluate(await recordsTask, await entriesTask, today, rules, await commitmentsTask);
        return new GradeSnapshot(uscc.Value, profile?.Name, GradeIndex.IndexCounty(profile?.County ?? Counties.FromUscc(uscc)), profile?.Industry, result, startedAt, profile?.IndustryCode);
    }
}
