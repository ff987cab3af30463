using System.Text.Json;

namespace CreditSharing.Core.Webhooks;

/// <summary>The event types a subscription may ask for.</summary>
public static class WebhookEventTypes
{
    public const string GradeChanged = "grade.changed";
    public const string ListChanged = "list.changed";
    public const string RecordWithdrawn = "record.withdrawn";
    public const string ObjectionDecided = "objection.decided";
    public const string TraceRecalled = "trace.recalled";

    public static readonly IReadOnlyList<string> All = [GradeChanged, ListChanged, RecordWithdrawn, ObjectionDecided, TraceRecalled];

    /// <summary>
    /// What a DataProvider may subscribe to: changes to data it sent itself (its records withdrawn, its list
    /// decisions changed, objections against its data decided). Grades and recalls are for banks.
    /// </summary>
    public static readonly IReadOnlyList<string> ForProviders = [ListChanged, RecordWithdrawn, ObjectionDecided];
}

/// <summary>Body of <c>POST /api/subscriptions</c>.</summary>
public sealed record SubscriptionInput(string? CallbackUrl, IReadOnlyList<string>? Events, IReadOnlyList<string>? Usccs);

/// <summary>Who owns a subscription: a bank (by bank id) or a data provider (by provider id).</summary>
public static class SubscriberKinds
{
    public const string Bank = "bank";
    public const string Provider = "provider";
}

/// <summary>A webhook subscription; <see cref="Usccs"/> null means every enterprise the owner may hear about.</summary>
public sealed record Subscription(
    string SubscriptionId,
    string OwnerKind,
    string OwnerId,
    string CallbackUrl,
    IReadOnlyList<string> Events,
    IReadOnlyList<string>? Usccs,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt);

/// <summary>A subscription as stored: the secret envelope-encrypted, never in clear.</summary>
public sealed record StoredSubscription(Subscription Subscription, string ProtectedSecret);

/// <summary>Answer of <c>POST /api/subscriptions</c>: the secret is shown this once.</summary>
public sealed record SubscriptionCreated(string SubscriptionId, string Secret, Subscription Subscription);

/// <summary>The outcome of one delivery attempt.</summary>
public static class DeliveryOutcomes
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string DeadLettered = "dead-lettered";
    public const string Dropped = "dropped";
}

/// <summary>One attempt (or the final dead-letter record) of one delivery.</summary>
/// <param name="StatusCode">The receiver's HTTP status, null when no answer came.</param>
/// <param name="Error">Why the attempt failed without a status (timeout, refused address, connection), or why it was dropped.</param>
public sealed record DeliveryAttempt(
    string DeliveryId,
    string EventId,
    string EventType,
    int Attempt,
    DateTimeOffset At,
    string Status,
    int? StatusCode,
    string? Error,
    long DurationMs);

/// <summary>What a receiver gets as the JSON body.</summary>
public sealed record WebhookEvent(string Id, string Type, DateTimeOffset OccurredAt, string Uscc, JsonElement Data);

/// <summary>Queue <c>webhook-events</c>: an event raised by the product, to be fanned out to subscriptions.</summary>
/// <param name="ProviderId">The provider whose data the event concerns (records, list decisions, objection targets), or null.</param>
public sealed record WebhookEventMessage(WebhookEvent Event, string? ProviderId);

/// <summary>Queue <c>webhook-deliveries</c>: one event for one subscription; <see cref="DueAt"/> on the product's clock.</summary>
public sealed record WebhookDeliveryMessage(string DeliveryId, string SubscriptionId, WebhookEvent Event, int Attempt, DateTimeOffset DueAt);

/// <summary>The result of one HTTP POST to a callback.</summary>
public sealed record CallbackResult(int? StatusCode, string? Error, TimeSpan Duration)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

public interface ISubscriptionStore
{
    Task AddAsync(StoredSubscription subscription, CancellationToken cancellationToken);

    Task<StoredSubscription?> GetAsync(string subscriptionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Subscription>> ListByOwnerAsync(string ownerKind, string ownerId, CancellationToken cancellationToken);

    /// <summary>Marks the subscription ended and removes its index rows.</summary>
    Task EndAsync(Subscription subscription, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The ids of subscriptions indexed for <paramref name="eventType"/>: under the USCC, under every USCC, and (when given) the provider's own.</summary>
    Task<IReadOnlyList<string>> MatchAsync(string eventType, string uscc, string? providerId, CancellationToken cancellationToken);

    Task AddAttemptAsync(string subscriptionId, DeliveryAttempt attempt, CancellationToken cancellationToken);

    /// <summary>The newest attempts first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(string subscriptionId, int limit, CancellationToken cancellationToken);
}

public interface IWebhookQueue
{
    Task SendEventAsync(WebhookEventMessage message, CancellationToken cancellationToken);

    Task SendDeliveryAsync(WebhookDeliveryMessage message, TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>Posts a signed body to a callback; never throws for anything the receiver or the network does.</summary>
public interface IWebhookSender
{
    Task<CallbackResult> PostAsync(Uri callback, byte[] body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken);
}

/// <summary>Resolves a callback's host name to addresses (subscribe-time check).</summary>
public interface ICallbackResolver
{
    Task<IReadOnlyList<System.Net.IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <param name="RequireHttps">Callbacks must be https (Azure).</param>
/// <param name="AllowLoopback">http://127.0.0.1 and [::1] callbacks are allowed (the DevHost and tests only; never in Azure).</param>
/// <param name="MaxQueueDelay">The longest a delivery message is hidden at once; a message seen before its due time is hidden again. Short in the DevHost so a moved clock is noticed.</param>
public sealed record WebhookOptions(bool RequireHttps, bool AllowLoopback, TimeSpan MaxQueueDelay)
{
    /// <summary>How long after the event deliveries are retried; then dead-lettered.</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromHours(24);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
}
