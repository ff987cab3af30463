using System.Text.Json;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Protection;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Tests.Grading;

namespace CreditSharing.Core.Tests.Enterprises;

/// <summary>A queued batch of profiles carries ID numbers encrypted; storing it opens them.</summary>
public sealed class EnterpriseRegistrationSealingTests
{
    private const string Provider = "sc-zmd";
    private const string Uscc = "91411702MA6ULN0X2U";
    private const string IdNumber = "411702198001011233";
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (EnterpriseRegistry Registry, RecordingRegistrationQueue Queue, MemoryEnterpriseStore Store) Registry()
    {
        var queue = new RecordingRegistrationQueue();
        var store = new MemoryEnterpriseStore();
        var protector = new EnvelopeProtector(new LocalKeyWrapper(Enumerable.Repeat((byte)7, 32).ToArray()), new FixedTimeProvider(Now));
        var registry = new EnterpriseRegistry(store, queue, new RecordingGradeRequestQueue(), new FixedTimeProvider(Now), new ProviderGate(MemoryProviderStore.WithEveryRight(Provider)), protector);
        return (registry, queue, store);
    }

    private static EnterpriseInput Input() => new(Uscc, "驻马店市天中商贸有限公司", new LegalRepresentativeInput("张三", IdNumber), "批发和零售业", "411702", "2019-05-06");

    [Fact]
    public async Task QueuesTheIdNumberEncryptedAndStoresItOpened()
    {
        var (registry, queue, store) = Registry();

        var receipt = await registry.SubmitAsync([Input()], new Dictionary<int, FieldErrors>(), Provider, asRegulator: false, Ct);

        Assert.Equal(1, receipt.Value!.Accepted);
        var message = Assert.Single(queue.Messages);
        var json = JsonSerializer.Serialize(message);
        Assert.DoesNotContain(IdNumber, json, StringComparison.Ordinal);
        Assert.DoesNotContain("19800101", json, StringComparison.Ordinal);
        Assert.StartsWith(EnvelopeProtector.Prefix, message.Profiles[0].LegalRepresentative!.IdNumber, StringComparison.Ordinal);

        await registry.StoreAsync(message, Ct);

        Assert.Equal(IdNumber, (await store.GetAsync(Uscc, Ct))!.Profile.LegalRepresentative!.IdNumber);
    }

    [Fact]
    public async Task StoresAMessageQueuedInClearBeforeEncryption()
    {
        var (registry, _, store) = Registry();
        var clear = new EnterpriseRegistrationMessage("s-1", Provider, Now, [new EnterpriseProfile(Uscc, "驻马店市天中商贸有限公司", new LegalRepresentative("张三", IdNumber), null, "411702", null)]);

        await registry.StoreAsync(clear, Ct);

        Assert.Equal(IdNumber, (await store.GetAsync(Uscc, Ct))!.Profile.LegalRepresentative!.IdNumber);
    }

    [Fact]
    public async Task RefusesAMessageWhoseNumberWasMovedToAnotherEnterprise()
    {
        var (registry, queue, _) = Registry();
        await registry.SubmitAsync([Input()], new Dictionary<int, FieldErrors>(), Provider, asRegulator: false, Ct);
        var sealedProfile = Assert.Single(queue.Messages).Profiles[0];
        var moved = new EnterpriseRegistrationMessage("s-2", Provider, Now, [sealedProfile with { Uscc = "91411702MA6ULN0X3U" }]);

        var refused = await Assert.ThrowsAsync<InvalidMessageException>(() => registry.StoreAsync(moved, Ct));

        Assert.Contains("does not open", refused.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingRegistrationQueue : IEnterpriseRegistrationQueue
    {
        public List<EnterpriseRegistrationMessage> Messages { get; } = [];

        public Task EnqueueAsync(EnterpriseRegistrationMessage message, CancellationToken cancellationToken)
        {
            Messages.Add(message);
            return Task.CompletedTask;
        }
    }
}
