using System.Net.Http.Json;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Browser;

/// <summary>The report verification page (/verify/{reportNo}) as a phone shows it: headless Chromium at 360×740.</summary>
public sealed class VerifyPageBrowserTests(DevHostFixture host, HeadlessChromium chromium) : IClassFixture<DevHostFixture>, IClassFixture<HeadlessChromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShowsTheSubjectTypeAndHashesOfAReportOnAPhone()
    {
        var uscc = TestData.NewUscc("411725");
        using var provider = await host.ClientAsync("provider-report", "DataProvider");
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "确山县报告核验超市" }, Ct)).EnsureSuccessStatusCode();
        using var anonymous = host.Anonymous();
        string? number = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var report = await anonymous.GetAsync($"/api/public/enterprises/{uscc}/report.pdf", Ct);
                number = report.IsSuccessStatusCode ? report.Headers.GetValues("X-Report-Number").Single() : null;
                return number is not null;
            },
            what: "the public report");
        var registry = await anonymous.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/public/reports/{number}", Ct);
        var page = await chromium.PhonePageAsync();

        var response = await page.GotoAsync(new Uri(host.BaseAddress, $"/verify/{number}").ToString());

        Assert.Equal(200, response!.Status);
        Assert.Equal("信用报告核验", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(number, await page.Locator("#report-no").InnerTextAsync());
        Assert.Equal("确山县报告核验超市", await page.Locator("#subject-name").InnerTextAsync());
        Assert.Equal("公开版", await page.Locator("#report-type").InnerTextAsync());
        Assert.Equal(registry.GetProperty("contentSha256").GetString(), await page.Locator("#content-sha256").InnerTextAsync());
        Assert.True(await page.Locator("#file-sha256").IsVisibleAsync());
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the page is {width}px wide on a 360px screen");
        await HeadlessChromium.SaveScreenshotAsync(page, "verify-page");
    }
}
