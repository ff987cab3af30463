using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreditSharing.DevHost;
using CreditSharing.Functions.Pages;
using CreditSharing.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CreditSharing.Integration.Tests.Pages;

/// <summary>The dashboard's MSAL.js settings, read from configuration: what the page is served in Azure.</summary>
public sealed class DashboardSignInTests
{
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ClientId = "6e4f2a51-0c1d-4b7a-9f3e-5d2c8b1a0e97";

    [Fact]
    public void SignsInAgainstTheApisOwnRegistrationWithItsDelegatedScope()
    {
        var msal = DashboardSignIn.From(Configuration(("AzureAd:Instance", "https://login.microsoftonline.com/")));

        Assert.NotNull(msal);
        Assert.Equal(ClientId, msal.ClientId);
        Assert.Equal($"https://login.microsoftonline.com/{TenantId}", msal.Authority);
        Assert.Equal("/dashboard", msal.RedirectPath);
        Assert.Equal([$"api://{ClientId}/user_impersonation"], msal.Scopes);
        Assert.Equal("sessionStorage", msal.CacheLocation);
        Assert.Equal("https://login.microsoftonline.com", msal.LoginOrigin);
    }

    [Fact]
    public void TakesTheScopeFromDashboardScopeWhenSet()
    {
        var msal = DashboardSignIn.From(Configuration(("Dashboard:Scope", "api://creditsharing-zmd/Dashboard.Read")));

        Assert.Equal(["api://creditsharing-zmd/Dashboard.Read"], msal!.Scopes);
    }

    [Fact]
    public void UsesTheConfiguredCloudsLoginEndpoint()
    {
        var msal = DashboardSignIn.From(Configuration(("AzureAd:Instance", "https://login.chinacloudapi.cn")));

        Assert.Equal($"https://login.chinacloudapi.cn/{TenantId}", msal!.Authority);
        Assert.Equal("https://login.chinacloudapi.cn", msal.LoginOrigin);
    }

    [Fact]
    public void DefaultsToThePublicCloudWithoutAnInstance()
    {
        var msal = DashboardSignIn.From(Configuration());

        Assert.Equal($"https://login.microsoftonline.com/{TenantId}", msal!.Authority);
    }

    [Fact]
    public void HasNoMsalSettingsInLocalMode()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:Local:SigningKey"] = DevHostFixture.SigningKey }).Build();

        Assert.Null(DashboardSignIn.From(configuration));
        Assert.Equal(PageLayout.SelfScriptPolicy, DashboardSignIn.PolicyFor(null));
    }

    [Fact]
    public void LetsThePageConnectToItselfAndTheLoginEndpointOnly()
    {
        var msal = DashboardSignIn.From(Configuration(("AzureAd:Instance", "https://login.microsoftonline.com/")));

        var directives = DashboardSignIn.PolicyFor(msal).Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self' https://login.microsoftonline.com", directives["connect-src"]);
        Assert.Equal("'none'", directives["default-src"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.False(directives.ContainsKey("frame-src"), "the sign-in is a top-level redirect: the page frames nothing");
    }

    [Fact]
    public void ServesTheSettingsToTheScriptAfterMsalJs()
    {
        var msal = DashboardSignIn.From(Configuration())!;

        var html = DashboardPage.Render(msal);

        var attribute = Regex.Match(html, "data-msal=\"(?<json>[^\"]+)\"").Groups["json"].Value;
        var served = JsonDocument.Parse(WebUtility.HtmlDecode(attribute)).RootElement;
        Assert.Equal(ClientId, served.GetProperty("clientId").GetString());
        Assert.Equal(msal.Authority, served.GetProperty("authority").GetString());
        Assert.Equal("/dashboard", served.GetProperty("redirectPath").GetString());
        Assert.Equal($"api://{ClientId}/user_impersonation", Assert.Single(served.GetProperty("scopes").EnumerateArray()).GetString());
        Assert.Equal("sessionStorage", served.GetProperty("cacheLocation").GetString());
        Assert.Contains("data-auth=\"entra\"", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/assets/msal-browser.min.js\" defer></script><script src=\"/assets/dashboard.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/.auth/", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ServesNoMsalInLocalMode()
    {
        var html = DashboardPage.Render(null);

        Assert.Contains("data-auth=\"local\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-msal", html, StringComparison.Ordinal);
        Assert.DoesNotContain("msal-browser", html, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["AzureAd:TenantId"] = TenantId, ["AzureAd:ClientId"] = ClientId, ["AzureAd:Audience"] = $"api://{ClientId}" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }
}

/// <summary>The dashboard of a DevHost configured as in Azure: MSAL.js from the app, a CSP naming the tenant's login endpoint.</summary>
public sealed class EntraDashboardPageTests(EntraDevHostFixture host) : IClassFixture<EntraDevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServesMsalSettingsForTheConfiguredTenantAndAPolicyNamingItsLoginEndpoint()
    {
        using var client = host.Anonymous();

        using var page = await client.GetAsync("/dashboard", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"connect-src 'self' {host.Entra.Instance.TrimEnd('/')};", csp, StringComparison.Ordinal);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(Ct));
        Assert.Contains($"\"authority\":\"{host.Entra.Instance}{host.Entra.TenantId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"\"scopes\":[\"api://{host.Entra.ClientId}/user_impersonation\"]", html, StringComparison.Ordinal);
        Assert.DoesNotContain("以监管者身份登录（本地开发）", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServesMsalJsOfThePinnedVersionFromTheApp()
    {
        using var package = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(EmbeddedAzurite.FindRepositoryRoot(), "package.json"), Ct));
        var pinned = package.RootElement.GetProperty("dependencies").GetProperty("@azure/msal-browser").GetString();
        using var client = host.Anonymous();

        using var script = await client.GetAsync(DashboardSignIn.MsalScriptPath, Ct);

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(script.Headers.GetValues("X-Content-Type-Options")));
        var text = await script.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith($"/*! @azure/msal-browser v{pinned} ", text, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+$", pinned);
    }
}
