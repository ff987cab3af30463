using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>
/// A DevHost on a free port for one test class, over the shared Azurite, with its own table,
/// queue and container prefix so classes run in parallel without seeing each other's data.
/// </summary>
public class DevHostFixture : IAsyncLifetime
{
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";

    private DevHostApp? host;

    public DevHostApp Host => host ?? throw new InvalidOperationException("The DevHost has not started.");

    public StorageNames Names { get; } = StorageNames.WithPrefix("t" + Guid.NewGuid().ToString("N")[..12]);

    public string ConnectionString { get; private set; } = string.Empty;

    public Uri BaseAddress => Host.BaseAddress;

    public virtual async ValueTask InitializeAsync()
    {
        ConnectionString = await ConnectionStringAsync();
        host = await DevHostApp.StartAsync([], Settings(), logging: LogScan.AddTo, services: ConfigureServices);
    }

    /// <summary>
    /// Stops the DevHost and starts a new one over the same storage: what a crashed and restarted
    /// host finds (nothing kept in memory). Tests of a class run one at a time, so none is mid-request.
    /// </summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        host = await DevHostApp.StartAsync([], Settings(), logging: LogScan.AddTo, services: ConfigureServices);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Settings that make a DevHost quick to test: no idle backoff, immediate retries.</summary>
    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["urls"] = "http://127.0.0.1:0",
        ["Storage:ConnectionString"] = ConnectionString,
        ["Storage:NamePrefix"] = Names.Prefix,
        ["Auth:Local:SigningKey"] = SigningKey,
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        ["RateLimit:AnonymousPermitsPerMinute"] = "100000",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:CreditSharing"] = "Warning",
        ["Logging:LogLevel:Azure.Core"] = "Error",
    };

    protected virtual Task<string> ConnectionStringAsync() => SharedAzurite.ConnectionStringAsync();

    /// <summary>Last changes to the DevHost's services; none by default.</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>A client with a token from the DevHost's own <c>POST /dev/token</c>.</summary>
    public Task<HttpClient> ClientAsync(string sub, params string[] roles) => ClientAsync(new LocalTokenRequest(roles, sub, null, null));

    /// <summary>An enterprise's client: role <c>Enterprise</c> and its <c>uscc</c> claim.</summary>
    public Task<HttpClient> EnterpriseClientAsync(string uscc) => ClientAsync(new LocalTokenRequest(["Enterprise"], "ent-" + uscc, uscc, null));

    /// <summary>
    /// A client for <paramref name="request"/>. A <c>DataProvider</c> is first registered in the provider
    /// registry (<c>PUT /api/providers/{id}</c> as a Regulator) with every category, list type and profiles.
    /// </summary>
    public virtual Task<HttpClient> ClientAsync(LocalTokenRequest request)
        => LocalTokenClient.CreateRegisteredAsync(BaseAddress, request, TestContext.Current.CancellationToken);

    /// <summary>A <c>DataProvider</c> client whose provider id is not in the provider registry.</summary>
    public Task<HttpClient> UnregisteredProviderClientAsync(string sub)
        => LocalTokenClient.CreateAsync(BaseAddress, new LocalTokenRequest([AppRoles.DataProvider], sub, null, null), TestContext.Current.CancellationToken);

    /// <summary>A <c>DataProvider</c> client registered with only the given rights.</summary>
    public async Task<HttpClient> RestrictedProviderClientAsync(string sub, Core.Providers.ProviderInput rights)
    {
        await LocalTokenClient.RegisterProviderAsync(BaseAddress, sub, rights, TestContext.Current.CancellationToken);
        return await UnregisteredProviderClientAsync(sub);
    }

    /// <summary>The product's clock, from the DevHost's <c>GET /dev/clock</c>.</summary>
    public async Task<DateTimeOffset> ClockAsync()
    {
        using var client = Anonymous();
        var answer = await client.GetFromJsonAsync<DevClockAnswer>(DevHostApp.ClockRoute, TestContext.Current.CancellationToken);
        return answer!.Now;
    }

    /// <summary>
    /// Moves the product's clock forward with <c>POST /dev/clock</c>; the answer comes once every timer
    /// function that fell due in the skipped interval has run. Fails the test on anything but 200.
    /// </summary>
    public async Task<DevClockAnswer> SetClockAsync(DateTimeOffset now)
    {
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync(DevHostApp.ClockRoute, new { now = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture) }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {DevHostApp.ClockRoute} answered {(int)response.StatusCode}: {body}");
        }

        return System.Text.Json.JsonSerializer.Deserialize<DevClockAnswer>(body, System.Text.Json.JsonSerializerOptions.Web)!;
    }

    public TableClient Table(string logical) => new TableServiceClient(ConnectionString).GetTableClient(Names.Table(logical));

    public Azure.Storage.Blobs.BlobContainerClient Container(string logical)
        => new Azure.Storage.Blobs.BlobServiceClient(ConnectionString).GetBlobContainerClient(Names.Container(logical));

    public QueueClient Queue(string logical)
        => new(ConnectionString, Names.Queue(logical), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
}
