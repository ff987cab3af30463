using System.Globalization;
using System.Net.Http.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CreditSharing.Integration.Tests.Browser;

/// <summary>The dashboard's 信易贷 volume chart (inline SVG, no chart library) in headless Chromium at a desktop width.</summary>
public sealed class LoanChartBrowserTests(DevHostFixture host, HeadlessChromium chromium) : IClassFixture<DevHostFixture>, IClassFixture<HeadlessChromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DrawsTheGrantedVolumeOfTheLastTwelveMonthsAsBarsAfterSigningIn()
    {
        var today = CityClock.Today(TimeProvider.System);
        var bankId = "bank-chart-" + Guid.NewGuid().ToString("N")[..8];
        var uscc = TestData.NewUscc();
        using (var provider = await host.ClientAsync("provider-tax", "DataProvider"))
        {
            (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "信易贷图表测试商行", county = "411702" }, Ct)).EnsureSuccessStatusCode();
        }

        using (var enterprise = await host.EnterpriseClientAsync(uscc))
        {
            (await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", new { bankId, purpose = "贷款", expiresOn = today.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, Ct)).EnsureSuccessStatusCode();
        }

        using (var bank = await host.ClientAsync(new LocalTokenRequest(["Bank"], "officer-" + bankId, null, bankId)))
        {
            (await bank.PostAsJsonAsync("/api/loans/outcomes", new { uscc, product = "standard", amount = 1_234_500m, status = "granted", on = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, Ct)).EnsureSuccessStatusCode();
        }

        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var page = await chromium.PageAsync(1280, 800);

        await page.GotoAsync(new Uri(host.BaseAddress, "/dashboard").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "以监管者身份登录（本地开发）" }).ClickAsync();
        await Assertions.Expect(page.Locator("#loan-chart g[data-month]")).ToHaveCountAsync(12);

        var bar = page.Locator($"#loan-chart g[data-month='{month}']");
        Assert.True(decimal.Parse(await bar.GetAttributeAsync("data-amount") ?? "0", CultureInfo.InvariantCulture) >= 1_234_500m);
        Assert.True(double.Parse(await bar.Locator("rect").GetAttributeAsync("height") ?? "0", CultureInfo.InvariantCulture) > 0);
        Assert.Equal($"{today.Month}月", await bar.Locator("text").Last.TextContentAsync());
        Assert.Contains($"{month}：", await page.Locator("#loan-chart-desc").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(decimal.Parse((await page.Locator("#loan-total").InnerTextAsync()).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) >= 123.45m);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1280"));
        await HeadlessChromium.SaveScreenshotAsync(page, "dashboard-loans-1280");
        await page.CloseAsync();
    }
}
