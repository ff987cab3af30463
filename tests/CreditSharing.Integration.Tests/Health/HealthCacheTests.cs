using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Health;

/// <summary>Health answers from a report at most 5 s old (the DevHost's clock), and shows poison counts only to signed-in callers.</summary>
public sealed class HealthCacheTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswersFromTheLastReportUntilTheClockMovesFiveSeconds()
    {
        using var operator_ = await host.ClientAsync("ops-cache", "Regulator");
        var before = await PoisonCountAsync(operator_);
        await host.Queue(QueueNames.Poison(QueueNames.CreditRecords)).SendMessageAsync("parked by the cache test", Ct);

        var cached = await PoisonCountAsync(operator_);
        await host.SetClockAsync((await host.ClockAsync()).AddSeconds(5));
        var fresh = await PoisonCountAsync(operator_);

        Assert.Equal(before, cached);
        Assert.Equal(before + 1, fresh);
    }

    [Fact]
    public async Task ShowsPoisonCountsOnlyToSignedInCallers()
    {
        using var anonymous = host.Anonymous();
        using var signedIn = await host.ClientAsync("ops-counts", "Regulator");

        var open = await anonymous.GetFromJsonAsync<JsonElement>("/api/health", Ct);
        var full = await signedIn.GetFromJsonAsync<JsonElement>("/api/health", Ct);

        Assert.True(open.TryGetProperty("status", out _));
        Assert.False(open.TryGetProperty("poisonMessages", out _));
        Assert.False(open.TryGetProperty("poisonByQueue", out _));
        Assert.True(full.TryGetProperty("poisonMessages", out _));
        Assert.Equal(JsonValueKind.Object, full.GetProperty("poisonByQueue").ValueKind);
    }

    private static async Task<int> PoisonCountAsync(HttpClient client)
    {
        using var answer = await client.GetAsync("/api/health", Ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("poisonMessages").GetInt32();
    }
}
