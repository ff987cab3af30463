using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Protection;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Webhooks;

/// <summary>
/// Webhook subscriptions (银行/部门订阅变更通知), the fan-out of raised events and their delivery.
/// A bank hears about an enterprise only while that enterprise's consent to it is in force (checked at
/// fan-out and again before every attempt); a provider hears only about its own data (the event's provider).
/// </summary>
public sealed class WebhookService(
    ISubscriptionStore store,
    IWebhookQueue queue,
    IWebhookSender sender,
    ICallbackResolver resolver,
    IConsentStore consents,
    EnvelopeProtector protector,
    WebhookOptions options,
    TimeProvider clock)
{
    public const int MaxUsccs = 100;
    public const int MaxSubscriptionsPerOwner = 20;
    public const int MaxAttemptsShown = 200;

    public async Task<CommandResult<SubscriptionCreated>> SubscribeAsync(SubscriptionInput? input, string ownerKind, string ownerId, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            return CommandResult<SubscriptionCreated>.Invalid(errors.Add("body", "A JSON object with callbackUrl and events is required."));
        }

        if (CallbackPolicy.CheckUrl(input.CallbackUrl, options, out var uri) is { } urlError)
        {
            errors.Add("callbackUrl", urlError);
        }

        var allowed = ownerKind == SubscriberKinds.Bank ? WebhookEventTypes.All : WebhookEventTypes.ForProviders;
        var events = new List<string>();
        if (input.Events is not { Count: > 0 })
        {
            errors.Add("events", $"At least one event is required: {string.Join(", ", allowed)}.");
        }
        else
        {
            foreach (var e in input.Events)
            {
                if (e is null || !allowed.Contains(e, StringComparer.Ordinal))
                {
                    errors.Add("events", $"'{Echo(e)}' is not an event this caller may subscribe to ({string.Join(", ", allowed)}).");
                }
                else if (!events.Contains(e, StringComparer.Ordinal))
                {
                    events.Add(e);
                }
            }
        }

        List<string>? usccs = null;
        if (input.Usccs is not null)
        {
            usccs = [];
            if (input.Usccs.Count is 0 or > MaxUsccs)
            {
                errors.Add("usccs", $"usccs lists 1 to {MaxUsccs} enterprises, or is left out for every enterprise.");
            }
            else
            {
                for (var i = 0; i < input.Usccs.Count; i++)
                {
                    if (!Uscc.TryParse(input.Usccs[i], out var parsed, out var error))
                    {
                        errors.Add($"usccs[{i}]", error);
                    }
                    else if (!usccs.Contains(parsed.Value, StringComparer.Ordinal))
                    {
                        usccs.Add(parsed.Value);
                    }
                }
            }
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<SubscriptionCreated>.Invalid(errors);
        }

        if (!System.Net.IPAddress.TryParse(uri!.IdnHost.Trim('[', ']'), out _))
        {
            IReadOnlyList<System.Net.IPAddress> addresses;
            try
            {
                addresses = await resolver.ResolveAsync(uri.IdnHost, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException)
            {
                addresses = [];
            }

            if (addresses.Count == 0)
            {
                return CommandResult<SubscriptionCreated>.Invalid(errors.Add("callbackUrl", "The callbackUrl's host does not resolve."));
            }

            if (addresses.Select(a => CallbackPolicy.Refusal(a, options.AllowLoopback)).FirstOrDefault(r => r is not null) is { } refused)
            {
                return CommandResult<SubscriptionCreated>.Invalid(errors.Add("callbackUrl", $"The callbackUrl's host resolves to a refused address: {refused}."));
            }
        }

        var existing = await store.ListByOwnerAsync(ownerKind, ownerId, cancellationToken);
        if (existing.Count(s => s.EndedAt is null) >= MaxSubscriptionsPerOwner)
        {
            return CommandResult<SubscriptionCreated>.Conflict($"A subscriber has at most {MaxSubscriptionsPerOwner} subscriptions; end one first.");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var secret = WebhookSignature.NewSecret();
        var subscription = new Subscription(id, ownerKind, ownerId, uri.AbsoluteUri, events, usccs, clock.GetUtcNow(), null);
        await store.AddAsync(new StoredSubscription(subscription, await protector.ProtectAsync(secret, SecretContext(id), cancellationToken)), cancellationToken);
        return CommandResult<SubscriptionCreated>.Ok(new SubscriptionCreated(id, secret, subscription));
    }

    public Task<IReadOnlyList<Subscription>> ListAsync(string ownerKind, string ownerId, CancellationToken cancellationToken)
        => store.ListByOwnerAsync(ownerKind, ownerId, cancellationToken);

    /// <summary>A subscription's attempts, newest first; not found (404) for anyone but its owner.</summary>
    public async Task<QueryResult<IReadOnlyList<DeliveryAttempt>>> DeliveriesAsync(string subscriptionId, string ownerKind, string ownerId, CancellationToken cancellationToken)
        => await OwnedAsync(subscriptionId, ownerKind, ownerId, cancellationToken) is null
            ? QueryResult<IReadOnlyList<DeliveryAttempt>>.NotFound($"No subscription {Echo(subscriptionId)} of yours.")
            : QueryResult<IReadOnlyList<DeliveryAttempt>>.Ok(await store.AttemptsAsync(subscriptionId, MaxAttemptsShown, cancellationToken));

    public async Task<CommandResult<Subscription>> EndAsync(string subscriptionId, string ownerKind, string ownerId, CancellationToken cancellationToken)
    {
        var owned = await OwnedAsync(subscriptionId, ownerKind, ownerId, cancellationToken);
        if (owned is null)
        {
            return CommandResult<Subscription>.NotFound($"No subscription {Echo(subscriptionId)} of yours.");
        }

        if (owned.EndedAt is not null)
        {
            return CommandResult<Subscription>.Ok(owned);
        }

        var now = clock.GetUtcNow();
        await store.EndAsync(owned, now, cancellationToken);
        return CommandResult<Subscription>.Ok(owned with { EndedAt = now });
    }

    /// <summary>Queue <c>webhook-events</c>: one delivery message per subscription that may hear about the event.</summary>
    public async Task<int> FanOutAsync(WebhookEventMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var e = message.Event;
        var queued = 0;
        foreach (var id in await store.MatchAsync(e.Type, e.Uscc, message.ProviderId, cancellationToken))
        {
            var stored = await store.GetAsync(id, cancellationToken);
            if (stored is null || !await MayHearAsync(stored.Subscription, message.ProviderId, e, cancellationToken))
            {
                continue;
            }

            // One id per (event, subscription): a fan-out run again sends the same delivery id, which receivers deduplicate.
            var deliveryId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{e.Id}\n{id}"))[..16]);
            await queue.SendDeliveryAsync(new WebhookDeliveryMessage(deliveryId, id, e, 1, e.OccurredAt), TimeSpan.Zero, cancellationToken);
            queued++;
        }

        return queued;
    }

    /// <summary>
    /// Queue <c>webhook-deliveries</c>: one attempt. A failure is recorded and the message sent again with the
    /// next backoff delay; past <see cref="WebhookOptions.RetryWindow"/> the delivery is dead-lettered. Nothing a
    /// receiver does makes this throw, so a bad callback never poisons the queue.
    /// </summary>
    public async Task DeliverAsync(WebhookDeliveryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = clock.GetUtcNow();
        if (message.DueAt > now)
        {
            // Seen before its time (the queue hides a message at most MaxQueueDelay at once): hide it again.
            await queue.SendDeliveryAsync(message, Min(message.DueAt - now, options.MaxQueueDelay), cancellationToken);
            return;
        }

        var stored = await store.GetAsync(message.SubscriptionId, cancellationToken);
        if (stored is null || stored.Subscription.EndedAt is not null)
        {
            return;
        }

        var e = message.Event;
        if (now > e.OccurredAt + WebhookOptions.RetryWindow)
        {
            await RecordAsync(DeliveryOutcomes.DeadLettered, null, $"Not delivered within {WebhookOptions.RetryWindow.TotalHours:0} hours of the event.", TimeSpan.Zero);
            return;
        }

        if (stored.Subscription.OwnerKind == SubscriberKinds.Bank && !await ConsentedAsync(e.Uscc, stored.Subscription.OwnerId, cancellationToken))
        {
            await RecordAsync(DeliveryOutcomes.Dropped, null, "The enterprise's consent to this bank is no longer in force.", TimeSpan.Zero);
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(e, WireJson.Options);
        var secret = await protector.UnprotectAsync(stored.ProtectedSecret, SecretContext(message.SubscriptionId), cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [WebhookSignature.SignatureHeader] = WebhookSignature.Sign(body, secret),
            [WebhookSignature.DeliveryHeader] = message.DeliveryId,
            [WebhookSignature.EventHeader] = e.Type,
        };
        var result = await sender.PostAsync(new Uri(stored.Subscription.CallbackUrl), body, headers, cancellationToken);
        if (result.Succeeded)
        {
            await RecordAsync(DeliveryOutcomes.Delivered, result.StatusCode, null, result.Duration);
            return;
        }

        await RecordAsync(DeliveryOutcomes.Failed, result.StatusCode, result.Error, result.Duration);
        var due = clock.GetUtcNow() + WebhookBackoff.After(message.Attempt);
        var deadline = e.OccurredAt + WebhookOptions.RetryWindow;
        if (due > deadline)
        {
            // The last try falls at the deadline; seen after it, the delivery is dead-lettered.
            due = deadline;
        }

        await queue.SendDeliveryAsync(message with { Attempt = message.Attempt + 1, DueAt = due }, Min(due - clock.GetUtcNow(), options.MaxQueueDelay), cancellationToken);

        Task RecordAsync(string status, int? statusCode, string? error, TimeSpan duration)
            => store.AddAttemptAsync(
                message.SubscriptionId,
                new DeliveryAttempt(message.DeliveryId, e.Id, e.Type, message.Attempt, clock.GetUtcNow(), status, statusCode, error, (long)duration.TotalMilliseconds),
                cancellationToken);
    }

    private async Task<bool> MayHearAsync(Subscription subscription, string? providerId, WebhookEvent e, CancellationToken cancellationToken)
    {
        if (subscription.EndedAt is not null || !subscription.Events.Contains(e.Type, StringComparer.Ordinal)
            || (subscription.Usccs is { } usccs && !usccs.Contains(e.Uscc, StringComparer.Ordinal)))
        {
            return false;
        }

        return subscription.OwnerKind switch
        {
            SubscriberKinds.Bank => await ConsentedAsync(e.Uscc, subscription.OwnerId, cancellationToken),
            SubscriberKinds.Provider => string.Equals(providerId, subscription.OwnerId, StringComparison.Ordinal),
            _ => false,
        };
    }

    private async Task<bool> ConsentedAsync(string uscc, string bankId, CancellationToken cancellationToken)
        => (await consents.GetAsync(uscc, bankId, cancellationToken))?.IsActiveOn(CityClock.Today(clock)) == true;

    private async Task<Subscription?> OwnedAsync(string subscriptionId, string ownerKind, string ownerId, CancellationToken cancellationToken)
    {
        if (!IsSubscriptionId(subscriptionId))
        {
            return null;
        }

        var stored = await store.GetAsync(subscriptionId, cancellationToken);
        return stored is not null && stored.Subscription.OwnerKind == ownerKind && stored.Subscription.OwnerId == ownerId ? stored.Subscription : null;
    }

    public static bool IsSubscriptionId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    /// <summary>The envelope's associated data: a secret copied to another subscription's row does not open.</summary>
    private static string SecretContext(string subscriptionId) => "Subscriptions/" + subscriptionId;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? (a < TimeSpan.Zero ? TimeSpan.Zero : a) : b;

    private static string Echo(string? value) => value is null ? "null" : value.Length <= FieldErrors.MaxEchoLength ? value : value[..FieldErrors.MaxEchoLength] + "…";
}
