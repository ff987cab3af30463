using CreditSharing.Core.Imports;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Imports;

public sealed class ImportQueue(StorageQueue queue) : IImportQueue
{
    public Task EnqueueAsync(ImportMessage message, CancellationToken cancellationToken)
        => queue.SendAsync(QueueNames.Imports, message, cancellationToken);
}
