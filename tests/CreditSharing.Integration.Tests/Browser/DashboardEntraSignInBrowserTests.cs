using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Integration.Tests.Pages;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;

namespace CreditSharing.Integration.Tests.Browser;

/// <summary>
/// A DevHost configured as in Azure with the public cloud's login endpoint, <c>https://login.microsoftonline.com/</c>
/// (MSAL.js accepts only an https authority), played by a <see cref="FakeEntra"/> tenant: the DevHost reads the
/// tenant's metadata through <see cref="FakeEntra.Backchannel"/>, the browser reaches it through request routing.
/// </summary>
public sealed class PublicCloudDevHostFixture : DevHostFixture
{
    public const string LoginEndpoint = "https://login.microsoftonline.com/";

    private EntraMode? mode;

    public FakeEntra Entra => (mode ?? throw new InvalidOperationException("The Entra stand-in has not started.")).Entra;

    public override async ValueTask InitializeAsync()
    {
        mode = await EntraMode.StartAsync(() => BaseAddress, LoginEndpoint);
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

    protected override Dictionary<string, string?> Settings() => mode!.Apply(base.Settings());

    /// <inheritdoc cref="EntraMode.ClientAsync"/>
    public override Task<HttpClient> ClientAsync(LocalTokenRequest request) => mode!.ClientAsync(request);

    protected override void ConfigureServices(IServiceCollection services)
        => services.Configure<JwtBearerOptions>(AuthenticationSetup.Scheme, o => o.BackchannelHttpHandler = Entra.Backchannel());
}

/// <summary>
/// The dashboard's Entra ID sign-in in headless Chromium, end to end: MSAL.js (served by the app, under the page's
/// CSP) redirects to the tenant's authorize endpoint with PKCE, the tenant redirects back with a code, MSAL redeems
/// it with the code verifier, and the page reads the Regulator-only grade summary with the access token, which the
/// DevHost validates with Microsoft.Identity.Web. The tenant's endpoints are played here, as Entra would answer.
/// </summary>
public sealed class DashboardEntraSignInBrowserTests(PublicCloudDevHostFixture host, HeadlessChromium chromium) : IClassFixture<PublicCloudDevHostFixture>, IClassFixture<HeadlessChromium>
{
    private FakeEntra Entra => host.Entra;

    [Fact]
    public async Task SignsInWithMsalAndPkceAndReadsRegulatorData()
    {
        // An enterprise of 正阳县, registered by a department's app and graded: what the regulator should see.
        const string county = "411724";
        var uscc = TestData.NewUscc(county);
        await PageData.RegisterAsync(host, uscc, "正阳县花生制品经营部");
        await PageData.GradeAsync(host, uscc);
        var page = await chromium.PageAsync(1280, 800);
        var userOid = Guid.NewGuid().ToString();
        var accessToken = Entra.Mint(new EntraToken([AppRoles.Regulator], userOid, Entra.ClientId, FakeEntra.UserScope));
        var origin = host.BaseAddress.GetLeftPart(UriPartial.Authority);
        var login = new LoginEndpoint(Entra, userOid, accessToken, origin);
        await page.RouteAsync(PublicCloudDevHostFixture.LoginEndpoint + "**", login.HandleAsync);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        string? apiAuthorization = null;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/grades/summary", StringComparison.Ordinal))
            {
                apiAuthorization = request.Headers.GetValueOrDefault("authorization");
            }
        };

        await page.GotoAsync(origin + "/dashboard");
        await Assertions.Expect(page.Locator("#data-status")).ToContainTextAsync("401");
        await page.GetByRole(AriaRole.Button, new() { Name = "使用 Microsoft Entra ID 登录" }).ClickAsync();
        await Assertions.Expect(page.Locator("#auth-status")).ToContainTextAsync("已登录");
        await Assertions.Expect(page.Locator($"#chart g[data-county='{county}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#changes")).ToContainTextAsync("正阳县花生制品经营部");

        var authorize = Assert.Single(login.Authorizations);
        Assert.Equal(Entra.ClientId, authorize["client_id"]);
        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal(origin + "/dashboard", authorize["redirect_uri"]);
        Assert.Contains($"api://{Entra.ClientId}/user_impersonation", authorize["scope"]!.Split(' '));
        Assert.Equal("S256", authorize["code_challenge_method"]);
        var redemption = Assert.Single(login.Redemptions);
        Assert.Equal("authorization_code", redemption["grant_type"]);
        Assert.Equal(LoginEndpoint.Code, redemption["code"]);
        Assert.Equal(origin + "/dashboard", redemption["redirect_uri"]);
        Assert.Equal(authorize["code_challenge"], Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(redemption["code_verifier"]!))));
        Assert.Equal("Bearer " + accessToken, apiAuthorization);
        Assert.True(int.Parse(await page.Locator("#total").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("正阳县", await page.Locator($"#chart g[data-county='{county}'] text").First.TextContentAsync());
        Assert.True(await page.Locator("#data-status").IsHiddenAsync(), await page.Locator("#data-status").InnerTextAsync());
        Assert.True(await page.Locator("#sign-in").IsHiddenAsync());
        Assert.Empty(violations);
        await HeadlessChromium.SaveScreenshotAsync(page, "dashboard-entra-1280");
        await page.CloseAsync();
    }

    [Fact]
    public async Task SignsAnEnterpriseAccountInOnMeAndLetsItPickOneOfItsTwoEnterprises()
    {
        var first = TestData.NewUscc("411702");
        var second = TestData.NewUscc("411702");
        await PageData.RegisterAsync(host, first, "驿城区账号绑定一号商行");
        await PageData.RegisterAsync(host, second, "驿城区账号绑定二号商行");
        var userOid = Guid.NewGuid().ToString();
        using (var regulator = await host.ClientAsync(new LocalTokenRequest([AppRoles.Regulator], "me-binder", null, null)))
        {
            foreach (var uscc in new[] { first, second })
            {
                (await regulator.PostAsync($"/api/enterprises/{uscc}/accounts", JsonContent(new { oid = userOid }), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
            }
        }

        var page = await chromium.PageAsync(360, 740);
        var accessToken = Entra.Mint(new EntraToken([AppRoles.Enterprise], userOid, Entra.ClientId, FakeEntra.UserScope));
        var origin = host.BaseAddress.GetLeftPart(UriPartial.Authority);
        var login = new LoginEndpoint(Entra, userOid, accessToken, origin);
        await page.RouteAsync(PublicCloudDevHostFixture.LoginEndpoint + "**", login.HandleAsync);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        await page.GotoAsync(origin + "/me");
        await page.GetByRole(AriaRole.Button, new() { Name = "使用 Microsoft Entra ID 登录" }).ClickAsync();
        await Assertions.Expect(page.Locator("#pick")).ToBeVisibleAsync();
        var offered = await page.Locator("#pick-uscc option").AllInnerTextsAsync();
        await page.GetByLabel("本账号可代表的企业").SelectOptionAsync(second);
        await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await Assertions.Expect(page.Locator("#name-h")).ToHaveTextAsync("驿城区账号绑定二号商行");

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), offered.Order(StringComparer.Ordinal));
        Assert.Equal(origin + "/me", Assert.Single(login.Authorizations)["redirect_uri"]);
        Assert.Equal(origin + "/me", Assert.Single(login.Redemptions)["redirect_uri"]);
        Assert.Contains(second, await page.Locator("#uscc").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#data-status").IsHiddenAsync(), await page.Locator("#data-status").InnerTextAsync());
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
        Assert.Empty(violations);
        await HeadlessChromium.SaveScreenshotAsync(page, "me-entra-360");
        await page.CloseAsync();
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>
    /// The tenant's login endpoint as the browser sees it: the OpenID configuration and keys come from the
    /// <see cref="FakeEntra"/> tenant; authorize answers with a redirect carrying a code (Entra would show its
    /// sign-in page first); token redeems that code for the user's tokens, as Entra does for a SPA (CORS).
    /// </summary>
    private sealed class LoginEndpoint(FakeEntra entra, string userOid, string accessToken, string origin)
    {
        public const string Code = "code-from-the-tenant";

        public List<Dictionary<string, string?>> Authorizations { get; } = [];

        public List<Dictionary<string, string?>> Redemptions { get; } = [];

        public async Task HandleAsync(IRoute route)
        {
            var request = route.Request;
            var url = new Uri(request.Url);
            var cors = new Dictionary<string, string>
            {
                ["access-control-allow-origin"] = origin,
                ["access-control-allow-methods"] = "GET, POST, OPTIONS",
                ["access-control-allow-headers"] = request.Headers.GetValueOrDefault("access-control-request-headers") ?? "*",
            };
            if (request.Method == "OPTIONS")
            {
                await route.FulfillAsync(new() { Status = 204, Headers = cors });
            }
            else if (url.AbsolutePath.EndsWith("/oauth2/v2.0/authorize", StringComparison.Ordinal))
            {
                var query = Parse(url.Query);
                Authorizations.Add(query);
                var separator = query.GetValueOrDefault("response_mode") == "fragment" ? "#" : "?";
                var back = $"{query["redirect_uri"]}{separator}code={Code}&state={Uri.EscapeDataString(query["state"] ?? string.Empty)}&client_info={ClientInfo()}";
                await route.FulfillAsync(new() { Status = 302, Headers = new Dictionary<string, string> { ["location"] = back } });
                nonces.Add(query.GetValueOrDefault("nonce"));
            }
            else if (url.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
            {
                var form = Parse(request.PostData ?? string.Empty);
                Redemptions.Add(form);
                var body = JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["token_type"] = "Bearer",
                    ["scope"] = $"api://{entra.ClientId}/user_impersonation",
                    ["expires_in"] = 3600,
                    ["ext_expires_in"] = 3600,
                    ["access_token"] = accessToken,
                    ["refresh_token"] = "refresh-" + Guid.NewGuid().ToString("N"),
                    ["id_token"] = IdToken(nonces.LastOrDefault()),
                    ["client_info"] = ClientInfo(),
                });
                await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = body, Headers = cors });
            }
            else
            {
                // The tenant's OpenID configuration and keys (and anything else) from the stand-in tenant.
                var response = await route.FetchAsync(new() { Url = entra.Rewrite(url).AbsoluteUri });
                var headers = new Dictionary<string, string>(response.Headers) { ["access-control-allow-origin"] = "*" };
                await route.FulfillAsync(new() { Response = response, Headers = headers });
            }
        }

        private readonly List<string?> nonces = [];

        private string ClientInfo() => Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { uid = userOid, utid = entra.TenantId }));

        private string IdToken(string? nonce)
        {
            var now = DateTime.UtcNow;
            var claims = new Dictionary<string, object>
            {
                ["ver"] = "2.0",
                ["tid"] = entra.TenantId,
                ["oid"] = userOid,
                ["sub"] = "dashboard-regulator-subject",
                ["name"] = "驻马店市监管员",
                ["preferred_username"] = "regulator@zmd.example",
            };
            if (nonce is not null)
            {
                claims["nonce"] = nonce;
            }

            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = entra.Issuer,
                Audience = entra.ClientId,
                Claims = claims,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddHours(1),
                SigningCredentials = new SigningCredentials(entra.SigningKey, SecurityAlgorithms.RsaSha256),
            });
        }

        private static Dictionary<string, string?> Parse(string query)
        {
            var values = HttpUtility.ParseQueryString(query);
            return values.AllKeys.OfType<string>().ToDictionary(k => k, k => values[k], StringComparer.Ordinal);
        }
    }
}
