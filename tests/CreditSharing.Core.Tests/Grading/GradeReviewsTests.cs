using CreditSharing.Core.Grading;

namespace CreditSharing.Core.Tests.Grading;

/// <summary><see cref="GradeReviews.QueueDueAsync"/>: the daily re-grade's work over the review index by date.</summary>
public sealed class GradeReviewsTests
{
    // 00:15 on 2027-03-10 in the city.
    private static readonly DateTimeOffset Now = new(2027, 3, 9, 16, 15, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2027, 3, 10);

    [Fact]
    public async Task QueuesEveryEnterpriseDueThroughTodayInChunksOfAHundredWithReasonCalendarThenDeletesTheirRows()
    {
        var index = new MemoryReviewIndex();
        index.Add(Today.AddDays(-40), Enumerable.Range(0, 30).Select(Uscc));
        index.Add(Today, Enumerable.Range(30, 200).Select(Uscc));
        index.Add(Today.AddDays(1), Enumerable.Range(230, 10).Select(Uscc));
        var queue = new RecordingGradeRequestQueue();

        var report = await Reviews(index, queue).QueueDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new GradeReviewReport(Today, 230, 3), report);
        Assert.Equal([100, 100, 30], queue.Messages.Select(m => m.Usccs.Count));
        Assert.All(queue.Messages, m => Assert.Equal((GradeRequestMessage.Calendar, Now, (string?)null), (m.Reason, m.RequestedAt, m.JobId)));
        Assert.Equal(Enumerable.Range(0, 230).Select(Uscc), queue.Messages.SelectMany(m => m.Usccs));
        Assert.Equal(Enumerable.Range(230, 10).Select(Uscc), index.Rows.Select(r => r.Uscc));
    }

    [Fact]
    public async Task QueuesNothingWhenNoRowIsDue()
    {
        var index = new MemoryReviewIndex();
        index.Add(Today.AddDays(1), [Uscc(1)]);
        var queue = new RecordingGradeRequestQueue();

        var report = await Reviews(index, queue).QueueDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal((0, 0), (report.Queued, report.Messages));
        Assert.Empty(queue.Messages);
        Assert.Single(index.Rows);
    }

    [Fact]
    public void AGradeIsDueFromItsReviewDateOnAndNeverWithoutOne()
    {
        var result = GradeEngine.Evaluate([], [new ListEntrySnapshot("E", "red", Today.AddDays(-10), Today.AddDays(-1).AddYears(1), null)], Today, CreditSharing.Core.Rules.CreditRules.Default);

        Assert.False(GradeReviews.IsDue(result, Today.AddYears(1).AddDays(-1)));
        Assert.True(GradeReviews.IsDue(result, Today.AddYears(1)));
        Assert.False(GradeReviews.IsDue(result with { ReviewOn = null }, Today.AddYears(5)));
    }

    private static GradeReviews Reviews(MemoryReviewIndex index, RecordingGradeRequestQueue queue)
        => new(index, null!, queue, null!, new FixedTimeProvider(Now));

    private static string Uscc(int i) => CreditSharing.Core.Shared.Uscc.WithCheckCharacter($"91411702MA{i:D7}").Value;

    /// <summary>The review index in memory, in key order (date, then USCC), as the table returns it.</summary>
    private sealed class MemoryReviewIndex : IGradeReviewIndex
    {
        private readonly SortedSet<(DateOnly Day, string Uscc)> rows = [];

        public IReadOnlyList<GradeReviewDue> Rows => [.. rows.Select(r => new GradeReviewDue(r.Day, r.Uscc))];

        public void Add(DateOnly day, IEnumerable<string> usccs)
        {
            foreach (var uscc in usccs)
            {
                rows.Add((day, uscc));
            }
        }

        public async IAsyncEnumerable<GradeReviewDue> DueAsync(DateOnly through, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var (day, uscc) in rows.Where(r => r.Day <= through).ToList())
            {
                await Task.Yield();
                yield return new GradeReviewDue(day, uscc);
            }
        }

        public Task RemoveAsync(IReadOnlyList<GradeReviewDue> due, CancellationToken cancellationToken)
        {
            foreach (var row in due)
            {
                rows.Remove((row.Day, row.Uscc));
            }

            return Task.CompletedTask;
        }
    }
}
