using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests.Grading;

public sealed class GradeDeferralTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private readonly SteppingClock clock = new(Now);
    private readonly CountedRecordQueue records = new();
    private readonly RecordingGradeRequestQueue gradeRequests = new();

    private GradeDeferral Deferral() => new(records, gradeRequests, clock);

    [Fact]
    public async Task GradesNowWhenFewRecordMessagesAreQueued()
    {
        records.Count = GradeDeferral.Backlog - 1;

        var deferred = await Deferral().TryDeferAsync(Request(Now, "A"), TestContext.Current.CancellationToken);

        Assert.False(deferred);
        Assert.Empty(gradeRequests.Messages);
    }

    [Fact]
    public async Task PutsOffARecordRequestBehindABacklogAndQueuesItAgainAfterTheDelay()
    {
        records.Count = GradeDeferral.Backlog;
        var request = Request(Now.AddSeconds(-2), "A", "B");

        var deferred = await Deferral().TryDeferAsync(request, TestContext.Current.CancellationToken);

        Assert.True(deferred);
        var requeued = Assert.Single(gradeRequests.Messages);
        Assert.Equal(["A", "B"], requeued.Usccs);
        Assert.Equal(GradeRequestMessage.RecordsChanged, requeued.Reason);
        Assert.Equal(request.RequestedAt, requeued.RequestedAt);
        Assert.Equal(request.RequestedAt, requeued.DeferredSince);
        Assert.Equal(GradeDeferral.Delay, Assert.Single(gradeRequests.Delays));
    }

    [Fact]
    public async Task MergesRequestsPutOffTogetherIntoOneMessageWithTheNewestRequestTimeAndTheOldestDeferral()
    {
        records.Count = 1_000;
        var slowQueue = new RecordingGradeRequestQueue { Latency = TimeSpan.FromMilliseconds(100) };
        var deferral = new GradeDeferral(records, slowQueue, clock);
        var requests = Enumerable.Range(0, 40)
            .Select(i => Request(Now.AddSeconds(-i), $"E{i % 10:D2}") with { DeferredSince = i == 7 ? Now.AddMinutes(-3) : null })
            .ToList();

        var deferred = await Task.WhenAll(requests.Select(r => Task.Run(() => deferral.TryDeferAsync(r, TestContext.Current.CancellationToken))));

        Assert.All(deferred, Assert.True);
        var messages = slowQueue.Messages;
        Assert.InRange(messages.Count, 1, 39);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"E{i:D2}").Order(), messages.SelectMany(m => m.Usccs).Distinct().Order());
        Assert.All(messages, m => Assert.Equal(m.Usccs.Count, m.Usccs.Distinct().Count()));
        Assert.Contains(messages, m => m.DeferredSince == Now.AddMinutes(-3));

        // Safe to coalesce: every request is stood for by a message no older than itself.
        Assert.All(requests, r => Assert.Contains(messages, m => m.Usccs.Contains(r.Usccs[0]) && m.RequestedAt >= r.RequestedAt));
    }

    [Fact]
    public async Task GradesARequestPutOffForTheLongestAllowedEvenWithABacklog()
    {
        records.Count = 1_000;
        var request = Request(Now.AddSeconds(-1), "A") with { DeferredSince = Now - GradeDeferral.MaxDeferral };

        var deferred = await Deferral().TryDeferAsync(request, TestContext.Current.CancellationToken);

        Assert.False(deferred);
        Assert.Empty(gradeRequests.Messages);
    }

    [Theory]
    [InlineData("list-changed", null)]
    [InlineData("record-repair", null)]
    [InlineData(GradeRequestMessage.RecordsImported, null)]
    [InlineData(GradeRequestMessage.RecordsChanged, "job-1")]
    public async Task NeverPutsOffRequestsThatNoRecordBacklogStandsBehind(string reason, string? jobId)
    {
        records.Count = 1_000;
        var request = new GradeRequestMessage(["A"], reason, Now, jobId);

        var deferred = await Deferral().TryDeferAsync(request, TestContext.Current.CancellationToken);

        Assert.False(deferred);
        Assert.Equal(0, records.Asked);
    }

    [Fact]
    public async Task KeepsPuttingOffOnceABacklogWasSeenUntilTheRecordQueueIsEmpty()
    {
        var deferral = Deferral();
        var outcomes = new List<bool>();

        foreach (var waiting in new[] { GradeDeferral.Backlog, 10, 1, 0, 10 })
        {
            records.Count = waiting;
            outcomes.Add(await deferral.TryDeferAsync(Request(clock.GetUtcNow(), "A"), TestContext.Current.CancellationToken));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([true, true, true, false, false], outcomes);
    }

    [Fact]
    public async Task GradesNowWhenTheRecordQueueCannotBeCounted()
    {
        records.Failing = true;

        var deferred = await Deferral().TryDeferAsync(Request(Now, "A"), TestContext.Current.CancellationToken);

        Assert.False(deferred);
        Assert.Empty(gradeRequests.Messages);
    }

    [Fact]
    public async Task AsksForTheBacklogAtMostOnceASecond()
    {
        records.Count = 0;
        var deferral = Deferral();

        for (var i = 0; i < 10; i++)
        {
            await deferral.TryDeferAsync(Request(Now, "A"), TestContext.Current.CancellationToken);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        records.Count = 1_000;
        var deferred = await deferral.TryDeferAsync(Request(clock.GetUtcNow(), "A"), TestContext.Current.CancellationToken);

        Assert.Equal(2, records.Asked);
        Assert.True(deferred);
    }

    private static GradeRequestMessage Request(DateTimeOffset at, params string[] usccs) => new(usccs, GradeRequestMessage.RecordsChanged, at);

    /// <summary>A <c>credit-records</c> queue whose count the test sets, counting how often it is asked.</summary>
    private sealed class CountedRecordQueue : IRecordQueue
    {
        private int asked;

        public int Count { get; set; }

        public bool Failing { get; set; }

        public int Asked => Volatile.Read(ref asked);

        public Task EnqueueAsync(RecordBatchMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> CountAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref asked);
            return Failing ? Task.FromException<int>(new IOException("The queue service did not answer.")) : Task.FromResult(Count);
        }
    }
}
