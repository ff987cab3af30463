using System.Net;
using System.Net.Http.Json;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Pages;

/// <summary>The public pages and the dashboard shell over HTTP: status, headers, encoding, messages, what stays private.</summary>
public sealed class PageFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswersAnUnknownUsccWithAFriendlyHtmlNotFoundPage()
    {
        using var client = host.Anonymous();

        using var response = await client.GetAsync($"/e/{TestData.NewUscc()}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("未找到该企业", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/?q=91411702MA6ULN0X2A")]
    [InlineData("/lists")]
    [InlineData("/lists?type=black")]
    [InlineData("/dashboard")]
    [InlineData("/e/91411702MA6ULN0X2U")]
    [InlineData("/e/not-a-uscc")]
    [InlineData("/t/no-such-code-1")]
    public async Task CarriesTheSecurityHeadersOnEveryPage(string path)
    {
        using var client = host.Anonymous();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        var directives = csp.Split(';', StringSplitOptions.TrimEntries);
        var scripts = directives.FirstOrDefault(d => d.StartsWith("script-src", StringComparison.Ordinal)) ?? directives.Single(d => d.StartsWith("default-src", StringComparison.Ordinal));
        Assert.DoesNotContain("'unsafe-inline'", scripts, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task ServesTheDashboardScriptFromTheAppWithAScriptOnlyFromSelfPolicy()
    {
        using var client = host.Anonymous();

        using var page = await client.GetAsync("/dashboard", Ct);
        using var script = await client.GetAsync("/assets/dashboard.js", Ct);

        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<script src=\"/assets/dashboard.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split("<script").Length - 1);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(script.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("/api/inspections/plans", await script.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RendersANameWithMarkupAsText()
    {
        var uscc = TestData.NewUscc();
        await PageData.RegisterAsync(host, uscc, "<script>alert(1)</script>");
        using var client = host.Anonymous();

        var html = await client.GetStringAsync($"/e/{uscc}", Ct);

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowsTheGradeActiveListEntriesAndPublicRecordsNewestFirst()
    {
        var uscc = TestData.NewUscc("411722");
        await PageData.RegisterAsync(host, uscc, "上蔡县诚信粮油有限公司", industry: "农副食品加工业");
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        (await provider.PostAsJsonAsync("/api/records", new[]
        {
            Infrastructure.Records.Penalty(uscc, "P-old", decisionDate: PageData.Today.AddDays(-60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            Infrastructure.Records.Penalty(uscc, "P-new", decisionDate: PageData.Today.AddDays(-5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), severity: "serious"),
            Infrastructure.Records.Penalty(uscc, "P-shared", disclosure: "shared"),
        }, Ct)).EnsureSuccessStatusCode();
        await PageData.ListAsync(host, uscc, "red", "R-1", reason: "守信经营示范企业");
        await PageData.GradeAsync(host, uscc, g => g == "C");
        using var client = host.Anonymous();

        var html = await Eventually.GetAsync(async () =>
        {
            var page = await client.GetStringAsync($"/e/{uscc}", Ct);
            return page.Contains("公示信息（2 条）", StringComparison.Ordinal) ? page : null;
        }, what: "two public records on the page");

        Assert.Contains("上蔡县诚信粮油有限公司", html, StringComparison.Ordinal);
        Assert.Contains("上蔡县", html, StringComparison.Ordinal);
        Assert.Contains("农副食品加工业", html, StringComparison.Ordinal);
        Assert.Contains("class=\"grade grade-C big\"", html, StringComparison.Ordinal);
        Assert.Contains("守信经营示范企业", html, StringComparison.Ordinal);
        Assert.Contains("公示截止", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("行政处罚（严重）", StringComparison.Ordinal) < html.IndexOf("行政处罚（一般）", StringComparison.Ordinal), "the newer serious penalty comes first");
    }

    [Fact]
    public async Task ShowsAnInspectionsOutcomeAndARatingInChinese()
    {
        var uscc = TestData.NewUscc("411725");
        await PageData.RegisterAsync(host, uscc, "确山县放心粮店");
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        (await provider.PostAsJsonAsync("/api/records", new[]
        {
            new Dictionary<string, object?>
            {
                ["sourceId"] = "I-passed", ["uscc"] = uscc, ["category"] = "inspection", ["title"] = "2026年双随机抽查",
                ["decisionDate"] = PageData.Today.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["authority"] = "确山县市场监督管理局", ["outcome"] = "passed", ["disclosure"] = "public",
            },
            Infrastructure.Records.TaxRating(uscc, "T-A", decisionDate: PageData.Today.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        }, Ct)).EnsureSuccessStatusCode();
        using var client = host.Anonymous();

        var html = await Eventually.GetAsync(async () =>
        {
            var page = await client.GetStringAsync($"/e/{uscc}", Ct);
            return page.Contains("公示信息（2 条）", StringComparison.Ordinal) ? page : null;
        }, what: "two public records on the page");

        Assert.Contains("双随机抽查</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>结果</dt><dd>合格</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>结果</dt><dd>A级</dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">passed<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowsABlackListedProducerAndAColdChainBreakInChineseOnTheScanPage()
    {
        var producer = TestData.NewUscc();
        var carrier = TestData.NewUscc("411721");
        await PageData.RegisterAsync(host, producer, "驿城区惠民生鲜超市");
        await PageData.ListAsync(host, producer, "black", "B-scan");
        await PageData.GradeAsync(host, producer, g => g == "D");
        using var provider = await host.ClientAsync("provider-commerce", "DataProvider");
        using var created = await provider.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷鲜猪肉", batch = "B2026-11", producerUscc = producer, storage = "chilled" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("code").GetString()!;
        using var transport = await provider.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step = "transport", actorUscc = carrier, occurredAt = "2026-11-21T05:00:00+08:00", location = "驻马店市驿城区", temperatureC = 6.5m, sourceId = "S-1" }, Ct);
        Assert.Equal(HttpStatusCode.Created, transport.StatusCode);
        using var client = host.Anonymous();

        var html = await Eventually.GetAsync(async () =>
        {
            var page = await client.GetStringAsync($"/t/{code}", Ct);
            return page.Contains("冷链中断", StringComparison.Ordinal) ? page : null;
        }, what: "the transport event on the scan page");

        Assert.Contains("驿城区惠民生鲜超市：列入严重失信主体名单（黑榜）、信用等级D", html, StringComparison.Ordinal);
        Assert.Contains("<dd>猪肉</dd>", html, StringComparison.Ordinal);
        Assert.Contains("运输 2026-11-21 05:00（驻马店市驿城区）：6.5 °C，超出冷藏要求（0–4 °C）", html, StringComparison.Ordinal);
        foreach (var english in new[] { "black-list", "grade-d", "transport at", ">pork<", "chilled" })
        {
            Assert.DoesNotContain(english, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnswersAnInvalidUsccSearchOnThePageNamingTheCheckCharacter()
    {
        var valid = TestData.NewUscc();
        var wrongCheck = valid[..17] + (valid[17] == '0' ? '1' : '0');
        using var client = host.Anonymous();

        using var response = await client.GetAsync($"/?q={wrongCheck}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("第18位校验码不正确", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{wrongCheck}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersAUsccWithAWrongOrganisationCodeOnThePageNamingTheRule()
    {
        using var client = host.Anonymous();

        using var response = await client.GetAsync("/?q=91411702MA6ULN0X3Y", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("第9–17位不是有效的组织机构代码", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersAUsccWithAForbiddenCharacterNamingThePosition()
    {
        using var client = host.Anonymous();

        var html = await client.GetStringAsync("/?q=91411702MA6ULN0I2U", Ct);

        Assert.Contains("第16位“I”不是允许的字符", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedirectsAValidUsccToTheEnterprisePageAndATraceCodeToTheScanPage()
    {
        var producer = TestData.NewUscc("411722");
        await PageData.RegisterAsync(host, producer, "上蔡县面粉厂");
        var code = await PageData.TraceCodeAsync(host, producer);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using var byUscc = await client.GetAsync($"/?q={producer.ToLowerInvariant()}", Ct);
        using var byCode = await client.GetAsync($"/?q={code}", Ct);

        Assert.Equal(HttpStatusCode.Redirect, byUscc.StatusCode);
        Assert.Equal($"/e/{producer}", byUscc.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, byCode.StatusCode);
        Assert.Equal($"/t/{code}", byCode.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ListsNeverShowIdNumbersOrWatchEntries()
    {
        var black = TestData.NewUscc("411729");
        var watched = TestData.NewUscc("411729");
        await PageData.RegisterAsync(host, black, "新蔡县失信商贸公司", idNumber: TestData.IdNumber("19790304"));
        await PageData.RegisterAsync(host, watched, "新蔡县重点关注公司", idNumber: TestData.IdNumber("19800405"));
        await PageData.ListAsync(host, black, "black", "J-1", legalRepresentativeIncluded: true);
        await PageData.ListAsync(host, watched, "watch", "W-1");
        using var client = host.Anonymous();

        var blackList = await client.GetStringAsync("/lists?type=black&county=411729", Ct);
        var redList = await client.GetStringAsync("/lists?type=red&county=411729", Ct);
        var blackPage = await client.GetStringAsync($"/e/{black}", Ct);

        Assert.Contains("新蔡县失信商贸公司", blackList, StringComparison.Ordinal);
        Assert.Contains($"href=\"/e/{black}\"", blackList, StringComparison.Ordinal);
        Assert.Contains("/api/public/lists/black/latest.csv", blackList, StringComparison.Ordinal);
        foreach (var html in new[] { blackList, redList, blackPage })
        {
            PublicAnswers.HoldNoIdNumber(html);
            Assert.DoesNotContain("新蔡县重点关注公司", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PagesThroughAListWithNextLinks()
    {
        for (var i = 0; i < 21; i++)
        {
            var uscc = TestData.NewUscc("411728");
            await PageData.ListAsync(host, uscc, "red", $"R-page-{i}");
        }

        using var client = host.Anonymous();

        var first = await client.GetStringAsync("/lists?type=red&county=411728", Ct);

        var next = System.Text.RegularExpressions.Regex.Match(first, "rel=\"next\" href=\"([^\"]+)\"");
        Assert.True(next.Success, "the first page links to the next");
        var second = await client.GetStringAsync(WebUtility.HtmlDecode(next.Groups[1].Value), Ct);
        Assert.Contains("第一页", second, StringComparison.Ordinal);
        Assert.Contains("class=\"list-red\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesTheDashboardDataWithoutARegulatorToken()
    {
        using var anonymous = host.Anonymous();
        using var bank = await host.ClientAsync("bank-1", "Bank");

        using var shell = await anonymous.GetAsync("/dashboard", Ct);
        using var summary = await anonymous.GetAsync("/api/grades/summary", Ct);
        using var changes = await anonymous.GetAsync("/api/grades/changes", Ct);
        using var plan = await anonymous.PostAsJsonAsync("/api/inspections/plans", new { seed = "s" }, Ct);
        using var bankChanges = await bank.GetAsync("/api/grades/changes", Ct);

        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, summary.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, changes.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, plan.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bankChanges.StatusCode);
    }
}
