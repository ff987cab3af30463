using System.Net;
using System.Net.Http.Json;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Webhooks;

/// <summary>Callbacks as configured in Azure (Entra ID sign-in): https only, no loopback, no private addresses.</summary>
public sealed class WebhookAzureModeTests(EntraDevHostFixture host) : IClassFixture<EntraDevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("https://10.0.0.5/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00:ec2::254]/")]
    [InlineData("https://169.254.169.254/metadata")]
    [InlineData("http://93.184.215.14/hook")]
    [InlineData("https://localhost/hook")]
    public async Task RefusesACallbackThatIsNotHttpsToAPublicAddress(string callbackUrl)
    {
        using var bank = await host.ClientAsync(new LocalTokenRequest(["Bank"], "officer-wh-azure", null, "bank-wh-azure"));

        using var response = await bank.PostAsJsonAsync("/api/subscriptions", new { callbackUrl, events = new[] { "grade.changed" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("callbackUrl", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
