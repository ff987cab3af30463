using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Grading;

public sealed class GradeTableStore : IGradeStore
{
    /// <summary>Counter rows are hot during a re-grade of everything; lost races retry this often.</summary>
    private const int MaxCounterAttempts = 20;

    private readonly TableClient grades;
    private readonly TableClient index;
    private readonly TableClient reviews;

    /// <summary>
    /// Filings that change an index partition's counter, written a batch at a time per partition.
    /// Every first grade in a county updates that partition's counter under its ETag, so graders
    /// filing at once lose that race again and again, and taking turns one filing at a time is
    /// slow. A batch adds up to 99 rows and counts them in one transaction.
    /// Why: docs/decisions/0006-grade-index-counter-rows.md
    /// </summary>
    private readonly PartitionBatcher<IndexChange> filings;

    public GradeTableStore(TableServiceClient tables, StorageNames names)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(names);
        grades = tables.GetTableClient(names.Table(TableNames.Grades));
        index = tables.GetTableClient(names.Table(TableNames.GradeIndex));
        reviews = tables.GetTableClient(names.Table(TableNames.GradeReviews));
        filings = new PartitionBatcher<IndexChange>(WriteFilingsAsync, maxBatch: 99);
    }

    public async Task<StoredGrade?> GetCurrentAsync(string uscc, CancellationToken cancellationToken)
    {
        var response = await grades.GetEntityIfExistsAsync<GradeEntity>(TableKeys.Checked(uscc), GradeEntity.CurrentRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? new StoredGrade(ToSnapshot(response.Value!), response.Value!.ETag.ToString(), response.Value!.PreviousCounty) : null;
    }

    public async Task EnsureFiledAsync(StoredGrade current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        var snapshot = current.Snapshot;
        var filed = await index.GetEntityIfExistsAsync<GradeIndexEntity>(
            GradeIndexEntity.PartitionOf(snapshot.County, snapshot.Result.Grade), TableKeys.Checked(snapshot.Uscc), cancellationToken: cancellationToken);
        if (!filed.HasValue)
        {
            await FileAsync(snapshot, previousPartition: null, [snapshot.County, current.PreviousCounty], cancellationToken);
        }
    }

    public async Task<GradeSnapshot?> GetAsOfAsync(string uscc, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableKeys.Checked(uscc)} and RowKey ge {GradeEntity.HistoryRowKey(at)} and RowKey lt {GradeEntity.HistoryPrefix + "~"}");
        await foreach (var entity in grades.QueryAsync<GradeEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return ToSnapshot(entity);
        }

        return null;
    }

    public async Task SaveAsync(GradeSnapshot snapshot, StoredGrade? previous, bool writeHistory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Result.ReviewOn is { } reviewOn && reviewOn != previous?.Snapshot.Result.ReviewOn)
        {
            // Before the grade: a grade is never stored without its review row. A save that then loses
            // its race leaves a row whose day merely re-grades once more.
            await reviews.UpsertEntityAsync(GradeReviewTableStore.EntityOf(reviewOn, snapshot.Uscc), TableUpdateMode.Replace, cancellationToken);
        }

        var current = ToEntity(snapshot, GradeEntity.CurrentRowKey);
        current.PreviousCounty = previous?.Snapshot.County;
        // The current row and its history row share the enterprise's partition: one transaction writes both.
        var actions = new List<TableTransactionAction>
        {
            previous is null
                ? new TableTransactionAction(TableTransactionActionType.Add, current)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, current, new ETag(previous.Version!)),
        };
        if (writeHistory)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(snapshot, GradeEntity.HistoryRowKey(snapshot.ComputedAt))));
        }

        ETag written;
        try
        {
            written = (await grades.SubmitTransactionAsync(actions, cancellationToken)).Value[0].Headers.ETag ?? default;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new GradeConflictException($"The grade of {snapshot.Uscc} changed meanwhile.", ex);
        }

        // A first grade has nothing to take out of the index: index rows are only ever written after
        // the current row, and this save is the one that added it.
        var before = previous?.Snapshot;
        if (await FileAsync(snapshot, before is null ? null : GradeIndexEntity.PartitionOf(before.County, before.Result.Grade), before is null ? [] : [snapshot.County, before.County], cancellationToken))
        {
            // Updated where the row already was: a newer grade filed elsewhere sweeps this partition
            // after this update (or this update would have found no row), so nothing is left behind.
            return;
        }

        // A newer grade may have been saved while this one was being filed, and its sweep may have
        // run before this row landed: the outdated writer takes its own row back out.
        var latest = await grades.GetEntityIfExistsAsync<GradeEntity>(current.PartitionKey, GradeEntity.CurrentRowKey, cancellationToken: cancellationToken);
        if (latest.HasValue && latest.Value!.ETag != written
            && GradeIndexEntity.PartitionOf(latest.Value.County, latest.Value.Grade) is var newest
            && newest != GradeIndexEntity.PartitionOf(snapshot.County, snapshot.Result.Grade))
        {
            await RemoveWithCounterAsync(GradeIndexEntity.PartitionOf(snapshot.County, snapshot.Result.Grade), current.PartitionKey, cancellationToken);
        }
    }

    public async Task<(IReadOnlyList<GradeListItem> Items, string? ContinuationToken)> ListAsync(
        string? county, string? industry, string? industryCode, string? grade, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"RowKey lt {"~"}") };
        if (county is not null && grade is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {GradeIndexEntity.PartitionOf(county, grade)}"));
        }
        else if (county is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey ge {county + "~"} and PartitionKey lt {county + "~~"}"));
        }
        else if (grade is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Grade eq {grade}"));
        }

        if (industry is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Industry eq {industry}"));
        }

        if (industryCode is not null)
        {
            // A prefix as a string range: '~' sorts after every letter and digit of a code.
            clauses.Add(TableClient.CreateQueryFilter($"IndustryCode ge {industryCode} and IndustryCode lt {industryCode + "~"}"));
        }

        await foreach (var page in index.QueryAsync<GradeIndexEntity>(string.Join(" and ", clauses), maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            var items = page.Values.Select(e => new GradeListItem(e.RowKey, e.Name, e.County, Counties.NameOf(e.County), e.Industry, e.Grade, e.Score, e.IndustryCode, e.NoData)).ToList();
            return (items, page.ContinuationToken);
        }

        return ([], null);
    }

    public async Task<IReadOnlyDictionary<(string County, string Grade), GradeCount>> CountAsync(CancellationToken cancellationToken)
    {
        var partitions = Counties.All.Keys.Append(GradeIndex.OtherCounty)
            .SelectMany(c => GradingRules.Grades.Select(g => (County: c, Grade: g)))
            .ToList();
        var counts = await Task.WhenAll(partitions.Select(async p =>
        {
            var counter = await index.GetEntityIfExistsAsync<GradeCounterEntity>(GradeIndexEntity.PartitionOf(p.County, p.Grade), GradeCounterEntity.CounterRowKey, cancellationToken: cancellationToken);
            return (p, Count: counter.HasValue ? new GradeCount(counter.Value!.Count, counter.Value!.NoData) : new GradeCount(0, 0));
        }));
        return counts.Where(c => c.Count.Count > 0).ToDictionary(c => c.p, c => c.Count);
    }

    public async IAsyncEnumerable<string> GradedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey lt {"~"}");
        await foreach (var entity in index.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            yield return entity.RowKey;
        }
    }

    /// <summary>
    /// Puts the enterprise's index row in its partition and takes it out of any other it may be in.
    /// When the location is unchanged an in-place update is all it takes; otherwise (or when that row
    /// is missing, after a crash between the current-row write and the index) every partition of the
    /// old and new counties is checked, so the index heals itself. True when the row was updated in place.
    /// </summary>
    private async Task<bool> FileAsync(GradeSnapshot snapshot, string? previousPartition, IEnumerable<string?> counties, CancellationToken cancellationToken)
    {
        var target = GradeIndexEntity.PartitionOf(snapshot.County, snapshot.Result.Grade);
        var row = new GradeIndexEntity
        {
            PartitionKey = target,
            RowKey = TableKeys.Checked(snapshot.Uscc),
            Name = snapshot.Name,
            County = snapshot.County,
            Industry = snapshot.Industry,
            IndustryCode = snapshot.IndustryCode,
            Grade = snapshot.Result.Grade,
            Score = snapshot.Result.Score,
            NoData = snapshot.Result.DataSources == 0,
        };
        if (previousPartition == target && await UpdateInPlaceAsync(row, cancellationToken))
        {
            return true;
        }

        // Not there after all (or a first filing): file it properly below.

        await AddWithCounterAsync(row, cancellationToken);
        foreach (var partition in counties.OfType<string>().Distinct(StringComparer.Ordinal).SelectMany(c => GradingRules.Grades.Select(g => GradeIndexEntity.PartitionOf(c, g))).Where(p => p != target))
        {
            await RemoveWithCounterAsync(partition, row.RowKey, cancellationToken);
        }

        return false;
    }

    /// <summary>
    /// Replaces the enterprise's row where it is. When the row's "graded on no data" flag changes,
    /// the partition counter's <c>NoData</c> changes with it in the same transaction, so that count
    /// never drifts either. False when the row is not there.
    /// </summary>
    private async Task<bool> UpdateInPlaceAsync(GradeIndexEntity row, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await index.GetEntityIfExistsAsync<GradeIndexEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                return false;
            }

            if (existing.Value!.NoData == row.NoData)
            {
                try
                {
                    await index.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                    return true;
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412 && attempt < MaxCounterAttempts)
                {
                    continue;
                }
            }

            var counter = await index.GetEntityIfExistsAsync<GradeCounterEntity>(row.PartitionKey, GradeCounterEntity.CounterRowKey, cancellationToken: cancellationToken);
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, row, existing.Value.ETag),
                CounterAction(row.PartitionKey, counter, 0, row.NoData ? 1 : -1),
            };
            if (await TrySubmitAsync(actions, attempt, cancellationToken))
            {
                return true;
            }
        }
    }

    private Task AddWithCounterAsync(GradeIndexEntity row, CancellationToken cancellationToken)
        => filings.SubmitAsync(row.PartitionKey, new IndexChange(row, null)).WaitAsync(cancellationToken);

    private Task RemoveWithCounterAsync(string partition, string uscc, CancellationToken cancellationToken)
        => filings.SubmitAsync(partition, new IndexChange(null, uscc)).WaitAsync(cancellationToken);

    /// <summary>
    /// One partition's queued filings, in order: runs of additions in one transaction with the counter
    /// (one by one if that fails: a row already there, or another instance's counter update), removals one by one.
    /// A batch serves several graders, so no one grader's cancellation stops it.
    /// </summary>
    private async Task WriteFilingsAsync(string partition, IReadOnlyList<IndexChange> changes)
    {
        var additions = new List<GradeIndexEntity>();
        foreach (var change in changes)
        {
            if (change.Add is { } row)
            {
                additions.RemoveAll(r => r.RowKey == row.RowKey);
                additions.Add(row);
                continue;
            }

            await AddAllAsync(partition, additions);
            additions.Clear();
            await RemoveOneAsync(partition, change.RemoveUscc!, CancellationToken.None);
        }

        await AddAllAsync(partition, additions);
    }

    private async Task AddAllAsync(string partition, IReadOnlyList<GradeIndexEntity> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var counter = await index.GetEntityIfExistsAsync<GradeCounterEntity>(partition, GradeCounterEntity.CounterRowKey, cancellationToken: CancellationToken.None);
        var actions = rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)).Append(CounterAction(partition, counter, rows.Count, rows.Count(r => r.NoData)));
        if (await TrySubmitAsync(actions, attempt: 1, CancellationToken.None))
        {
            return;
        }

        foreach (var row in rows)
        {
            await AddOneAsync(row, CancellationToken.None);
        }
    }

    private async Task AddOneAsync(GradeIndexEntity row, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await index.GetEntityIfExistsAsync<GradeIndexEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken);
            if (existing.HasValue)
            {
                if (await UpdateInPlaceAsync(row, cancellationToken))
                {
                    return;
                }

                continue;
            }

            var counter = await index.GetEntityIfExistsAsync<GradeCounterEntity>(row.PartitionKey, GradeCounterEntity.CounterRowKey, cancellationToken: cancellationToken);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, row) };
            actions.Add(CounterAction(row.PartitionKey, counter, +1, row.NoData ? 1 : 0));
            if (await TrySubmitAsync(actions, attempt, cancellationToken))
            {
                return;
            }
        }
    }

    private async Task RemoveOneAsync(string partition, string uscc, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await index.GetEntityIfExistsAsync<GradeIndexEntity>(partition, uscc, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                return;
            }

            var counter = await index.GetEntityIfExistsAsync<GradeCounterEntity>(partition, GradeCounterEntity.CounterRowKey, cancellationToken: cancellationToken);
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Delete, existing.Value!, existing.Value!.ETag),
                CounterAction(partition, counter, -1, existing.Value!.NoData ? -1 : 0),
            };
            if (await TrySubmitAsync(actions, attempt, cancellationToken))
            {
                return;
            }
        }
    }

    private static TableTransactionAction CounterAction(string partition, NullableResponse<GradeCounterEntity> counter, int delta, int noDataDelta)
        => counter.HasValue
            ? new TableTransactionAction(
                TableTransactionActionType.UpdateReplace,
                new GradeCounterEntity { PartitionKey = partition, Count = Math.Max(0, counter.Value!.Count + delta), NoData = Math.Max(0, counter.Value!.NoData + noDataDelta) },
                counter.Value!.ETag)
            : new TableTransactionAction(TableTransactionActionType.Add, new GradeCounterEntity { PartitionKey = partition, Count = Math.Max(0, delta), NoData = Math.Max(0, noDataDelta) });

    private async Task<bool> TrySubmitAsync(IEnumerable<TableTransactionAction> actions, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await index.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < MaxCounterAttempts)
        {
            // Another grade moved through this partition: back off a little and read again.
            await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken);
            return false;
        }
    }

    private static GradeEntity ToEntity(GradeSnapshot s, string rowKey) => new()
    {
        PartitionKey = TableKeys.Checked(s.Uscc),
        RowKey = rowKey,
        Name = s.Name,
        County = s.County,
        Industry = s.Industry,
        IndustryCode = s.IndustryCode,
        Grade = s.Result.Grade,
        Score = s.Result.Score,
        Factors = JsonSerializer.Serialize(s.Result.Factors, WireJson.Options),
        ListStatus = JsonSerializer.Serialize(s.Result.ListStatus, WireJson.Options),
        Supervision = JsonSerializer.Serialize(s.Result.Supervision, WireJson.Options),
        AsOf = s.Result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        RulesVersion = s.Result.RulesVersion,
        ComputedAt = s.ComputedAt,
        DataSources = s.Result.DataSources,
        ReviewOn = s.Result.ReviewOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static GradeSnapshot ToSnapshot(GradeEntity e) => new(
        e.PartitionKey,
        e.Name,
        e.County,
        e.Industry,
        new GradeResult(
            e.Score,
            e.Grade,
            JsonSerializer.Deserialize<List<GradeFactor>>(e.Factors, WireJson.Options)!,
            JsonSerializer.Deserialize<ListStatus>(e.ListStatus, WireJson.Options)!,
            JsonSerializer.Deserialize<Supervision>(e.Supervision, WireJson.Options)!,
            DateOnly.ParseExact(e.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.RulesVersion,
            e.DataSources ?? 0)
        {
            ReviewOn = e.ReviewOn is null ? null : DateOnly.ParseExact(e.ReviewOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        },
        e.ComputedAt,
        e.IndustryCode);

    /// <summary>A row to file in a partition, or an enterprise to take out of it.</summary>
    private sealed record IndexChange(GradeIndexEntity? Add, string? RemoveUscc);
}
