using System.Net;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Protection;
using CreditSharing.Core.Webhooks;

namespace CreditSharing.Core.Tests.Webhooks;

public sealed class WebhookServiceTests
{
    private const string Uscc = "91411702MA6ULN0X2U";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 1, 0, 0, TimeSpan.Zero);

    private readonly MemoryStore store = new();
    private readonly RecordingQueue queue = new();
    private readonly ScriptedSender sender = new();
    private readonly MemoryConsents consents = new();
    private readonly MovableClock clock = new(Now);

    private WebhookService Service() => new(
        store,
        queue,
        sender,
        new NoDns(),
        consents,
        new EnvelopeProtector(new LocalKeyWrapper(Enumerable.Repeat((byte)7, 32).ToArray()), clock),
        new WebhookOptions(RequireHttps: true, AllowLoopback: false, MaxQueueDelay: TimeSpan.FromHours(1)),
        clock);

    [Fact]
    public async Task FansOutOnlyToBanksTheEnterpriseConsentedTo()
    {
        var service = Service();
        consents.Grant(Uscc, "bank-a");
        await SubscribeAsync(service, "bank-a");
        await SubscribeAsync(service, "bank-b");

        var queued = await service.FanOutAsync(new WebhookEventMessage(Event(), null), TestContext.Current.CancellationToken);

        Assert.Equal(1, queued);
        Assert.Single(queue.Deliveries);
    }

    [Fact]
    public async Task DropsADeliveryWhoseConsentEndedAfterTheFanOut()
    {
        var service = Service();
        consents.Grant(Uscc, "bank-a");
        var id = await SubscribeAsync(service, "bank-a");
        await service.FanOutAsync(new WebhookEventMessage(Event(), null), TestContext.Current.CancellationToken);
        consents.Revoke(Uscc, "bank-a");

        await service.DeliverAsync(queue.Deliveries.Single().Message, TestContext.Current.CancellationToken);

        Assert.Empty(sender.Posts);
        Assert.Equal(DeliveryOutcomes.Dropped, Assert.Single(store.Attempts[id]).Status);
    }

    [Fact]
    public async Task ResendsAFailedDeliveryWithTheBackoffAndNeverThrows()
    {
        var service = Service();
        consents.Grant(Uscc, "bank-a");
        var id = await SubscribeAsync(service, "bank-a");
        await service.FanOutAsync(new WebhookEventMessage(Event(), null), TestContext.Current.CancellationToken);
        sender.Next = new CallbackResult(null, "Connection failed: ConnectionError.", TimeSpan.FromMilliseconds(3));

        await service.DeliverAsync(queue.Deliveries[0].Message, TestContext.Current.CancellationToken);

        var retry = queue.Deliveries[1];
        Assert.Equal(2, retry.Message.Attempt);
        Assert.Equal(Now + TimeSpan.FromMinutes(1), retry.Message.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(1), retry.Delay);
        Assert.Equal(retry.Message.DeliveryId, queue.Deliveries[0].Message.DeliveryId);
        var attempt = Assert.Single(store.Attempts[id]);
        Assert.Equal((DeliveryOutcomes.Failed, "Connection failed: ConnectionError.", 1), (attempt.Status, attempt.Error, attempt.Attempt));
    }

    [Fact]
    public async Task DeadLettersOnceTheWindowHasPassedWithoutPosting()
    {
        var service = Service();
        consents.Grant(Uscc, "bank-a");
        var id = await SubscribeAsync(service, "bank-a");
        await service.FanOutAsync(new WebhookEventMessage(Event(), null), TestContext.Current.CancellationToken);
        clock.Now = Now + TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1);

        await service.DeliverAsync(queue.Deliveries[0].Message, TestContext.Current.CancellationToken);

        Assert.Empty(sender.Posts);
        Assert.Single(queue.Deliveries);
        Assert.Equal(DeliveryOutcomes.DeadLettered, Assert.Single(store.Attempts[id]).Status);
    }

    [Fact]
    public async Task SignsTheBodyWithTheSecretShownAtSubscribing()
    {
        var service = Service();
        consents.Grant(Uscc, "bank-a");
        var created = (await service.SubscribeAsync(new SubscriptionInput("https://8.8.8.8/hook", ["grade.changed"], null), SubscriberKinds.Bank, "bank-a", TestContext.Current.CancellationToken)).Value!;
        await service.FanOutAsync(new WebhookEventMessage(Event(), null), TestContext.Current.CancellationToken);

        await service.DeliverAsync(queue.Deliveries[0].Message, TestContext.Current.CancellationToken);

        var post = Assert.Single(sender.Posts);
        Assert.True(WebhookSignature.Verify(post.Body, created.Secret, post.Headers[WebhookSignature.SignatureHeader]));
        Assert.DoesNotContain(created.Secret, store.Subscriptions[created.SubscriptionId].ProtectedSecret, StringComparison.Ordinal);
    }

    private static WebhookEvent Event() => new("e1", WebhookEventTypes.GradeChanged, Now, Uscc, System.Text.Json.JsonSerializer.SerializeToElement(new { grade = "A" }));

    private static async Task<string> SubscribeAsync(WebhookService service, string bankId)
        => (await service.SubscribeAsync(new SubscriptionInput("https://8.8.8.8/hook", ["grade.changed"], [Uscc]), SubscriberKinds.Bank, bankId, TestContext.Current.CancellationToken)).Value!.SubscriptionId;

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class MemoryStore : ISubscriptionStore
    {
        public Dictionary<string, StoredSubscription> Subscriptions { get; } = [];

        public Dictionary<string, List<DeliveryAttempt>> Attempts { get; } = [];

        public Task AddAsync(StoredSubscription subscription, CancellationToken cancellationToken)
        {
            Subscriptions[subscription.Subscription.SubscriptionId] = subscription;
            return Task.CompletedTask;
        }

        public Task<StoredSubscription?> GetAsync(string subscriptionId, CancellationToken cancellationToken) => Task.FromResult(Subscriptions.GetValueOrDefault(subscriptionId));

        public Task<IReadOnlyList<Subscription>> ListByOwnerAsync(string ownerKind, string ownerId, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<Subscription>>([.. Subscriptions.Values.Select(s => s.Subscription).Where(s => s.OwnerKind == ownerKind && s.OwnerId == ownerId)]);

        public Task EndAsync(Subscription subscription, DateTimeOffset at, CancellationToken cancellationToken)
        {
            Subscriptions[subscription.SubscriptionId] = Subscriptions[subscription.SubscriptionId] with { Subscription = subscription with { EndedAt = at } };
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<string>> MatchAsync(string eventType, string uscc, string? providerId, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<string>>([.. Subscriptions.Keys]);

        public Task AddAttemptAsync(string subscriptionId, DeliveryAttempt attempt, CancellationToken cancellationToken)
        {
            (Attempts.TryGetValue(subscriptionId, out var list) ? list : Attempts[subscriptionId] = []).Add(attempt);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(string subscriptionId, int limit, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<DeliveryAttempt>>(Attempts.GetValueOrDefault(subscriptionId) ?? []);
    }

    private sealed class RecordingQueue : IWebhookQueue
    {
        public List<(WebhookDeliveryMessage Message, TimeSpan Delay)> Deliveries { get; } = [];

        public Task SendEventAsync(WebhookEventMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendDeliveryAsync(WebhookDeliveryMessage message, TimeSpan delay, CancellationToken cancellationToken)
        {
            Deliveries.Add((message, delay));
            return Task.CompletedTask;
        }
    }

    private sealed class ScriptedSender : IWebhookSender
    {
        public CallbackResult Next { get; set; } = new(204, null, TimeSpan.FromMilliseconds(1));

        public List<(byte[] Body, IReadOnlyDictionary<string, string> Headers)> Posts { get; } = [];

        public Task<CallbackResult> PostAsync(Uri callback, byte[] body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
        {
            if (Next.StatusCode is not null)
            {
                Posts.Add((body, headers));
            }

            return Task.FromResult(Next);
        }
    }

    private sealed class NoDns : ICallbackResolver
    {
        public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<IPAddress>>([]);
    }

    private sealed class MemoryConsents : IConsentStore
    {
        private readonly Dictionary<(string, string), Consent> consents = [];

        public void Grant(string uscc, string bankId) => consents[(uscc, bankId)] = new Consent(uscc, bankId, "贷款", new DateOnly(2027, 6, 1), Now, "ent", null);

        public void Revoke(string uscc, string bankId) => consents[(uscc, bankId)] = consents[(uscc, bankId)] with { RevokedAt = Now };

        public Task SaveAsync(Consent consent, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<Consent?> GetAsync(string uscc, string bankId, CancellationToken cancellationToken) => Task.FromResult(consents.GetValueOrDefault((uscc, bankId)));

        public Task<IReadOnlyList<Consent>> ListAsync(string uscc, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Consent>>([.. consents.Values.Where(c => c.Uscc == uscc)]);
    }
}
