using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Integration.Tests.Pages;
using Microsoft.Playwright;

namespace CreditSharing.Integration.Tests.Browser;

/// <summary>The public pages and the dashboard in headless Chromium, on a phone (360×740) and a desktop (1280×800).</summary>
public sealed class PageBrowserTests(DevHostFixture host, HeadlessChromium chromium) : IClassFixture<DevHostFixture>, IClassFixture<HeadlessChromium>
{
    [Fact]
    public async Task SearchesAFragmentOfANameOnAPhoneAndOpensTheEnterpriseFromTheResults()
    {
        var tag = string.Concat(Enumerable.Range(0, 3).Select(_ => (char)Random.Shared.Next(0x5000, 0x9000)));
        var uscc = TestData.NewUscc("411721");
        await PageData.RegisterAsync(host, uscc, $"西平县{tag}丝绸商贸有限公司");
        var page = await chromium.PageAsync(360, 740);

        await page.GotoAsync(Url("/"));
        await page.GetByLabel("企业名称、统一社会信用代码或追溯码").FillAsync($"{tag}丝绸");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync($"西平县{tag}丝绸商贸有限公司");
        Assert.Contains(uscc, await page.Locator("#results").InnerTextAsync(), StringComparison.Ordinal);
        await AssertFitsAsync(page, 360);
        await HeadlessChromium.SaveScreenshotAsync(page, "search-results-360");
        await page.Locator("#results a").First.ClickAsync();
        await ArrivedAtAsync(page, $"**/e/{uscc}");

        Assert.Equal($"西平县{tag}丝绸商贸有限公司", await page.Locator("h1").InnerTextAsync());
        await page.CloseAsync();
    }

    [Theory]
    [InlineData(360, 740)]
    [InlineData(1280, 800)]
    public async Task SearchesAUsccAndOpensTheEnterprisePage(int width, int height)
    {
        var uscc = TestData.NewUscc("411721");
        await PageData.RegisterAsync(host, uscc, "西平县嫘祖丝绸商贸有限公司");
        await PageData.ListAsync(host, uscc, "red", "R-search-" + uscc, reason: "诚信经营示范店");
        await PageData.GradeAsync(host, uscc);
        var page = await chromium.PageAsync(width, height);

        await page.GotoAsync(Url("/"));
        await page.GetByLabel("统一社会信用代码或追溯码").FillAsync(uscc[..17] + (uscc[17] == '0' ? '1' : '0'));
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("#q-message")).ToContainTextAsync("校验码不正确");
        await AssertFitsAsync(page, width);
        await HeadlessChromium.SaveScreenshotAsync(page, $"search-invalid-{width}");
        await page.GetByLabel("统一社会信用代码或追溯码").FillAsync(uscc.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await ArrivedAtAsync(page, $"**/e/{uscc}");

        Assert.Equal("西平县嫘祖丝绸商贸有限公司", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("西平县", await page.Locator(".profile dl").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("诚信经营示范店", await page.Locator(".entries").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("B", (await page.Locator(".profile .grade").InnerTextAsync()).Trim());
        await AssertFitsAsync(page, width);
        await HeadlessChromium.SaveScreenshotAsync(page, $"enterprise-{width}");
        await page.CloseAsync();
    }

    [Theory]
    [InlineData(360, 740)]
    [InlineData(1280, 800)]
    public async Task FiltersTheBlackListByCountyAndOpensAnEnterprise(int width, int height)
    {
        var uscc = TestData.NewUscc("411723");
        var name = "平舆县失信建材经营部" + uscc[^4..];
        await PageData.RegisterAsync(host, uscc, name);
        await PageData.ListAsync(host, uscc, "black", "B-lists-" + uscc);
        var page = await chromium.PageAsync(width, height);

        await page.GotoAsync(Url("/lists"));
        await page.GetByRole(AriaRole.Link, new() { Name = "黑榜（严重失信主体）" }).ClickAsync();
        await page.GetByLabel("县区", new() { Exact = true }).SelectOptionAsync("411723");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await ArrivedAtAsync(page, "**/lists?type=black&county=411723");
        Assert.Equal("page", await page.Locator(".tabs a", new() { HasText = "黑榜" }).GetAttributeAsync("aria-current"));
        await AssertFitsAsync(page, width);
        await HeadlessChromium.SaveScreenshotAsync(page, $"lists-black-{width}");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await ArrivedAtAsync(page, $"**/e/{uscc}");

        Assert.Equal(name, await page.Locator("h1").InnerTextAsync());
        Assert.Contains("黑榜", await page.Locator(".entries").InnerTextAsync(), StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Theory]
    [InlineData(360, 740)]
    [InlineData(1280, 800)]
    public async Task DrawsAnInspectionPlanAfterSigningInAsRegulator(int width, int height)
    {
        const string county = "411727";
        // Five, so that even the B group (20 %) draws at least one whatever the seed: floor(0.2 × 5) = 1.
        var usccs = Enumerable.Range(0, 5).Select(_ => TestData.NewUscc(county)).ToList();
        foreach (var uscc in usccs)
        {
            await PageData.RegisterAsync(host, uscc, "汝南县商贸企业" + uscc[^4..]);
        }

        foreach (var uscc in usccs)
        {
            await PageData.GradeAsync(host, uscc);
        }

        var page = await chromium.PageAsync(width, height);
        var seed = $"驻马店-2026-11-{width}";

        await page.GotoAsync(Url("/dashboard"));
        await Assertions.Expect(page.Locator("#data-status")).ToContainTextAsync("401");
        await page.GetByRole(AriaRole.Button, new() { Name = "以监管者身份登录（本地开发）" }).ClickAsync();
        await Assertions.Expect(page.Locator("#auth-status")).ToContainTextAsync("已登录");
        await Assertions.Expect(page.Locator("#chart g[data-county='411727']")).ToHaveCountAsync(1);
        Assert.Equal("汝南县", await page.Locator("#chart g[data-county='411727'] text").First.TextContentAsync());
        Assert.True(await page.Locator("#data-status").IsHiddenAsync());
        Assert.True(await page.Locator("#sign-in").IsHiddenAsync());
        Assert.True(int.Parse(await page.Locator("#total").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= usccs.Count);

        // The enterprises above have no records: each is graded B on no data and counted apart.
        Assert.True(int.Parse(await page.Locator("#no-data").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= usccs.Count);
        Assert.True(await page.Locator("#changes li a").CountAsync() >= 1);
        await page.GetByLabel("县区", new() { Exact = true }).SelectOptionAsync(county);
        await page.GetByLabel("随机种子").FillAsync(seed);
        await page.GetByRole(AriaRole.Button, new() { Name = "抽取检查对象" }).ClickAsync();
        await Assertions.Expect(page.Locator("#plan-result")).ToBeVisibleAsync();

        Assert.Equal(seed, await page.Locator("#plan-seed-used").InnerTextAsync());
        var drawn = await page.Locator("#plan-selected li .meta").AllInnerTextsAsync();
        Assert.NotEmpty(drawn);
        Assert.All(drawn, uscc => Assert.StartsWith("91" + county, uscc, StringComparison.Ordinal));
        var summary = await page.Locator("#plan-summary").InnerTextAsync();
        var population = System.Text.RegularExpressions.Regex.Matches(summary, @"级 (\d+) 家").Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(population >= usccs.Count, summary);
        await AssertFitsAsync(page, width);
        await HeadlessChromium.SaveScreenshotAsync(page, $"dashboard-{width}");
        await page.CloseAsync();
    }

    [Fact]
    public async Task RendersAScriptTagNameAsTextWithoutADialog()
    {
        const string name = "<script>alert(1)</script>";
        var uscc = TestData.NewUscc("411724");
        await PageData.RegisterAsync(host, uscc, name);
        await PageData.ListAsync(host, uscc, "black", "B-xss", reason: "<img src=x onerror=alert(2)>");
        await PageData.GradeAsync(host, uscc, g => g == "D");
        var page = await chromium.PageAsync(1280, 800);
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync(Url($"/e/{uscc}"));
        var heading = await page.Locator("h1").InnerTextAsync();
        await page.GotoAsync(Url("/lists?type=black&county=411724"));
        var listed = await page.Locator(".list-rows").InnerTextAsync();
        await page.GotoAsync(Url("/dashboard"));
        await page.GetByRole(AriaRole.Button, new() { Name = "以监管者身份登录（本地开发）" }).ClickAsync();
        await Assertions.Expect(page.Locator("#changes")).ToContainTextAsync(name);

        Assert.Equal(name, heading);
        Assert.Contains(name, listed, StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=alert(2)>", listed, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(0, dialogs);
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/?q=91411702MA6ULN0X2A")]
    [InlineData("/lists")]
    [InlineData("/dashboard")]
    [InlineData("/e/{uscc}")]
    [InlineData("/e/91411702MA6ULN0X2U")]
    public async Task MeetsTheAccessibilityBasics(string path)
    {
        var uscc = TestData.NewUscc("411702");
        await PageData.RegisterAsync(host, uscc, "驿城区无障碍检查商店");
        await PageData.GradeAsync(host, uscc);
        var page = await chromium.PageAsync(360, 740);

        await page.GotoAsync(Url(path.Replace("{uscc}", uscc, StringComparison.Ordinal)));

        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                .map(e => e.outerHTML)
            """);
        Assert.Empty(unlabelled);
        var unnamedGraphics = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('svg')].filter(s => !(s.getAttribute('role') === 'img' && (s.getAttribute('aria-label') || s.getAttribute('aria-labelledby'))))
                .concat([...document.querySelectorAll('img')].filter(i => !i.hasAttribute('alt')))
                .map(e => e.outerHTML.slice(0, 80))
            """);
        Assert.Empty(unnamedGraphics);
        var badges = await page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('.grade')].map(b => ({ text: b.textContent, colour: getComputedStyle(b).color, background: getComputedStyle(b).backgroundColor, label: b.getAttribute('aria-label') }))
            """);
        foreach (var badge in badges.EnumerateArray())
        {
            var ratio = ContrastRatio.Of(badge.GetProperty("colour").GetString()!, badge.GetProperty("background").GetString()!);
            Assert.True(ratio >= 4.5, $"badge {badge.GetProperty("text").GetString()} has contrast {ratio:0.00}:1");
            Assert.StartsWith("信用等级", badge.GetProperty("label").GetString(), StringComparison.Ordinal);
        }

        if (path == "/dashboard")
        {
            Assert.Equal(4, badges.GetArrayLength());
        }

        await page.CloseAsync();
    }

    private string Url(string path) => new Uri(host.BaseAddress, path).ToString();

    /// <summary>
    /// Waits for the navigation to commit and the new page's heading, not for the load event: under
    /// a loaded CI machine the load event of a redirected form submission once never reached
    /// Playwright within 90 s (2026-11-27), though the page had arrived. The pages inline their
    /// styles, so a page with its heading parsed is laid out as its assertions expect.
    /// </summary>
    /// <remarks>
    /// Not <c>WaitForURLAsync</c>: even with <c>Commit</c> it timed out after 90 s inside its wait for a
    /// load state (<c>Frame.WaitForLoadStateAsync</c> in the stack) on a CI machine running other builds
    /// (2026-12-03). The URL is polled instead, which waits on no event.
    /// </remarks>
    private static async Task ArrivedAtAsync(IPage page, string urlGlob)
    {
        var pattern = "^" + System.Text.RegularExpressions.Regex.Escape(urlGlob).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$";
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(pattern), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the page is {scrollWidth}px wide on a {width}px screen");
    }
}
