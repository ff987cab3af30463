using System.Text.Json;
using Azure.Storage.Queues;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Enterprises;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Enterprises;

/// <summary>The queue function <c>StoreEnterpriseRegistrations</c> as the DevHost's poller runs it.</summary>
public sealed class EnterpriseRegistrationQueueTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MovesAMessageThatIsNotJsonToThePoisonQueueAfterFiveAttempts()
    {
        var queue = host.Queue(QueueNames.EnterpriseRegistrations);
        var poison = host.Queue(QueueNames.Poison(QueueNames.EnterpriseRegistrations));
        var marker = "not json " + Guid.NewGuid();

        await queue.SendMessageAsync(marker, Ct);

        var poisoned = await Eventually.GetAsync(
            async () => (await poison.PeekMessagesAsync(32, Ct)).Value.FirstOrDefault(m => m.Body.ToString() == marker),
            what: "the message in the poison queue");
        Assert.NotNull(poisoned);
        Assert.Equal(0, (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task StoresADuplicateDeliveryOnlyOnce()
    {
        var queue = host.Queue(QueueNames.EnterpriseRegistrations);
        var table = host.Table(TableNames.Enterprises);
        var uscc = TestData.NewUscc("411729");
        var message = JsonSerializer.Serialize(
            new EnterpriseRegistrationMessage("sub-1", "provider-x", DateTimeOffset.Parse("2026-11-01T08:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture),
                [new EnterpriseProfile(uscc, "新蔡县今是粮油有限公司", new LegalRepresentative("李四", TestData.IdNumber("19750612")), "农副食品加工业", "411729", new DateOnly(2015, 6, 1))]),
            WireJson.Options);

        await queue.SendMessageAsync(message, Ct);
        var first = await Eventually.GetAsync(
            async () => { var r = await table.GetEntityIfExistsAsync<EnterpriseEntity>(uscc, EnterpriseEntity.ProfileRowKey, cancellationToken: Ct); return r.HasValue ? r.Value : null; },
            what: "the first delivery to be stored");
        await queue.SendMessageAsync(message, Ct);
        await Eventually.HoldsAsync(async () => await IsDrainedAsync(queue), what: "the duplicate to be handled");

        var rows = await table.QueryAsync<EnterpriseEntity>(e => e.PartitionKey == uscc, cancellationToken: Ct).ToListAsync(Ct);
        var row = Assert.Single(rows);
        Assert.Equal(first.ETag, row.ETag);
        Assert.Equal("新蔡县今是粮油有限公司", row.Name);
        Assert.Equal(0, (await host.Queue(QueueNames.Poison(QueueNames.EnterpriseRegistrations)).PeekMessagesAsync(32, Ct)).Value.Count(m => m.Body.ToString().Contains(uscc, StringComparison.Ordinal)));
    }

    /// <summary>The approximate count includes messages in flight, so zero means handled and deleted.</summary>
    private static async Task<bool> IsDrainedAsync(QueueClient queue)
        => (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0;
}
