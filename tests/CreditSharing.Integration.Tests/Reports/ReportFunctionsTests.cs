using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace CreditSharing.Integration.Tests.Reports;

public sealed partial class ReportFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private const string RestrictedTitle = "内部限制记录甲";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    [Fact]
    public async Task PublicReportNamesTheSubjectGradeAndNumberAndLeavesOutNonPublicRecords()
    {
        var uscc = TestData.NewUscc();
        var grade = await SeedAsync(uscc, "驿城区报告测试商行");
        using var anonymous = host.Anonymous();

        using var response = await anonymous.GetAsync($"/api/public/enterprises/{uscc}/report.pdf", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var number = Assert.Single(response.Headers.GetValues("X-Report-Number"));
        Assert.Matches("^CR[0-9]{8}[A-Z2-9]{16}$", number);
        var pdf = await response.Content.ReadAsByteArrayAsync(Ct);
        var text = Text(pdf);
        Assert.Contains("驿城区报告测试商行", text, StringComparison.Ordinal);
        Assert.Contains(uscc, text, StringComparison.Ordinal);
        Assert.Matches($"信用等级\\s*{grade}", text);
        Assert.Contains(number, text, StringComparison.Ordinal);
        Assert.Contains("销售过期食品", text, StringComparison.Ordinal);
        Assert.DoesNotContain(RestrictedTitle, text, StringComparison.Ordinal);
        Assert.Contains("公开版", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerificationShowsTheHashesTheRegistryHoldsAndUnknownNumbersAreNotFound()
    {
        var uscc = TestData.NewUscc("411724");
        await SeedAsync(uscc, "西平县报告核验商行");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var anonymous = host.Anonymous();
        using var report = await enterprise.GetAsync($"/api/enterprises/{uscc}/report.pdf", Ct);
        var number = report.Headers.GetValues("X-Report-Number").Single();
        var pdf = await report.Content.ReadAsByteArrayAsync(Ct);

        var registry = await anonymous.GetFromJsonAsync<JsonElement>($"/api/public/reports/{number}", Ct);
        using var page = await anonymous.GetAsync($"/verify/{number}", Ct);
        using var unknown = await anonymous.GetAsync("/verify/CR20260101AAAAAAAAAAAAAAAA", Ct);
        using var unknownJson = await anonymous.GetAsync("/api/public/reports/CR20260101AAAAAAAAAAAAAAAA", Ct);

        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var text = Text(pdf);
        Assert.Contains(RestrictedTitle, text, StringComparison.Ordinal);
        Assert.Contains("完整版", text, StringComparison.Ordinal);
        var printedHash = HashInPdf().Match(text).Groups["hash"].Value;
        Assert.Equal(registry.GetProperty("contentSha256").GetString(), printedHash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), registry.GetProperty("fileSha256").GetString());
        Assert.Equal(uscc, registry.GetProperty("uscc").GetString());
        Assert.Equal("full", registry.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains(printedHash, html, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(pdf)), html, StringComparison.Ordinal);
        Assert.Contains("西平县报告核验商行", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("未找到此信用报告", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownJson.StatusCode);
    }

    [Fact]
    public async Task ABankGetsTheFullReportOnlyWithConsentAndEachRequestIsInTheAccessLog()
    {
        var uscc = TestData.NewUscc("411721");
        await SeedAsync(uscc, "遂平县信贷报告商行");
        using var bank = await host.ClientAsync(new LocalTokenRequest([AppRoles.Bank], "officer-bank-report", null, "bank-report-01"));
        using var enterprise = await host.EnterpriseClientAsync(uscc);

        using var refused = await bank.GetAsync($"/api/enterprises/{uscc}/report.pdf", Ct);
        using var granted = await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", new { bankId = "bank-report-01", purpose = "流动资金贷款", expiresOn = Today.AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, Ct);
        using var allowed = await bank.GetAsync($"/api/enterprises/{uscc}/report.pdf", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var number = allowed.Headers.GetValues("X-Report-Number").Single();
        Assert.Contains(RestrictedTitle, Text(await allowed.Content.ReadAsByteArrayAsync(Ct)), StringComparison.Ordinal);
        var log = await enterprise.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/access-log", Ct);
        var items = log.GetProperty("items").EnumerateArray().Reverse().ToList();
        Assert.Equal(["refused", "issued"], items.Select(i => i.GetProperty("outcome").GetString()));
        Assert.All(items, i => Assert.Equal("bank-report-01", i.GetProperty("bankId").GetString()));
        Assert.All(items, i => Assert.Equal("credit-report", i.GetProperty("product").GetString()));
        Assert.Equal(number, items[1].GetProperty("auditId").GetString());
    }

    [Fact]
    public async Task AnotherEnterpriseIsRefusedTheFullReport()
    {
        var uscc = TestData.NewUscc("411722");
        using var other = await host.EnterpriseClientAsync(TestData.NewUscc("411722"));

        using var response = await other.GetAsync($"/api/enterprises/{uscc}/report.pdf", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Report-Number"));
    }

    /// <summary>Text of every page, as PdfPig extracts it.</summary>
    internal static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => p.Text));
    }

    /// <summary>A profile, a public and a restricted penalty, and the grade computed; answers the grade letter.</summary>
    private async Task<string> SeedAsync(string uscc, string name)
    {
        using var provider = await host.ClientAsync("provider-report", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name }, Ct)).EnsureSuccessStatusCode();
        var restricted = Infrastructure.Records.Penalty(uscc, "R-restricted", decisionDate: Today.AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), disclosure: "restricted");
        restricted["title"] = RestrictedTitle;
        (await provider.PostAsJsonAsync("/api/records", new object[]
        {
            Infrastructure.Records.Penalty(uscc, "R-public", decisionDate: Today.AddMonths(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            restricted,
        }, Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 2);
        string? grade = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var answer = await regulator.GetAsync($"/api/enterprises/{uscc}/grade", Ct);
                if (!answer.IsSuccessStatusCode)
                {
                    return false;
                }

                var view = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
                grade = view.GetProperty("grade").GetString();
                return view.GetProperty("factors").GetArrayLength() > 0;
            },
            what: "the grade on the penalties");
        return grade!;
    }

    [GeneratedRegex("SHA-256\\s*(?<hash>[0-9a-f]{64})")]
    private static partial Regex HashInPdf();
}
