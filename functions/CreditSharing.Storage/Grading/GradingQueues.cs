using CreditSharing.Core.Grading;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Grading;

public sealed class GradeRequestQueue(StorageQueue queue) : IGradeRequestQueue
{
    public Task EnqueueAsync(GradeRequestMessage message, CancellationToken cancellationToken)
        => queue.SendAsync(QueueNames.GradeRequests, message, cancellationToken);

    public Task EnqueueAsync(GradeRequestMessage message, TimeSpan delay, CancellationToken cancellationToken)
        => queue.SendAsync(QueueNames.GradeRequests, message, delay, cancellationToken);
}

public sealed class RecomputeQueue(StorageQueue queue) : IRecomputeQueue
{
    public Task EnqueueAsync(RecomputeAllMessage message, CancellationToken cancellationToken)
        => queue.SendAsync(QueueNames.GradeRecompute, message, cancellationToken);
}
