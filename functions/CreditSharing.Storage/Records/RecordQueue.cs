using CreditSharing.Core.Records;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Records;

public sealed class RecordQueue(StorageQueue queue) : IRecordQueue
{
    public Task EnqueueAsync(RecordBatchMessage message, CancellationToken cancellationToken)
        => queue.SendAsync(QueueNames.CreditRecords, message, cancellationToken);

    public Task<int> CountAsync(CancellationToken cancellationToken)
        => queue.CountAsync(QueueNames.CreditRecords, cancellationToken);
}
