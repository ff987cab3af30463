using System.Security.Cryptography;
using System.Text.Json;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Webhooks;

/// <summary>
/// Where the product raises webhook events: after it has made the change, it puts one message on
/// <c>webhook-events</c> (an outbox); a queue function fans it out to the matching subscriptions.
/// </summary>
public sealed class WebhookEvents(IWebhookQueue queue, TimeProvider clock)
{
    public Task RaiseAsync(string type, string uscc, string? providerId, object data, CancellationToken cancellationToken)
    {
        var element = JsonSerializer.SerializeToElement(data, WireJson.Options);
        var @event = new WebhookEvent(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), type, clock.GetUtcNow(), uscc, element);
        return queue.SendEventAsync(new WebhookEventMessage(@event, providerId), cancellationToken);
    }
}
