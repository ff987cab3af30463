using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Webhooks;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Webhooks;

/// <summary>
/// Table <c>Subscriptions</c>: PartitionKey = subscription id; RowKey <c>s</c> the subscription (secret
/// envelope-encrypted), <c>a~{inv(at):D19}~{deliveryId}~{attempt:D3}</c> one row per delivery attempt (newest
/// first). Table <c>SubscriptionIndex</c>, rows without properties, RowKey = subscription id, PartitionKey:
/// <c>o~{ownerKind}~{ownerId}</c> (a subscriber's own), <c>e~{event}~{uscc}</c> (subscriptions naming the
/// enterprise), <c>e~{event}~*</c> (banks' subscriptions for every enterprise), <c>p~{event}~{providerId}</c>
/// (providers' subscriptions for all their own data). Fan-out reads at most three partitions: no scan.
/// </summary>
public sealed class SubscriptionTableStore(TableServiceClient tables, StorageNames names) : ISubscriptionStore
{
    private const string SubscriptionRow = "s";
    private const string AttemptPrefix = "a~";

    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Subscriptions));
    private readonly TableClient index = tables.GetTableClient(names.Table(TableNames.SubscriptionIndex));

    public async Task AddAsync(StoredSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var s = subscription.Subscription;

        // Index rows first: a row whose subscription is missing is skipped by fan-out; the reverse would be a subscription that never hears.
        foreach (var partition in IndexPartitions(s))
        {
            await index.UpsertEntityAsync(new TableEntity(partition, s.SubscriptionId), TableUpdateMode.Replace, cancellationToken);
        }

        await table.AddEntityAsync(
            new TableEntity(s.SubscriptionId, SubscriptionRow)
            {
                ["OwnerKind"] = s.OwnerKind,
                ["OwnerId"] = s.OwnerId,
                ["CallbackUrl"] = s.CallbackUrl,
                ["Events"] = string.Join(',', s.Events),
                ["Usccs"] = s.Usccs is null ? null : string.Join(',', s.Usccs),
                ["CreatedAt"] = s.CreatedAt,
                ["EndedAt"] = s.EndedAt,
                ["SecretProtected"] = subscription.ProtectedSecret,
            },
            cancellationToken);
    }

    public async Task<StoredSubscription?> GetAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Checked(subscriptionId), SubscriptionRow, cancellationToken: cancellationToken);
        return response.HasValue ? new StoredSubscription(ToSubscription(response.Value!), response.Value!.GetString("SecretProtected")) : null;
    }

    public async Task<IReadOnlyList<Subscription>> ListByOwnerAsync(string ownerKind, string ownerId, CancellationToken cancellationToken)
    {
        var all = new List<Subscription>();
        await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Owner(ownerKind, ownerId)}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (await GetAsync(row.RowKey, cancellationToken) is { } stored)
            {
                all.Add(stored.Subscription);
            }
        }

        return all.OrderBy(s => s.CreatedAt).ToList();
    }

    public async Task EndAsync(Subscription subscription, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await table.UpdateEntityAsync(new TableEntity(subscription.SubscriptionId, SubscriptionRow) { ["EndedAt"] = at }, ETag.All, TableUpdateMode.Merge, cancellationToken);

        // The owner row stays, so the owner still lists (and reads the deliveries of) an ended subscription.
        foreach (var partition in IndexPartitions(subscription).Where(p => !p.StartsWith("o~", StringComparison.Ordinal)))
        {
            await index.DeleteEntityAsync(partition, subscription.SubscriptionId, ETag.All, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<string>> MatchAsync(string eventType, string uscc, string? providerId, CancellationToken cancellationToken)
    {
        var partitions = new List<string> { Event(eventType, uscc), Event(eventType, "*") };
        if (providerId is not null)
        {
            partitions.Add(ProviderEvent(eventType, providerId));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var partition in partitions)
        {
            await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                ids.Add(row.RowKey);
            }
        }

        return [.. ids];
    }

    public Task AddAttemptAsync(string subscriptionId, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{AttemptPrefix}{DateTimeOffset.MaxValue.UtcTicks - attempt.At.UtcTicks:D19}~{attempt.DeliveryId}~{attempt.Attempt:D3}");
        return table.UpsertEntityAsync(
            new TableEntity(TableKeys.Checked(subscriptionId), rowKey)
            {
                ["DeliveryId"] = attempt.DeliveryId,
                ["EventId"] = attempt.EventId,
                ["EventType"] = attempt.EventType,
                ["Attempt"] = attempt.Attempt,
                ["At"] = attempt.At,
                ["Status"] = attempt.Status,
                ["StatusCode"] = attempt.StatusCode,
                ["Error"] = attempt.Error is { Length: > 1000 } text ? text[..1000] : attempt.Error,
                ["DurationMs"] = attempt.DurationMs,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(string subscriptionId, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(subscriptionId)} and RowKey gt {AttemptPrefix} and RowKey lt {"a~~"}");
        var attempts = new List<DeliveryAttempt>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken))
        {
            attempts.Add(new DeliveryAttempt(
                e.GetString("DeliveryId"),
                e.GetString("EventId"),
                e.GetString("EventType"),
                e.GetInt32("Attempt") ?? 0,
                e.GetDateTimeOffset("At") ?? default,
                e.GetString("Status"),
                e.GetInt32("StatusCode"),
                e.GetString("Error"),
                e.GetInt64("DurationMs") ?? 0));
            if (attempts.Count >= limit)
            {
                break;
            }
        }

        return attempts;
    }

    private static IEnumerable<string> IndexPartitions(Subscription s)
    {
        yield return Owner(s.OwnerKind, s.OwnerId);
        foreach (var type in s.Events)
        {
            if (s.Usccs is { } usccs)
            {
                foreach (var uscc in usccs)
                {
                    yield return Event(type, uscc);
                }
            }
            else
            {
                yield return s.OwnerKind == SubscriberKinds.Provider ? ProviderEvent(type, s.OwnerId) : Event(type, "*");
            }
        }
    }

    private static string Owner(string kind, string id) => TableKeys.Checked($"o~{kind}~{id}");

    private static string Event(string type, string uscc) => TableKeys.Checked($"e~{type}~{uscc}");

    private static string ProviderEvent(string type, string providerId) => TableKeys.Checked($"p~{type}~{providerId}");

    private static Subscription ToSubscription(TableEntity e) => new(
        e.PartitionKey,
        e.GetString("OwnerKind"),
        e.GetString("OwnerId"),
        e.GetString("CallbackUrl"),
        e.GetString("Events").Split(',', StringSplitOptions.RemoveEmptyEntries),
        e.GetString("Usccs") is { } usccs ? usccs.Split(',', StringSplitOptions.RemoveEmptyEntries) : null,
        e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetDateTimeOffset("EndedAt"));
}

/// <summary>Queues <c>webhook-events</c> and <c>webhook-deliveries</c>.</summary>
public sealed class WebhookQueue(StorageQueue queue) : IWebhookQueue
{
    public Task SendEventAsync(WebhookEventMessage message, CancellationToken cancellationToken)
        => queue.SendAsync(QueueNames.WebhookEvents, message, cancellationToken);

    public Task SendDeliveryAsync(WebhookDeliveryMessage message, TimeSpan delay, CancellationToken cancellationToken)
        => queue.SendAsync(QueueNames.WebhookDeliveries, message, delay, cancellationToken);
}
