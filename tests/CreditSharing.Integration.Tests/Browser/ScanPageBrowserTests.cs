using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CreditSharing.Integration.Tests.Browser;

/// <summary>The consumer scan page as a phone shows it: headless Chromium at 360×740.</summary>
public sealed class ScanPageBrowserTests(DevHostFixture host, HeadlessChromium chromium) : IClassFixture<DevHostFixture>, IClassFixture<HeadlessChromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShowsTheProductTimelineGradeBadgesAndColdChainStatusOnAPhone()
    {
        var producer = TestData.NewUscc();
        var code = await ProductAsync(producer, "驻马店黑猪肉");
        var page = await chromium.PhonePageAsync();

        var response = await page.GotoAsync(new Uri(host.BaseAddress, $"/t/{code}").ToString());

        Assert.Equal(200, response!.Status);
        Assert.Equal("驻马店黑猪肉", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(3, await page.Locator(".timeline li").CountAsync());
        Assert.Equal(3, await page.Locator(".timeline .grade").CountAsync());
        Assert.Contains("B", await page.Locator(".timeline .grade").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("冷链完整", await page.Locator(".status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator(".banner").CountAsync());
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the page is {width}px wide on a 360px screen");
        await SaveScreenshotAsync(page, "scan-page");
    }

    [Fact]
    public async Task ShowsTheRecallBanner()
    {
        var producer = TestData.NewUscc("411726");
        var code = await ProductAsync(producer, "泌阳花菇");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await regulator.PostAsJsonAsync($"/api/trace/codes/{code}/recall", new { reason = "抽检不合格" }, Ct)).EnsureSuccessStatusCode();
        var page = await chromium.PhonePageAsync();

        await page.GotoAsync(new Uri(host.BaseAddress, $"/t/{code}").ToString());

        var banner = page.Locator(".banner");
        Assert.True(await banner.IsVisibleAsync());
        Assert.Contains("此产品已召回", await banner.InnerTextAsync(), StringComparison.Ordinal);
        await SaveScreenshotAsync(page, "scan-page-recalled");
    }

    private async Task<string> ProductAsync(string producer, string name)
    {
        using var enterprise = await host.EnterpriseClientAsync(producer);
        using var provider = await host.ClientAsync("provider-commerce", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PutAsJsonAsync($"/api/enterprises/{producer}", new { name = "驿城区肉联厂" }, Ct)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => (await regulator.GetAsync($"/api/enterprises/{producer}/grade", Ct)).IsSuccessStatusCode, what: "the producer's grade");
        using var created = await enterprise.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = name, batch = "B-1", producerUscc = producer, storage = "chilled" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
        var start = DateTimeOffset.UtcNow.AddHours(-8);
        var steps = new (string Step, decimal? Temperature)[] { ("produce", null), ("transport", 3m), ("retail", 2m) };
        for (var i = 0; i < steps.Length; i++)
        {
            using var added = await enterprise.PostAsJsonAsync($"/api/trace/codes/{code}/events", new
            {
                step = steps[i].Step,
                actorUscc = producer,
                occurredAt = start.AddHours(i).ToString("O", CultureInfo.InvariantCulture),
                location = "驻马店",
                temperatureC = steps[i].Temperature,
                sourceId = $"S-{i}",
            }, Ct);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        return code;
    }

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        await page.CloseAsync();
    }
}
