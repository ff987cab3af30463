using CreditSharing.Functions.Auth;
using Microsoft.Extensions.Configuration;

namespace CreditSharing.Integration.Tests.Auth;

/// <summary>What the app reads from <c>AzureAd</c> beyond Microsoft.Identity.Web: the one issuer, the audiences, and when plain-http metadata is allowed.</summary>
public sealed class EntraSettingsTests
{
    private const string TenantId = "0d5c4a7e-1b2f-4e3d-9a8b-7c6d5e4f3a2b";
    private const string ClientId = "9f8e7d6c-5b4a-4392-8176-5a4b3c2d1e0f";

    [Theory]
    [InlineData("https://login.microsoftonline.com/", false)]
    [InlineData("https://login.chinacloudapi.cn/", false)]
    [InlineData("http://login.microsoftonline.com/", false)]
    [InlineData("http://127.0.0.1:41234/", true)]
    [InlineData("http://[::1]:41234/", true)]
    [InlineData("http://localhost:41234/", true)]
    public void AllowsPlainHttpMetadataOnlyOnThisMachine(string instance, bool loopback)
    {
        var settings = EntraSettings.From(Section(instance));

        Assert.Equal(loopback, settings.IsLoopback);
    }

    [Fact]
    public void TrustsTheTenantsV2IssuerOnTheConfiguredInstance()
    {
        var settings = EntraSettings.From(Section("https://login.chinacloudapi.cn"));

        Assert.Equal($"https://login.chinacloudapi.cn/{TenantId}", settings.Authority);
        Assert.Equal($"https://login.chinacloudapi.cn/{TenantId}/v2.0", settings.Issuer);
    }

    [Fact]
    public void AcceptsTheConfiguredAudienceTheClientIdAndItsIdentifierUri()
    {
        var settings = EntraSettings.From(Section("https://login.microsoftonline.com/"));

        Assert.Equal(["api://creditsharing", ClientId, $"api://{ClientId}"], settings.Audiences("api://creditsharing"));
        Assert.Equal([$"api://{ClientId}", ClientId], settings.Audiences($"api://{ClientId}"));
        Assert.Equal([ClientId, $"api://{ClientId}"], settings.Audiences(null));
    }

    private static IConfigurationSection Section(string instance)
        => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = instance,
            ["AzureAd:TenantId"] = TenantId,
            ["AzureAd:ClientId"] = ClientId,
        }).Build().GetSection("AzureAd");
}
