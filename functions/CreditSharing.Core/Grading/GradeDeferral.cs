using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Grading;

/// <summary>
/// Puts off grading that records prompted while the <c>credit-records</c> queue holds a backlog.
/// A provider's bulk load queues an enterprise's records in many messages; graded after each one,
/// the enterprise is graded once per message, and that grading competes with storing the records
/// for the same storage account. Put off until the backlog is gone, the requests of an enterprise
/// coalesce into one grading. A request is put off for at most <see cref="MaxDeferral"/>, so a load
/// that never lets up still sees its grades, a few minutes late; without a backlog nothing is put
/// off and a grade follows its record within seconds. Once a backlog is seen, requests are put off
/// until the queue is empty, not merely below <see cref="Backlog"/>: grading the enterprises while
/// the last messages are stored grades many of them twice.
/// Why: docs/decisions/0002-grade-deferral-behind-credit-records-backlog.md
/// </summary>
/// <remarks>
/// Put-off requests are merged before they are queued again: a message's worth of enterprises
/// (distinct, the newest request time, the oldest deferral) instead of one message per request, so
/// a backlog of requests costs a few queue messages every <see cref="Delay"/>, not one per request.
/// </remarks>
public sealed class GradeDeferral(IRecordQueue records, IGradeRequestQueue gradeRequests, TimeProvider clock)
{
    /// <summary>
    /// Messages in <c>credit-records</c> from which it counts as a backlog. A host holds up to 16 in
    /// flight (host.json batchSize) and a message carries up to 40 KB of records (about 125), so this
    /// is several seconds of storing work waiting beyond what is being stored.
    /// </summary>
    public const int Backlog = 64;

    /// <summary>How long a put-off request waits before it is looked at again.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(3);

    /// <summary>The longest a request is put off: past it, the enterprise is graded, backlog or not.</summary>
    public static readonly TimeSpan MaxDeferral = TimeSpan.FromMinutes(5);

    /// <summary>A backlog count is reused this long: every grade-request message asks, and each ask is a request to storage.</summary>
    private static readonly TimeSpan CountFreshFor = TimeSpan.FromSeconds(1);

    private readonly PartitionBatcher<GradeRequestMessage> merged = new((_, batch) => RequeueAsync(gradeRequests, batch), maxBatch: 256);
    private readonly Lock gate = new();
    private Task<int>? count;
    private DateTimeOffset countedAt;
    private bool behindBacklog;

    /// <summary>
    /// True when the request was queued again for later (completed when it is); false when its
    /// enterprises are to be graded now.
    /// </summary>
    public async Task<bool> TryDeferAsync(GradeRequestMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        // Only record deliveries: a list decision, a profile change, a repair or a re-grade job has
        // no backlog of its own behind it and should show at once.
        if (message.JobId is not null || message.Reason != GradeRequestMessage.RecordsChanged)
        {
            return false;
        }

        if (clock.GetUtcNow() - (message.DeferredSince ?? message.RequestedAt) >= MaxDeferral)
        {
            return false;
        }

        int waiting;
        try
        {
            waiting = await RecordBacklogAsync().WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Putting off is an optimisation: when the queue cannot be counted, grade now rather
            // than fail the request towards its poison queue. The next request counts again.
            return false;
        }

        if (!BehindBacklog(waiting))
        {
            return false;
        }

        await merged.SubmitAsync(string.Empty, message).WaitAsync(cancellationToken);
        return true;
    }

    private bool BehindBacklog(int waiting)
    {
        lock (gate)
        {
            if (waiting >= Backlog)
            {
                behindBacklog = true;
            }
            else if (waiting == 0)
            {
                behindBacklog = false;
            }

            return behindBacklog;
        }
    }

    private Task<int> RecordBacklogAsync()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (count is null || count.IsFaulted || count.IsCanceled || now - countedAt >= CountFreshFor)
            {
                count = records.CountAsync(CancellationToken.None);
                countedAt = now;
            }

            return count;
        }
    }

    /// <summary>
    /// The newest request time stands for all: a grading skips a request only when it began after
    /// the request, and one that began after the newest began after every other.
    /// </summary>
    private static async Task RequeueAsync(IGradeRequestQueue queue, IReadOnlyList<GradeRequestMessage> batch)
    {
        var requestedAt = batch.Max(m => m.RequestedAt);
        var since = batch.Min(m => m.DeferredSince ?? m.RequestedAt);
        foreach (var usccs in batch.SelectMany(m => m.Usccs).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(RecordWriter.EnterprisesPerGradeRequest))
        {
            await queue.EnqueueAsync(new GradeRequestMessage(usccs, GradeRequestMessage.RecordsChanged, requestedAt, DeferredSince: since), Delay, CancellationToken.None);
        }
    }
}
