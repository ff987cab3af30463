using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Integration.Tests.Pages;
using Microsoft.Playwright;

namespace CreditSharing.Integration.Tests.Browser;

/// <summary>
/// 企业信用中心 (/me) in headless Chromium on a phone (360×740), signed in locally through /dev/token
/// with the dashboard's sign-in; and a public commitment on the public page /e/{uscc}.
/// </summary>
public sealed class MePageBrowserTests(DevHostFixture host, HeadlessChromium chromium) : IClassFixture<DevHostFixture>, IClassFixture<HeadlessChromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ShowsTheEnterpriseItsGradeRecordsConsentsAccessLogObjectionsRepairsAndCommitmentsOnAPhone()
    {
        var uscc = TestData.NewUscc("411702");
        var provider = "me-provider-" + Guid.NewGuid().ToString("N")[..8];
        var bankId = "bank-me-" + Guid.NewGuid().ToString("N")[..8];
        await PageData.RegisterAsync(host, uscc, "驿城区自助查询商贸有限公司");
        using var dept = await host.ClientAsync(provider, AppRoles.DataProvider);
        using var regulator = await host.ClientAsync("regulator-1", AppRoles.Regulator);
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var bank = await host.ClientAsync(new LocalTokenRequest([AppRoles.Bank], "officer-" + bankId, null, bankId));
        // A general penalty decided 200 days ago (public, repairable) and a restricted one the public never sees.
        (await dept.PostAsJsonAsync(
            "/api/records",
            new[]
            {
                Infrastructure.Records.Penalty(uscc, "P-1", decisionDate: Day(Today.AddDays(-200))),
                Infrastructure.Records.Penalty(uscc, "R-1", decisionDate: Day(Today.AddDays(-30)), disclosure: "restricted"),
            },
            Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 2);
        var grade = await GradeCountingAsync(regulator, uscc, $"{provider}~P-1");
        (await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", new { bankId, purpose = "流动资金贷款", expiresOn = Day(Today.AddMonths(6)) }, Ct)).EnsureSuccessStatusCode();
        (await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" }, Ct)).EnsureSuccessStatusCode();
        (await enterprise.PostAsJsonAsync("/api/objections", new { uscc, target = new { kind = "record", id = $"{provider}~R-1" }, reason = "处罚对象错误：该行为系他人所为。" }, Ct)).EnsureSuccessStatusCode();
        var evidenceId = await EvidenceAsync(enterprise);
        (await enterprise.PostAsJsonAsync(
            "/api/repairs",
            new
            {
                uscc,
                target = new { kind = "record", id = $"{provider}~P-1" },
                commitment = new { text = "本企业承诺依法诚信经营", signedOn = Day(Today.AddDays(-1)) },
                obligationsFulfilled = true,
                evidence = new[] { evidenceId },
            },
            Ct)).EnsureSuccessStatusCode();
        (await enterprise.PostAsJsonAsync("/api/commitments", new { uscc, kind = "主动承诺", text = "守法经营，明码标价，不销售假冒伪劣商品。", @public = true }, Ct)).EnsureSuccessStatusCode();
        var page = await chromium.PageAsync(360, 740);
        var violations = ViolationsOf(page);

        await page.GotoAsync(Url("/me"));
        await page.GetByLabel("统一社会信用代码").FillAsync(uscc);
        await page.GetByRole(AriaRole.Button, new() { Name = "以企业身份登录（本地开发）" }).ClickAsync();
        await Assertions.Expect(page.Locator("#commitments")).ToContainTextAsync("守法经营，明码标价");

        Assert.Equal("驿城区自助查询商贸有限公司", await page.Locator("#name-h").InnerTextAsync());
        Assert.Equal(grade.GetProperty("grade").GetString(), (await page.Locator("#grade-badge .grade").InnerTextAsync()).Trim());
        Assert.Contains(grade.GetProperty("score").GetInt32().ToString(CultureInfo.InvariantCulture), await page.Locator("#score").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains($"{provider}~P-1", await page.Locator("#factors").InnerTextAsync(), StringComparison.Ordinal);
        var restricted = page.Locator($"#records li[data-id='{provider}~R-1']");
        Assert.Contains("行政处罚", await restricted.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("受限", await restricted.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("异议处理中", await restricted.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator($"#records li[data-id='{provider}~P-1']").CountAsync());
        Assert.Contains("流动资金贷款", await page.Locator("#consents").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(bankId, await page.Locator("#access-log").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("处罚对象错误", await page.Locator("#objections").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("处理中", await page.Locator("#objections").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("已提交，待审核", await page.Locator("#repairs").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains($"{provider}~P-1", await page.Locator("#repairs").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("履约中", await page.Locator("#commitments").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#data-status").IsHiddenAsync(), await page.Locator("#data-status").InnerTextAsync());
        Assert.Equal("/e/" + uscc, await page.Locator("#public-page").GetAttributeAsync("href"));
        await AssertFitsAsync(page, 360);
        await HeadlessChromium.SaveScreenshotAsync(page, "me-360");
        Assert.Empty(violations);
        await page.CloseAsync();
    }

    [Fact]
    public async Task FilesACommitmentFromThePageAndAnotherEnterprisesUsccIsRefused()
    {
        var uscc = TestData.NewUscc("411702");
        var other = TestData.NewUscc("411702");
        await PageData.RegisterAsync(host, uscc, "驿城区承诺测试商店");
        await PageData.RegisterAsync(host, other, "驿城区他人商店");
        var page = await chromium.PageAsync(360, 740);
        var violations = ViolationsOf(page);

        await page.GotoAsync(Url("/me?uscc=" + other));
        await page.GetByLabel("统一社会信用代码").FillAsync(uscc);
        await page.GetByRole(AriaRole.Button, new() { Name = "以企业身份登录（本地开发）" }).ClickAsync();
        await Assertions.Expect(page.Locator("#data-status")).ToContainTextAsync("403");
        await page.GotoAsync(Url("/me"));
        await Assertions.Expect(page.Locator("#commitments")).ToContainTextAsync("没有信用承诺");
        await page.GetByLabel("承诺内容").FillAsync("按时足额缴纳税款。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交承诺" }).ClickAsync();
        await Assertions.Expect(page.Locator("#commitments")).ToContainTextAsync("按时足额缴纳税款。");

        using var enterprise = await host.EnterpriseClientAsync(uscc);
        var stored = await enterprise.GetFromJsonAsync<JsonElement>($"/api/commitments?uscc={uscc}", Ct);
        Assert.Equal("主动承诺", Assert.Single(stored.EnumerateArray()).GetProperty("kind").GetString());
        await AssertFitsAsync(page, 360);
        Assert.Empty(violations);
        await page.CloseAsync();
    }

    [Fact]
    public async Task ShowsAPublicCommitmentOnThePublicPageOnAPhone()
    {
        var uscc = TestData.NewUscc("411722");
        await PageData.RegisterAsync(host, uscc, "上蔡县诚信承诺商行");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        (await enterprise.PostAsJsonAsync("/api/commitments", new { uscc, kind = "主动承诺", text = "诚信经营，不缺斤少两。", dueOn = Day(Today.AddYears(1)), @public = true }, Ct)).EnsureSuccessStatusCode();
        (await enterprise.PostAsJsonAsync("/api/commitments", new { uscc, kind = "行业承诺", text = "不公示的内部承诺。", @public = false }, Ct)).EnsureSuccessStatusCode();
        var page = await chromium.PageAsync(360, 740);

        await page.GotoAsync(Url($"/e/{uscc}"));

        var commitment = page.Locator(".commitments li");
        Assert.Equal(1, await commitment.CountAsync());
        var text = await commitment.InnerTextAsync();
        Assert.Contains("主动承诺", text, StringComparison.Ordinal);
        Assert.Contains("履约中", text, StringComparison.Ordinal);
        Assert.Contains("诚信经营，不缺斤少两。", text, StringComparison.Ordinal);
        Assert.Contains(Day(Today.AddYears(1)), text, StringComparison.Ordinal);
        Assert.DoesNotContain("不公示的内部承诺", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await AssertFitsAsync(page, 360);
        await HeadlessChromium.SaveScreenshotAsync(page, "enterprise-commitment-360");
        await page.CloseAsync();
    }

    private string Url(string path) => new Uri(host.BaseAddress, path).ToString();

    /// <summary>The grade once it counts <paramref name="recordId"/> (records are graded from a queue).</summary>
    private static async Task<JsonElement> GradeCountingAsync(HttpClient regulator, string uscc, string recordId)
        => (await Eventually.GetAsync<JsonElement?>(async () =>
        {
            using var response = await regulator.GetAsync($"/api/enterprises/{uscc}/grade", Ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var grade = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            return grade.GetProperty("factors").EnumerateArray().Any(f => f.GetProperty("recordIds").EnumerateArray().Any(id => id.GetString() == recordId)) ? grade : null;
        }, what: $"the grade of {uscc} counting {recordId}")).GetValueOrDefault();

    private static async Task<string> EvidenceAsync(HttpClient enterprise)
    {
        using var content = new ByteArrayContent("%PDF-1.7\n罚款缴纳凭证（测试）\n"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var uploaded = await enterprise.PostAsync("/api/evidence", content, Ct);
        uploaded.EnsureSuccessStatusCode();
        return (await uploaded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("evidenceId").GetString()!;
    }

    private static List<string> ViolationsOf(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        return violations;
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the page is {scrollWidth}px wide on a {width}px screen");
    }
}
