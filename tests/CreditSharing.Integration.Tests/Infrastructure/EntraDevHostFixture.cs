using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>
/// A DevHost configured as in Azure: no local issuer, Microsoft.Identity.Web with the <c>AzureAd</c> section
/// pointing at a <see cref="FakeEntra"/> tenant. Identities come from the registries, as in Azure: a
/// <see cref="ClientAsync(LocalTokenRequest)"/> for a provider, a bank or an enterprise first registers the
/// caller's Entra ids there (as a Regulator), then carries an Entra-shaped token.
/// </summary>
public class EntraDevHostFixture : DevHostFixture
{
    private EntraMode? mode;

    public EntraMode Mode => mode ?? throw new InvalidOperationException("The Entra stand-in has not started.");

    public FakeEntra Entra => Mode.Entra;

    public override async ValueTask InitializeAsync()
    {
        mode = await EntraMode.StartAsync(() => BaseAddress);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (mode is not null)
        {
            await mode.DisposeAsync();
        }
    }

    protected override Dictionary<string, string?> Settings() => Mode.Apply(base.Settings());

    /// <inheritdoc cref="EntraMode.ClientAsync"/>
    public override Task<HttpClient> ClientAsync(LocalTokenRequest request) => Mode.ClientAsync(request);

    /// <summary>A client that carries <paramref name="token"/>.</summary>
    public HttpClient Client(string token) => Mode.Client(token);

    /// <summary>A Regulator user's client (no registry entry needed: the role is the whole identity).</summary>
    public HttpClient RegulatorClient(string sub = EntraMode.Registrar) => Mode.RegulatorClient(sub);
}

/// <summary>
/// What makes a DevHost fixture run as in Azure (shared by <see cref="EntraDevHostFixture"/> and the Entra
/// access matrix): a <see cref="FakeEntra"/> tenant, the settings pointing the host at it, and clients whose
/// Entra identities are first registered in the registries.
/// </summary>
public sealed class EntraMode(FakeEntra entra, Func<Uri> baseAddress) : IAsyncDisposable
{
    /// <summary>The Regulator user that registers providers, banks and accounts.</summary>
    public const string Registrar = "entra-registrar";

    public FakeEntra Entra { get; } = entra;

    /// <param name="claimedInstance">The https login endpoint the tenant stands in for (browser tests: MSAL.js accepts only https), or null.</param>
    public static async Task<EntraMode> StartAsync(Func<Uri> baseAddress, string? claimedInstance = null) => new(await FakeEntra.StartAsync(claimedInstance), baseAddress);

    /// <summary>Turns a local-mode fixture's settings into Azure's: no local issuer, the <c>AzureAd</c> section.</summary>
    public Dictionary<string, string?> Apply(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Remove("Auth:Local:SigningKey");
        foreach (var (key, value) in Entra.Settings())
        {
            settings[key] = value;
        }

        return settings;
    }

    public ValueTask DisposeAsync() => Entra.DisposeAsync();

    /// <summary>A client that carries <paramref name="token"/>.</summary>
    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress() };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A Regulator user's client (no registry entry needed: the role is the whole identity).</summary>
    public HttpClient RegulatorClient(string sub = Registrar) => Client(Entra.UserToken(ObjectIdOf(sub), AppRoles.Regulator));

    /// <summary>
    /// The Entra equivalent of a local token request: a DataProvider is an application (app-only token, its
    /// client app id in the provider's <c>clientAppIds</c>); a Bank officer and an Enterprise user are users
    /// (delegated tokens) whose <c>oid</c> is in the bank's <c>userObjectIds</c> or bound to the enterprise;
    /// Regulator and Auditor are users with the role. Ids derive from <c>sub</c>, so one sub is one identity.
    /// </summary>
    public async Task<HttpClient> ClientAsync(LocalTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ct = TestContext.Current.CancellationToken;
        var roles = request.Roles?.ToArray() ?? [];
        var sub = string.IsNullOrWhiteSpace(request.Sub) ? "dev-user" : request.Sub;
        var oid = request.Oid ?? ObjectIdOf(sub);
        if (roles.Contains(AppRoles.DataProvider))
        {
            var providerId = LocalTokenClient.ProviderIdOf(request);
            var appId = ObjectIdOf("app:" + providerId);
            var entry = JsonSerializer.SerializeToNode(LocalTokenClient.EveryRight(providerId), JsonSerializerOptions.Web)!.AsObject();
            entry["clientAppIds"] = new JsonArray(appId);
            await PutAsync($"/api/providers/{Uri.EscapeDataString(providerId)}", entry, ct);
            return Client(Entra.AppToken(appId, roles));
        }

        if (roles.Contains(AppRoles.Bank) && !string.IsNullOrWhiteSpace(request.BankId))
        {
            await AddBankOfficerAsync(request.BankId, oid, ct);
        }

        if (roles.Contains(AppRoles.Enterprise) && !string.IsNullOrWhiteSpace(request.Uscc))
        {
            await BindAccountAsync(request.Uscc, oid, ct);
        }

        return Client(Entra.UserToken(oid, roles));
    }

    /// <summary>A stable Entra object id (a GUID) for a test's name of a user or app.</summary>
    public static string ObjectIdOf(string name) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16)).ToString();

    /// <summary>Adds <paramref name="oid"/> to the bank's <c>userObjectIds</c> (creating the bank when it is new).</summary>
    private async Task AddBankOfficerAsync(string bankId, string oid, CancellationToken ct)
    {
        using var regulator = RegulatorClient();
        var path = $"/api/banks/{Uri.EscapeDataString(bankId)}";
        using var existing = await regulator.GetAsync(path, ct);
        var bank = existing.IsSuccessStatusCode
            ? (await existing.Content.ReadFromJsonAsync<JsonObject>(ct))!
            : new JsonObject { ["name"] = "测试银行 " + bankId, ["licenceNo"] = "B0000H2" + bankId.Length.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) };
        var officers = bank["userObjectIds"] as JsonArray ?? [];
        if (!officers.Any(o => o?.GetValue<string>() == oid))
        {
            officers.Add(oid);
        }

        var entry = new JsonObject
        {
            ["name"] = bank["name"]?.DeepClone(),
            ["licenceNo"] = bank["licenceNo"]?.DeepClone(),
            ["clientAppIds"] = bank["clientAppIds"]?.DeepClone() ?? new JsonArray(),
            ["userObjectIds"] = officers.DeepClone(),
        };
        await PutAsync(path, entry, ct);
    }

    /// <summary>Binds <paramref name="oid"/> to the enterprise (registering it first when it is new).</summary>
    private async Task BindAccountAsync(string uscc, string oid, CancellationToken ct)
    {
        using var regulator = RegulatorClient();
        using var existing = await regulator.GetAsync($"/api/enterprises/{uscc}", ct);
        if (!existing.IsSuccessStatusCode)
        {
            using var registrar = await ClientAsync(new LocalTokenRequest([AppRoles.DataProvider], "entra-registration-authority", null, null));
            using var put = await registrar.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "测试企业 " + uscc[^6..] }, ct);
            await EnsureAsync(put, ct);
        }

        using var bind = await regulator.PostAsJsonAsync($"/api/enterprises/{uscc}/accounts", new { oid }, ct);
        await EnsureAsync(bind, ct);
    }

    private async Task PutAsync(string path, JsonObject body, CancellationToken ct)
    {
        using var regulator = RegulatorClient();
        using var response = await regulator.PutAsJsonAsync(path, body, ct);
        await EnsureAsync(response, ct);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}
