using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CreditSharing.Core.Health;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Storage.Infrastructure;

public sealed class StorageHealthProbe(TableServiceClient tables, QueueServiceClient queues, StorageNames names, ILogger<StorageHealthProbe> logger) : IHealthProbe
{
    /// <summary>A health answer must come quickly; the SDK's retries would otherwise hold it for many seconds.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            var table = tables.GetTableClient(names.Table(TableNames.Enterprises));
            await foreach (var _ in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: deadline.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            // The approximate count is what the queue service keeps; exact enough to raise an alarm.
            var counts = await Task.WhenAll(QueueNames.All.Select(async queue =>
            {
                var properties = await queues.GetQueueClient(names.Queue(QueueNames.Poison(queue))).GetPropertiesAsync(deadline.Token);
                return (queue, properties.Value.ApproximateMessagesCount);
            }));
            return new HealthReport(true, counts.ToDictionary(c => c.queue, c => c.ApproximateMessagesCount, StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
        {
            logger.LogWarning(ex, "Storage health probe failed");
            return new HealthReport(false, null);
        }
    }
}
