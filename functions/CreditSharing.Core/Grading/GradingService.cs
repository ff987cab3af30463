using System.Globalization;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Grading;

/// <summary>信用分级分类监管: grades kept current as data changes, and the queries regulators make of them.</summary>
public sealed class GradingService(
    IGradeStore grades,
    IRecordStore records,
    IListEntryReader lists,
    IEnterpriseStore enterprises,
    IGradeRequestQueue gradeRequests,
    IRecomputeJobStore jobs,
    IRecomputeQueue recomputeQueue,
    IGradeChangeLog changes,
    GradeDeferral deferral,
    CreditRules rules,
    TimeProvider clock)
{
    /// <summary>County of the index for enterprises registered outside the city's counties.</summary>
    public const string OtherCounty = "other";

    /// <summary>Enterprises per grade-request message of a re-grade job.</summary>
    public const int ChunkSize = 500;

    /// <summary>Enterprises of one message graded at once: each is its own partitions, so they do not contend.</summary>
    private const int Parallelism = 8;

    private const int MaxAttempts = 4;

    public const int DefaultChangeCount = 20;

    public const int MaxChangeCount = 100;

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
            // wait and are usually answered by it (bench: ingest graded 1,656 times for 1,000 enterprises
            // before). Only when its computation began before their request do they compute again.
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

    public async Task<QueryResult<GradeView>> GetAsync(string routeUscc, string? asOf, CancellationToken cancellationToken)
    {
        if (!Uscc.TryParse(routeUscc, out var uscc, out var error))
        {
            return QueryResult<GradeView>.Invalid(FieldErrors.Of("uscc", error));
        }

        GradeSnapshot? snapshot;
        if (string.IsNullOrWhiteSpace(asOf))
        {
            snapshot = (await grades.GetCurrentAsync(uscc.Value, cancellationToken))?.Snapshot;
        }
        else if (DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            // The grade in force that day is the last one computed before the city's midnight.
            var endOfDay = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), CityClock.Offset).AddTicks(-1);
            snapshot = await grades.GetAsOfAsync(uscc.Value, endOfDay, cancellationToken);
        }
        else
        {
            return QueryResult<GradeView>.Invalid(FieldErrors.Of("asOf", "A date is written YYYY-MM-DD."));
        }

        if (snapshot is null)
        {
            return QueryResult<GradeView>.NotFound(asOf is null ? $"{uscc.Value} has no grade yet." : $"{uscc.Value} had no grade on {asOf}.");
        }

        var r = snapshot.Result;
        return QueryResult<GradeView>.Ok(new GradeView(uscc.Value, snapshot.Name, r.Grade, r.Score, r.Factors, r.ListStatus, r.Supervision, snapshot.ComputedAt, r.RulesVersion));
    }

    public async Task<QueryResult<Page<GradeListItem>>> ListAsync(string? county, string? industry, string? grade, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        ValidateFilters(county, grade, errors);
        var size = ContinuationToken.PageSize(pageSize, errors);
        var tableToken = ContinuationToken.UnwrapTableToken(continuationToken, errors);

        if (!errors.IsEmpty)
        {
            return QueryResult<Page<GradeListItem>>.Invalid(errors);
        }

        var (items, next) = await grades.ListAsync(county, Blank(industry), grade, size!.Value, tableToken, cancellationToken);
        return QueryResult<Page<GradeListItem>>.Ok(new Page<GradeListItem>(items, ContinuationToken.WrapTableToken(next)));
    }

    /// <summary>Counts by grade and county, from the counters kept with the index; an industry filter pages through the index instead.</summary>
    public async Task<QueryResult<GradeSummary>> SummaryAsync(string? county, string? industry, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        ValidateFilters(county, null, errors);
        if (!errors.IsEmpty)
        {
            return QueryResult<GradeSummary>.Invalid(errors);
        }

        var counts = new Dictionary<(string County, string Grade), int>();
        if (Blank(industry) is null)
        {
            counts = (await grades.CountAsync(cancellationToken)).Where(c => county is null || c.Key.County == county).ToDictionary(c => c.Key, c => c.Value);
        }
        else
        {
            string? token = null;
            do
            {
                var (items, next) = await grades.ListAsync(county, Blank(industry), null, ContinuationToken.MaxPageSize * 2, token, cancellationToken);
                foreach (var item in items)
                {
                    counts[(item.County, item.Grade)] = counts.GetValueOrDefault((item.County, item.Grade)) + 1;
                }

                token = next;
            }
            while (token is not null);
        }

        var byGrade = GradingRules.Grades.ToDictionary(g => g, g => counts.Where(c => c.Key.Grade == g).Sum(c => c.Value));
        var byCounty = counts.Keys.Select(k => k.County).Distinct().Order(StringComparer.Ordinal)
            .ToDictionary(c => c, c => (IReadOnlyDictionary<string, int>)GradingRules.Grades.ToDictionary(g => g, g => counts.GetValueOrDefault((c, g))));
        return QueryResult<GradeSummary>.Ok(new GradeSummary(byGrade.Values.Sum(), byGrade, byCounty));
    }

    /// <summary>The newest grade changes across the city (1–100, default 20), newest first.</summary>
    public async Task<QueryResult<IReadOnlyList<GradeChange>>> ChangesAsync(string? count, CancellationToken cancellationToken)
    {
        var size = DefaultChangeCount;
        if (!string.IsNullOrWhiteSpace(count)
            && !(int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxChangeCount))
        {
            return QueryResult<IReadOnlyList<GradeChange>>.Invalid(FieldErrors.Of("count", $"count is a whole number from 1 to {MaxChangeCount}."));
        }

        return QueryResult<IReadOnlyList<GradeChange>>.Ok(await changes.NewestAsync(size, cancellationToken));
    }

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

    public static string IndexCounty(string? county) => county is not null && Counties.NameOf(county) is not null ? county : OtherCounty;

    private async Task<GradeSnapshot> EvaluateAsync(Uscc uscc, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(startedAt.ToOffset(CityClock.Offset).DateTime);
        var recordsTask = records.ReadAsync(uscc.Value, today, cancellationToken);
        var entriesTask = lists.GetEntriesAsync(uscc.Value, cancellationToken);
        var profileTask = enterprises.GetAsync(uscc.Value, cancellationToken);
        await Task.WhenAll(recordsTask, entriesTask, profileTask);
        var profile = (await profileTask)?.Profile;
        var result = GradeEngine.Evaluate(await recordsTask, await entriesTask, today, rules);
        return new GradeSnapshot(uscc.Value, profile?.Name, IndexCounty(profile?.County ?? Counties.FromUscc(uscc)), profile?.Industry, result, startedAt);
    }

    private static void ValidateFilters(string? county, string? grade, FieldErrors errors)
    {
        if (county is not null && county != OtherCounty && Counties.NameOf(county) is null)
        {
            errors.Add("county", $"A county is one of {string.Join(", ", Counties.All.Keys)} or '{OtherCounty}'.");
        }

        if (grade is not null && !GradingRules.Grades.Contains(grade, StringComparer.Ordinal))
        {
            errors.Add("grade", "A grade is A, B, C or D.");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
