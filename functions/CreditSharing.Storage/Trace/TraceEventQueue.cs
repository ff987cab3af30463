using CreditSharing.Core.Trace;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Trace;

public sealed class TraceEventQueue(StorageQueue queue) : ITraceEventQueue
{
    public Task EnqueueAsync(TraceEventMessage message, CancellationToken cancellationToken)
        => queue.SendAsync(QueueNames.TraceEvents, message, cancellationToken);
}
