using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace CreditSharing.Storage.Infrastructure;

/// <summary>Creates every table, queue (with its poison queue) and container the app uses.</summary>
public sealed class StorageInitializer(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, StorageNames names)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var work = new List<Task>();
        work.AddRange(TableNames.All.Select(t => tables.CreateTableIfNotExistsAsync(names.Table(t), cancellationToken)));
        work.AddRange(QueueNames.All.SelectMany(q => new[] { q, QueueNames.Poison(q) })
            .Select(q => queues.GetQueueClient(names.Queue(q)).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        work.AddRange(ContainerNames.All.Select(c => blobs.GetBlobContainerClient(names.Container(c)).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(work);
    }
}
