using CreditSharing.Core.Grading;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Tests.Loans;

namespace CreditSharing.Core.Tests.Grading;

/// <summary><see cref="GradeReviews.CatchUpAsync"/>: the re-grade of the grades due, by the daily timer and before every read of the index.</summary>
public sealed class GradeReviewsTests
{
    // 00:01 on 2027-03-10 in the city.
    private static readonly DateTimeOffset Now = new(2027, 3, 9, 16, 1, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2027, 3, 10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NothingDueCostsOneCheckAndGradesNothing()
    {
        var index = new MemoryReviewIndex();
        index.Add(Today.AddDays(1), [Uscc(1)]);
        var store = new MemoryGradeStore();

        var report = await Reviews(index, store, new MemoryListEntryReader()).CatchUpAsync(Ct);

        Assert.Equal(new GradeCatchUp(Today, 0, 0, 0, 0), report);
        Assert.Equal((1, 0), (index.Checks, index.Reads));
        Assert.Equal(0, store.Reads);
        Assert.Empty(store.Saves);
        Assert.Single(index.Rows);
    }

    [Fact]
    public async Task RegradesEveryEnterpriseDueThroughTodayThenDeletesTheirRows()
    {
        var index = new MemoryReviewIndex();
        var lists = new MemoryListEntryReader();
        var store = new MemoryGradeStore();
        // 230 enterprises due (30 of them 40 days late), each on 红榜 until yesterday and graded a year ago; 10 due tomorrow.
        var due = Enumerable.Range(0, 230).Select(Uscc).ToList();
        index.Add(Today.AddDays(-40), due.Take(30));
        index.Add(Today, due.Skip(30));
        index.Add(Today.AddDays(1), Enumerable.Range(230, 10).Select(Uscc));
        foreach (var uscc in due)
        {
            var entry = new ListEntrySnapshot("E-" + uscc, "red", Today.AddYears(-1), Today.AddDays(-1), null);
            lists.Entries.Add((uscc, entry));
            store.Put(uscc, GradeEngine.Evaluate([], [entry], Today.AddYears(-1), CreditRules.Default), Now.AddYears(-1));
        }

        var report = await Reviews(index, store, lists).CatchUpAsync(Ct);

        Assert.Equal((Today, 230, 230), (report.Date, report.Due, report.Changed));
        Assert.Equal(due.Order(StringComparer.Ordinal), store.Saves.Select(s => s.Uscc).Order(StringComparer.Ordinal));
        Assert.All(store.Saves, s => Assert.Equal((Now, GradeEngine.Evaluate([], [], Today, CreditRules.Default).Score), (s.ComputedAt, s.Result.Score)));
        Assert.Equal(Enumerable.Range(230, 10).Select(Uscc), index.Rows.Select(r => r.Uscc));
    }

    [Fact]
    public async Task AGradeComputedSinceMidnightIsNotComputedAgainButItsRowGoes()
    {
        var index = new MemoryReviewIndex();
        var store = new MemoryGradeStore();
        index.Add(Today, [Uscc(7)]);
        store.Put(Uscc(7), GradeEngine.Evaluate([], [], Today, CreditRules.Default), Now.AddSeconds(-30));

        var report = await Reviews(index, store, new MemoryListEntryReader()).CatchUpAsync(Ct);

        Assert.Equal(new GradeCatchUp(Today, 1, 0, 0, 1), report);
        Assert.Empty(store.Saves);
        Assert.Empty(index.Rows);
    }

    [Fact]
    public async Task ReadersArrivingTogetherShareOneRunAndGradeEachEnterpriseOnce()
    {
        var index = new MemoryReviewIndex { Latency = TimeSpan.FromMilliseconds(100) };
        var store = new MemoryGradeStore();
        var due = Enumerable.Range(0, 40).Select(Uscc).ToList();
        index.Add(Today, due);
        foreach (var uscc in due)
        {
            store.Put(uscc, GradeEngine.Evaluate([], [], Today.AddDays(-1), CreditRules.Default), Now.AddDays(-1));
        }

        var reviews = Reviews(index, store, new MemoryListEntryReader());

        var reports = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => reviews.CatchUpAsync(Ct)));

        Assert.All(reports, r => Assert.Equal(40, r.Due));
        Assert.Equal(40, store.Saves.Count);
        Assert.Equal(1, index.Reads);
        Assert.Empty(index.Rows);
    }

    [Fact]
    public void AGradeIsDueFromItsReviewDateOnAndNeverWithoutOne()
    {
        var result = GradeEngine.Evaluate([], [new ListEntrySnapshot("E", "red", Today.AddDays(-10), Today.AddDays(-1).AddYears(1), null)], Today, CreditRules.Default);

        Assert.False(GradeReviews.IsDue(result, Today.AddYears(1).AddDays(-1)));
        Assert.True(GradeReviews.IsDue(result, Today.AddYears(1)));
        Assert.False(GradeReviews.IsDue(result with { ReviewOn = null }, Today.AddYears(5)));
    }

    private static GradeReviews Reviews(MemoryReviewIndex index, MemoryGradeStore store, MemoryListEntryReader lists)
    {
        var clock = new FixedTimeProvider(Now);
        var worker = new GradeWorker(store, new MemoryRecordFacts(), lists, new MemoryEnterpriseStore(), null!, new MemoryGradeChangeLog(), new CreditSharing.Core.Tests.Commitments.MemoryCommitmentStore(), null!, CreditRules.Default, clock);
        return new GradeReviews(index, store, worker, clock);
    }

    private static string Uscc(int i) => CreditSharing.Core.Shared.Uscc.Compose('9', '1', "411702", $"MA{i:D6}").Value;

    /// <summary>The review index in memory, in key order (date, then USCC), as the table returns it; counts its queries.</summary>
    private sealed class MemoryReviewIndex : IGradeReviewIndex
    {
        private readonly Lock gate = new();
        private readonly SortedSet<(DateOnly Day, string Uscc)> rows = [];
        private int checks;
        private int reads;

        public TimeSpan Latency { get; init; }

        public int Checks => Volatile.Read(ref checks);

        public int Reads => Volatile.Read(ref reads);

        public IReadOnlyList<GradeReviewDue> Rows
        {
            get
            {
                lock (gate)
                {
                    return [.. rows.Select(r => new GradeReviewDue(r.Day, r.Uscc))];
                }
            }
        }

        public void Add(DateOnly day, IEnumerable<string> usccs)
        {
            lock (gate)
            {
                foreach (var uscc in usccs)
                {
                    rows.Add((day, uscc));
                }
            }
        }

        public async Task<bool> AnyDueAsync(DateOnly through, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref checks);
            await Task.Yield();
            lock (gate)
            {
                return rows.Any(r => r.Day <= through);
            }
        }

        public async IAsyncEnumerable<GradeReviewDue> DueAsync(DateOnly through, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            await Task.Delay(Latency, cancellationToken);
            List<(DateOnly Day, string Uscc)> due;
            lock (gate)
            {
                due = [.. rows.Where(r => r.Day <= through)];
            }

            foreach (var (day, uscc) in due)
            {
                yield return new GradeReviewDue(day, uscc);
            }
        }

        public Task RemoveAsync(IReadOnlyList<GradeReviewDue> due, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                foreach (var row in due)
                {
                    rows.Remove((row.Day, row.Uscc));
                }
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Current grades in memory, versioned like the table's ETags; keeps every save.</summary>
    private sealed class MemoryGradeStore : IGradeStore
    {
        private readonly Lock gate = new();
        private readonly Dictionary<string, StoredGrade> current = new(StringComparer.Ordinal);
        private readonly List<GradeSnapshot> saves = [];
        private int reads;

        public int Reads => Volatile.Read(ref reads);

        public IReadOnlyList<GradeSnapshot> Saves
        {
            get
            {
                lock (gate)
                {
                    return [.. saves];
                }
            }
        }

        public void Put(string uscc, GradeResult result, DateTimeOffset computedAt)
        {
            lock (gate)
            {
                current[uscc] = new StoredGrade(new GradeSnapshot(uscc, null, "411702", null, result, computedAt), "v0");
            }
        }

        public Task<StoredGrade?> GetCurrentAsync(string uscc, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            lock (gate)
            {
                return Task.FromResult(current.GetValueOrDefault(uscc));
            }
        }

        public Task SaveAsync(GradeSnapshot snapshot, StoredGrade? previous, bool writeHistory, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                if (current.GetValueOrDefault(snapshot.Uscc)?.Version != previous?.Version)
                {
                    throw new GradeConflictException($"{snapshot.Uscc} was graded meanwhile.");
                }

                current[snapshot.Uscc] = new StoredGrade(snapshot, Guid.NewGuid().ToString("N"));
                saves.Add(snapshot);
            }

            return Task.CompletedTask;
        }

        public Task EnsureFiledAsync(StoredGrade current, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<GradeSnapshot?> GetAsOfAsync(string uscc, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<(IReadOnlyList<GradeListItem> Items, string? ContinuationToken)> ListAsync(string? county, string? industry, string? industryCode, string? grade, int pageSize, string? continuationToken, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<(string County, string Grade), GradeCount>> CountAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<string> GradedAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class MemoryGradeChangeLog : IGradeChangeLog
    {
        public Task AppendAsync(GradeChange change, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<GradeChange>> NewestAsync(int count, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
