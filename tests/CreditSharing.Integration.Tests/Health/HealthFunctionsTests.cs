using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.DevHost;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Health;

/// <summary>This class has an Azurite of its own, so it can stop it without harming other classes.</summary>
public sealed class HealthFunctionsTests(HealthFunctionsTests.OwnStorageFixture host) : IClassFixture<HealthFunctionsTests.OwnStorageFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswersOkWhileStorageAnswersAndUnavailableAfterItStops()
    {
        using var client = host.Anonymous();

        using var healthy = await client.GetAsync("/api/health", Ct);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("ok", (await healthy.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());

        await host.StopStorageAsync();
        // Health answers from a report at most 5 s old: past that, the next request probes storage again.
        await host.SetClockAsync((await host.ClockAsync()).AddSeconds(6));
        using var unhealthy = await client.GetAsync("/api/health", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.Equal("application/problem+json", unhealthy.Content.Headers.ContentType?.MediaType);
    }

    public sealed class OwnStorageFixture : DevHostFixture
    {
        private EmbeddedAzurite? azurite;

        public async Task StopStorageAsync()
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await StopStorageAsync();
        }

        protected override async Task<string> ConnectionStringAsync()
        {
            azurite = await EmbeddedAzurite.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
            return azurite.ConnectionString;
        }
    }
}
