using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Auth;

/// <summary>
/// The Entra ID path, offline: a DevHost configured as in Azure (Microsoft.Identity.Web, section <c>AzureAd</c>)
/// against a <see cref="FakeEntra"/> tenant on 127.0.0.1. Valid Entra v2.0 tokens are accepted; a token of
/// another tenant, for another audience, unsigned, signed with another key or expired is a 401 problem.
/// </summary>
public sealed class EntraAuthenticationTests(EntraDevHostFixture host) : IClassFixture<EntraDevHostFixture>
{
    private const string RegulatorOnly = "/api/grades/summary";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeEntra Entra => host.Entra;

    [Fact]
    public async Task AcceptsAUsersTokenFromTheTenantAfterReadingItsMetadata()
    {
        using var client = host.Client(Entra.UserToken(Guid.NewGuid().ToString(), AppRoles.Regulator));

        using var response = await client.GetAsync(RegulatorOnly, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Entra.MetadataRequests >= 2, "the DevHost validated without the tenant's OpenID configuration and keys");
    }

    [Fact]
    public async Task AcceptsAV1AudienceOfTheApisIdentifierUri()
    {
        var token = Entra.Mint(new EntraToken([AppRoles.Regulator], Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), FakeEntra.UserScope, Audience: Entra.Audience));
        using var client = host.Client(token);

        using var response = await client.GetAsync(RegulatorOnly, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AcceptsAnApplicationsTokenWithoutScopes()
    {
        using var client = host.Client(Entra.AppToken(Guid.NewGuid().ToString(), AppRoles.Regulator));

        using var response = await client.GetAsync(RegulatorOnly, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AppliesTheTokensAppRoles()
    {
        using var client = host.Client(Entra.UserToken(Guid.NewGuid().ToString(), AppRoles.Auditor));

        using var response = await client.GetAsync(RegulatorOnly, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task RefusesADepartmentsAppThatNoProviderEntryLists()
    {
        using var client = host.Client(Entra.AppToken(Guid.NewGuid().ToString(), AppRoles.DataProvider));
        using var csv = new StringContent("sourceId,uscc,category,title,decisionDate,authority,disclosure\n", System.Text.Encoding.UTF8, "text/csv");

        using var response = await client.PostAsync("/api/imports", csv, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ResolvesAnEnterpriseUserByTheObjectIdBoundToTheEnterpriseOnly()
    {
        var uscc = TestData.NewUscc();
        using var bound = await host.ClientAsync(new LocalTokenRequest([AppRoles.Enterprise], "entra-enterprise-user-" + uscc, uscc, null));
        using var unbound = host.Client(Entra.UserToken(Guid.NewGuid().ToString(), AppRoles.Enterprise));

        using var own = await bound.GetAsync($"/api/enterprises/{uscc}/grade", Ct);
        using var stranger = await unbound.GetAsync($"/api/enterprises/{uscc}/grade", Ct);

        Assert.NotEqual(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "another tenant", "issuer" },
        { "the other tenant's issuer with this tenant's tid", "issuer" },
        { "another audience", "audience" },
        { "unsigned", "not valid" },
        { "another key", "signature" },
        { "expired", "expired" },
        { "not yet valid", "not valid yet" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task RefusesATokenOf(string kind, string reason)
    {
        var oid = Guid.NewGuid().ToString();
        var other = Guid.NewGuid().ToString();
        var token = new EntraToken([AppRoles.Regulator], oid, Guid.NewGuid().ToString(), FakeEntra.UserScope);
        token = kind switch
        {
            "another tenant" => token with { TenantId = other },
            "the other tenant's issuer with this tenant's tid" => token with { Issuer = Entra.IssuerOf(other) },
            "another audience" => token with { Audience = "api://" + Guid.NewGuid() },
            "unsigned" => token with { Unsigned = true },
            "another key" => token with { Key = Entra.ForeignKey() },
            "expired" => token with { Shift = TimeSpan.FromHours(-2) },
            "not yet valid" => token with { Shift = TimeSpan.FromHours(1) },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown refusal."),
        };
        using var client = host.Client(Entra.Mint(token));

        using var response = await client.GetAsync(RegulatorOnly, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.FirstOrDefault()?.Scheme);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RefusesALocalIssuersToken()
    {
        var local = new LocalTokenIssuer(new LocalIssuerOptions { SigningKey = DevHostFixture.SigningKey }, TimeProvider.System)
            .Issue(new LocalTokenRequest([AppRoles.Regulator], "local-regulator", null, null));
        using var client = host.Client(local.AccessToken);

        using var response = await client.GetAsync(RegulatorOnly, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", DevHostApp.TokenRoute)]
    [InlineData("GET", DevHostApp.ClockRoute)]
    [InlineData("POST", DevHostApp.ClockRoute)]
    public async Task ServesNoDevelopmentEndpoint(string method, string path)
    {
        using var client = host.Anonymous();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { roles = new[] { AppRoles.Regulator }, sub = "intruder" }) };

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(host.Host.LocalAuth);
    }
}
