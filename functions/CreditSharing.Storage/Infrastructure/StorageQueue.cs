using System.Text.Json;
using Azure.Storage.Queues;
using CreditSharing.Core.Shared;

namespace CreditSharing.Storage.Infrastructure;

/// <summary>Sends JSON messages to one logical queue (base64-encoded, as the Functions host expects).</summary>
public sealed class StorageQueue(QueueServiceClient service, StorageNames names)
{
    public async Task SendAsync<T>(string logicalQueue, T message, CancellationToken cancellationToken)
        => await SendAsync(logicalQueue, message, TimeSpan.Zero, cancellationToken);

    /// <summary>Sends a message that stays invisible for <paramref name="delay"/> first.</summary>
    public async Task SendAsync<T>(string logicalQueue, T message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var client = service.GetQueueClient(names.Queue(logicalQueue));
        await client.SendMessageAsync(JsonSerializer.Serialize(message, WireJson.Options), delay > TimeSpan.Zero ? delay : null, timeToLive: null, cancellationToken);
    }

    /// <summary>The queue's approximate message count: invisible ones (in flight or delayed) included.</summary>
    public async Task<int> CountAsync(string logicalQueue, CancellationToken cancellationToken)
        => (await service.GetQueueClient(names.Queue(logicalQueue)).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
}
