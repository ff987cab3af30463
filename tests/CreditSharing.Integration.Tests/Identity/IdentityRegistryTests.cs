using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CreditSharing.Core.Banks;
using CreditSharing.Core.Providers;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Identity;

/// <summary>
/// Identities from registries (docs/identity.md), through the DevHost: the bank registry, provider users and
/// client apps, enterprise accounts, and an Enterprise token with an <c>oid</c> and no <c>uscc</c> claim.
/// </summary>
public sealed class IdentityRegistryTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private const string UserScope = "user_impersonation";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private Task<HttpClient> RegulatorAsync() => host.ClientAsync("identity-regulator", AppRoles.Regulator);

    /// <summary>A user's token of the shared portal app: resolved by its oid; no uscc, bankId or provider claim counts.</summary>
    private Task<HttpClient> UserAsync(string role, string oid)
        => LocalTokenClient.CreateAsync(host.BaseAddress, new LocalTokenRequest([role], "sub-" + oid, null, null, Azp: "shared-portal", Oid: oid, Scp: UserScope), Ct);

    [Fact]
    public async Task RegistersABankKeepsItsHistoryAndRefusesAnIdAnotherBankHolds()
    {
        using var regulator = await RegulatorAsync();
        var bankA = NewId("bank-a");
        var bankB = NewId("bank-b");
        var app = NewId("app");

        using var created = await regulator.PutAsJsonAsync($"/api/banks/{bankA}", new BankInput("驻马店银行", "B0001H241170001", [app], null), Ct);
        using var repeated = await regulator.PutAsJsonAsync($"/api/banks/{bankA}", new BankInput("驻马店银行", "b0001h241170001", [app.ToUpperInvariant()], null), Ct);
        using var taken = await regulator.PutAsJsonAsync($"/api/banks/{bankB}", new BankInput("另一银行", "B0002", [app], null), Ct);
        using var invalid = await regulator.PutAsJsonAsync($"/api/banks/{bankB}", new { name = "", licenceNo = "B1", clientAppIds = new[] { "a b" } }, Ct);
        var entry = await regulator.GetFromJsonAsync<JsonElement>($"/api/banks/{bankA}", Ct);
        var all = await regulator.GetFromJsonAsync<JsonElement>("/api/banks", Ct);
        using var missing = await regulator.GetAsync($"/api/banks/{bankB}", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains(bankA, await taken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("clientAppIds[0]", out _));
        Assert.Equal(1, entry.GetProperty("revision").GetInt32());
        Assert.Single(entry.GetProperty("history").EnumerateArray());
        Assert.Contains(all.EnumerateArray(), b => b.GetProperty("bankId").GetString() == bankA);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, await AuditRowsAsync("banks.put", bankA));
    }

    [Fact]
    public async Task ResolvesABankUserByOidAndRefusesAnUnregisteredBankNamingTheRegistry()
    {
        using var regulator = await RegulatorAsync();
        var bankId = NewId("bank-oid");
        var officer = NewId("officer");
        (await regulator.PutAsJsonAsync($"/api/banks/{bankId}", new BankInput("驿城农商银行", "B0003", null, [officer]), Ct)).EnsureSuccessStatusCode();
        using var registered = await UserAsync(AppRoles.Bank, officer);
        using var stranger = await UserAsync(AppRoles.Bank, NewId("stranger"));
        using var ghost = await LocalTokenClient.CreateAsync(host.BaseAddress, new LocalTokenRequest([AppRoles.Bank], "ghost-officer", null, "ghost-bank"), Ct);
        var request = new { uscc = TestData.NewUscc(), product = "standard" };

        using var byOfficer = await registered.PostAsJsonAsync("/api/loans/eligibility", request, Ct);
        using var byStranger = await stranger.PostAsJsonAsync("/api/loans/eligibility", request, Ct);
        using var byGhost = await ghost.PostAsJsonAsync("/api/loans/eligibility", request, Ct);

        // The officer's bank has no consent for that enterprise: refused by the service, not by the gate.
        Assert.DoesNotContain("bank registry", await byOfficer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byStranger.StatusCode);
        Assert.Contains("bank registry", await byStranger.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byGhost.StatusCode);
        Assert.Contains("ghost-bank is not in the bank registry", await byGhost.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolvesTwoUsersOfOneClientAppToTwoProvidersAndADaemonByItsClientApp()
    {
        using var regulator = await RegulatorAsync();
        var (taxUser, marketUser, daemon) = (NewId("tax-user"), NewId("market-user"), NewId("daemon"));
        var (tax, market) = (NewId("sw-tax"), NewId("sw-market"));
        await LocalTokenClient.RegisterProviderAsync(host.BaseAddress, tax, new ProviderInput("税务局", null, [], [], false, UserObjectIds: [taxUser]), Ct);
        await LocalTokenClient.RegisterProviderAsync(host.BaseAddress, market, new ProviderInput("市场监管局", null, [], [], true, [daemon], [marketUser]), Ct);
        using var taxClient = await UserAsync(AppRoles.DataProvider, taxUser);
        using var marketClient = await UserAsync(AppRoles.DataProvider, marketUser);
        using var daemonClient = await LocalTokenClient.CreateAsync(host.BaseAddress, new LocalTokenRequest([AppRoles.DataProvider], "sp-" + daemon, null, null, Azp: daemon), Ct);

        using var taxOwn = await taxClient.GetAsync($"/api/providers/{tax}", Ct);
        using var taxOther = await taxClient.GetAsync($"/api/providers/{market}", Ct);
        using var marketOwn = await marketClient.GetAsync($"/api/providers/{market}", Ct);
        using var daemonOwn = await daemonClient.GetAsync($"/api/providers/{market}", Ct);
        using var claimed = await regulator.PutAsJsonAsync($"/api/providers/{NewId("sw-third")}", new ProviderInput("第三方", null, [], [], false, UserObjectIds: [taxUser]), Ct);

        Assert.Equal(HttpStatusCode.OK, taxOwn.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, taxOther.StatusCode);
        Assert.Equal(HttpStatusCode.OK, marketOwn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, daemonOwn.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, claimed.StatusCode);
        Assert.Contains(tax, await claimed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var view = await taxOwn.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(taxUser, Assert.Single(view.GetProperty("userObjectIds").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task AnEnterpriseAccountActsForItsEnterpriseUntilItIsUnbound()
    {
        using var regulator = await RegulatorAsync();
        var uscc = await RegisteredEnterpriseAsync("驿城区账户测试商行");
        var clerk = NewId("clerk");
        using var enterprise = await UserAsync(AppRoles.Enterprise, clerk);

        using var before = await enterprise.GetAsync($"/api/enterprises/{uscc}/authorizations", Ct);
        using var bound = await regulator.PostAsJsonAsync($"/api/enterprises/{uscc}/accounts", new { oid = clerk }, Ct);
        using var again = await regulator.PostAsJsonAsync($"/api/enterprises/{uscc}/accounts", new { oid = clerk }, Ct);
        using var acting = await enterprise.GetAsync($"/api/enterprises/{uscc}/authorizations", Ct);
        var listed = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/accounts", Ct);
        using var unbound = await regulator.DeleteAsync($"/api/enterprises/{uscc}/accounts/{clerk}", Ct);
        using var after = await enterprise.GetAsync($"/api/enterprises/{uscc}/authorizations", Ct);
        using var unknown = await regulator.PostAsJsonAsync($"/api/enterprises/{TestData.NewUscc()}/accounts", new { oid = clerk }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.Created, bound.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, acting.StatusCode);
        Assert.Equal(clerk, Assert.Single(listed.EnumerateArray()).GetProperty("oid").GetString());
        Assert.Equal(HttpStatusCode.NoContent, unbound.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(1, await AuditRowsAsync("accounts.bind", clerk));
        Assert.Equal(1, await AuditRowsAsync("accounts.unbind", clerk));
    }

    [Fact]
    public async Task LetsTheRegistrationAuthorityBindAccountsAndRefusesAnotherProvider()
    {
        var uscc = await RegisteredEnterpriseAsync("西平县账户测试商行");
        using var authority = await host.ClientAsync(NewId("sw-authority"), AppRoles.DataProvider);
        using var tax = await host.RestrictedProviderClientAsync(NewId("sw-tax-only"), new ProviderInput("税务局", null, ["tax-rating"], [], false));

        using var byAuthority = await authority.PostAsJsonAsync($"/api/enterprises/{uscc}/accounts", new { oid = NewId("clerk") }, Ct);
        using var byTax = await tax.PostAsJsonAsync($"/api/enterprises/{uscc}/accounts", new { oid = NewId("clerk") }, Ct);
        using var taxReads = await tax.GetAsync($"/api/enterprises/{uscc}/accounts", Ct);

        Assert.Equal(HttpStatusCode.Created, byAuthority.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byTax.StatusCode);
        Assert.Contains("profiles", await byTax.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, taxReads.StatusCode);
    }

    [Fact]
    public async Task AnAccountBoundToSeveralEnterprisesNamesTheOneItActsFor()
    {
        using var regulator = await RegulatorAsync();
        var first = await RegisteredEnterpriseAsync("驿城区代账甲商行");
        var second = await RegisteredEnterpriseAsync("驿城区代账乙商行");
        var accountant = NewId("accountant");
        foreach (var uscc in new[] { first, second })
        {
            (await regulator.PostAsJsonAsync($"/api/enterprises/{uscc}/accounts", new { oid = accountant }, Ct)).EnsureSuccessStatusCode();
        }

        using var enterprise = await UserAsync(AppRoles.Enterprise, accountant);
        object Code(string producer) => new { category = "pork", productName = "代账冷鲜猪肉", producerUscc = producer, storage = "chilled" };

        using var unnamed = await enterprise.PostAsJsonAsync("/api/trace/codes", Code(first), Ct);
        using var named = await enterprise.PostAsJsonAsync($"/api/trace/codes?uscc={second}", Code(second), Ct);
        using var mismatch = await enterprise.PostAsJsonAsync($"/api/trace/codes?uscc={first}", Code(second), Ct);
        using var stranger = await enterprise.PostAsJsonAsync($"/api/trace/codes?uscc={TestData.NewUscc()}", Code(first), Ct);
        using var firstConsents = await enterprise.GetAsync($"/api/enterprises/{first}/authorizations", Ct);
        using var secondConsents = await enterprise.GetAsync($"/api/enterprises/{second}/authorizations", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("?uscc=", await unnamed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, mismatch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, firstConsents.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondConsents.StatusCode);
    }

    [Fact]
    public async Task TellsAnEnterpriseAccountWhichEnterprisesItActsFor()
    {
        using var regulator = await RegulatorAsync();
        var first = await RegisteredEnterpriseAsync("驿城区信用中心甲商行");
        var second = await RegisteredEnterpriseAsync("驿城区信用中心乙商行");
        var clerk = NewId("clerk");
        var unbound = NewId("clerk");
        foreach (var uscc in new[] { first, second })
        {
            (await regulator.PostAsJsonAsync($"/api/enterprises/{uscc}/accounts", new { oid = clerk }, Ct)).EnsureSuccessStatusCode();
        }

        using var account = await UserAsync(AppRoles.Enterprise, clerk);
        using var stranger = await UserAsync(AppRoles.Enterprise, unbound);
        using var local = await host.EnterpriseClientAsync(first);

        var both = await account.GetFromJsonAsync<JsonElement>("/api/me/enterprises", Ct);
        var none = await stranger.GetFromJsonAsync<JsonElement>("/api/me/enterprises", Ct);
        var claimed = await local.GetFromJsonAsync<JsonElement>("/api/me/enterprises", Ct);
        using var byRegulator = await regulator.GetAsync("/api/me/enterprises", Ct);

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), both.GetProperty("usccs").EnumerateArray().Select(u => u.GetString()).Order(StringComparer.Ordinal));
        Assert.Empty(none.GetProperty("usccs").EnumerateArray());
        Assert.Equal([first], claimed.GetProperty("usccs").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, byRegulator.StatusCode);
    }

    private async Task<string> RegisteredEnterpriseAsync(string name)
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("identity-registrar-provider", AppRoles.DataProvider);
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name }, Ct)).EnsureSuccessStatusCode();
        return uscc;
    }

    private async Task<int> AuditRowsAsync(string action, string target)
    {
        var filter = TableClient.CreateQueryFilter($"Action eq {action} and Target eq {target}");
        var count = 0;
        await foreach (var _ in host.Table(TableNames.Audit).QueryAsync<TableEntity>(filter, cancellationToken: Ct))
        {
            count++;
        }

        return count;
    }
}
