using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Health;

/// <summary>
/// A message no function can read: parked in its poison queue, counted on health, and no obstacle
/// to the work behind it. The tests share the class's queues, so counts are "at least".
/// </summary>
public sealed class PoisonMessageTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ParksAnUnreadableMessageOfEveryQueueAndCountsItOnHealth()
    {
        foreach (var queue in QueueNames.All)
        {
            await host.Queue(queue).SendMessageAsync("{ this is not a message of any kind", Ct);
        }

        var poisonCounts = await Eventually.GetAsync(
            async () =>
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var queue in QueueNames.All)
                {
                    counts[queue] = (await host.Queue(QueueNames.Poison(queue)).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount;
                }

                return counts.Values.All(c => c >= 1) ? counts : null;
            },
            TimeSpan.FromSeconds(60),
            "every queue's unreadable message to reach its poison queue");
        // The counts are for signed-in callers; the clock moves past the 5 s health cache.
        using var client = await host.ClientAsync("ops-poison", "Regulator");
        await host.SetClockAsync((await host.ClockAsync()).AddSeconds(6));
        using var health = await client.GetAsync("/api/health", Ct);
        var body = await health.Content.ReadFromJsonAsync<JsonElement>(Ct);

        // Other test classes park messages too, side by side: health is read between two counts.
        var after = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in QueueNames.All)
        {
            after[queue] = (await host.Queue(QueueNames.Poison(queue)).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount;
        }

        Assert.Equal(QueueNames.All.Count, poisonCounts.Count);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.InRange(body.GetProperty("poisonMessages").GetInt32(), poisonCounts.Values.Sum(), after.Values.Sum());
        Assert.All(QueueNames.All, q => Assert.InRange(body.GetProperty("poisonByQueue").GetProperty(q).GetInt32(), poisonCounts[q], after[q]));
    }

    [Fact]
    public async Task StoresRecordsQueuedBehindAnUnreadableMessage()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("sw-poison", "DataProvider");
        using var regulator = await host.ClientAsync("reg-poison", "Regulator");
        await host.Queue(QueueNames.CreditRecords).SendMessageAsync("[1, 2, 3]", Ct);

        using var posted = await provider.PostAsJsonAsync("/api/records", new[] { Infrastructure.Records.Penalty(uscc, "POISON-1") }, Ct);
        var stored = await Eventually.GetAsync(
            async () => (await Infrastructure.Records.AllAsync(regulator, uscc)) is { Count: 1 } all ? all : null,
            TimeSpan.FromSeconds(30),
            "the record behind the unreadable message to be stored");

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("POISON-1", Assert.Single(stored).GetProperty("sourceId").GetString());
    }
}
