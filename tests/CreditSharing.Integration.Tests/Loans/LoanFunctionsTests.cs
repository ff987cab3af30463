using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Loans;

public sealed class LoanFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    [Fact]
    public async Task RefusesWithoutConsentAnswersWithItAndRefusesAgainAfterRevocationLoggingEachCheck()
    {
        var uscc = TestData.NewUscc();
        using var bank = await BankAsync("bank-zmd-01");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var provider = await host.ClientAsync("provider-tax", "DataProvider");
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驿城区信易贷测试商行", legalRepresentative = new { name = "钱一", idNumber = TestData.IdNumber("19790101") } }, Ct)).EnsureSuccessStatusCode();
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.TaxRating(uscc, "T-A", "A"), Ct)).EnsureSuccessStatusCode();
        await SecondSourceAsync(uscc);
        await Infrastructure.Records.WaitForAsync(await host.ClientAsync("regulator-1", "Regulator"), uscc, 2);

        using var refused = await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" }, Ct);
        using var granted = await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", new { bankId = "bank-zmd-01", purpose = "流动资金贷款", expiresOn = Day(Today.AddMonths(6)) }, Ct);
        using var allowed = await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" }, Ct);
        using var revoked = await enterprise.DeleteAsync($"/api/enterprises/{uscc}/authorizations/bank-zmd-01", Ct);
        using var refusedAgain = await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedAgain.StatusCode);
        var answer = await allowed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(answer.GetProperty("eligible").GetBoolean());
        Assert.Equal("A", answer.GetProperty("summary").GetProperty("taxRating").GetString());
        Assert.Equal("驿城区信易贷测试商行", answer.GetProperty("summary").GetProperty("name").GetString());
        Assert.Matches(@"^\d{6}\*{8}\d{3}[\dX]$", answer.GetProperty("summary").GetProperty("legalRepresentative").GetProperty("idNumber").GetString());

        var log = await enterprise.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/access-log", Ct);
        Assert.Equal(["refused", "eligible", "refused"], log.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()).Reverse());
        Assert.All(log.GetProperty("items").EnumerateArray(), i => Assert.Equal("bank-zmd-01", i.GetProperty("bankId").GetString()));
        Assert.Equal(answer.GetProperty("auditId").GetString(), log.GetProperty("items")[1].GetProperty("auditId").GetString());
        var firstPage = await enterprise.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/access-log?pageSize=1", Ct);
        Assert.Single(firstPage.GetProperty("items").EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, firstPage.GetProperty("continuationToken").ValueKind);
    }

    [Fact]
    public async Task ReportsEveryRuleAgainstTheEnterprisesRecordsAndLists()
    {
        var uscc = TestData.NewUscc("411724");
        using var bank = await BankAsync("bank-zmd-02");
        using var provider = await host.ClientAsync("provider-x", "DataProvider");
        using var tax = await host.ClientAsync("provider-tax", "DataProvider");
        var records = new object[]
        {
            Infrastructure.Records.Penalty(uscc, "P-serious", decisionDate: Day(Today.AddMonths(-2)), severity: "serious"),
            Record(uscc, "SS-1", "social-security-arrears", outcome: "active"),
        };
        (await tax.PostAsJsonAsync("/api/records", Infrastructure.Records.TaxRating(uscc, "T-B", "B"), Ct)).EnsureSuccessStatusCode();
        (await provider.PostAsJsonAsync("/api/records", records, Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(await host.ClientAsync("regulator-1", "Regulator"), uscc, 3);
        await ConsentAsync(uscc, "bank-zmd-02");

        var answer = await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" }, Ct).ContinueWith(t => t.Result.Content.ReadFromJsonAsync<JsonElement>(Ct), TaskScheduler.Default).Unwrap();

        Assert.False(answer.GetProperty("eligible").GetBoolean());
        var checks = answer.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("rule").GetString()!, c => c.GetProperty("passed").GetBoolean());
        Assert.Equal(
            new Dictionary<string, bool>
            {
                ["minimum-data"] = true,
                ["grade"] = false,
                ["no-black-or-watch-entry"] = true,
                ["tax-rating"] = true,
                ["no-serious-penalty"] = false,
                ["no-social-security-arrears"] = false,
                ["no-court-dishonest"] = true,
            },
            checks);
        Assert.Equal(610, answer.GetProperty("summary").GetProperty("score").GetInt32());
        Assert.Equal("C", answer.GetProperty("summary").GetProperty("grade").GetString());
        Assert.Equal(1, answer.GetProperty("summary").GetProperty("penaltiesLast12Months").GetInt32());
    }

    [Fact]
    public async Task FailsTheListTaxAndCourtRulesWhenTheyApply()
    {
        var uscc = TestData.NewUscc("411729");
        using var bank = await BankAsync("bank-zmd-05");
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        (await provider.PostAsJsonAsync("/api/records", new object[]
        {
            Infrastructure.Records.TaxRating(uscc, "T-old", "A", decisionDate: Day(Today.AddYears(-1))),
            Infrastructure.Records.TaxRating(uscc, "T-new", "C", decisionDate: Day(Today.AddMonths(-1))),
            Record(uscc, "CD-1", "court-dishonest", outcome: "active"),
        }, Ct)).EnsureSuccessStatusCode();
        (await provider.PostAsJsonAsync("/api/lists/entries", new
        {
            listType = "watch", uscc, reason = "重点关注", authority = "驻马店市市场监督管理局", documentNo = "驻市监〔2026〕5号",
            decidedOn = Day(Today.AddDays(-3)), expiresOn = Day(Today.AddMonths(6)), sourceId = "W-1",
        }, Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(await host.ClientAsync("regulator-1", "Regulator"), uscc, 3);
        await ConsentAsync(uscc, "bank-zmd-05");

        var answer = await (await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "agri-supply" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var failed = answer.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).Select(c => c.GetProperty("rule").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "grade", "no-black-or-watch-entry", "tax-rating", "no-court-dishonest" }, failed);
        Assert.Equal("C", answer.GetProperty("summary").GetProperty("taxRating").GetString());
        Assert.Equal(["watch"], answer.GetProperty("summary").GetProperty("activeLists").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task AcceptsGradeCForAgriSupplyWithARecentHonourButNotForStandard()
    {
        var uscc = TestData.NewUscc("411727");
        using var bank = await BankAsync("bank-agri");
        using var provider = await host.ClientAsync("provider-x", "DataProvider");
        var records = new object[]
        {
            Record(uscc, "C-1", "commitment", outcome: "breached"),
            Record(uscc, "I-1", "inspection", outcome: "failed"),
            Record(uscc, "H-1", "honour"),
        }.Concat(Enumerable.Range(0, 6).Select(i => (object)Record(uscc, $"Q-{i}", "complaint", outcome: "verified"))).ToList();
        (await provider.PostAsJsonAsync("/api/records", records, Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(await host.ClientAsync("regulator-1", "Regulator"), uscc, records.Count);
        await ConsentAsync(uscc, "bank-agri");

        var standard = await (await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var agri = await (await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "agri-supply" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var unknown = await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "mortgage" }, Ct);

        Assert.Equal("C", standard.GetProperty("summary").GetProperty("grade").GetString());
        Assert.Equal(640, standard.GetProperty("summary").GetProperty("score").GetInt32());
        Assert.False(standard.GetProperty("eligible").GetBoolean());
        Assert.True(agri.GetProperty("eligible").GetBoolean());
        Assert.Contains("provider-x~H-1", agri.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == "grade").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task LetsOnlyTheEnterpriseGrantWithinAYearAndLetsARegulatorRead()
    {
        var uscc = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var other = await host.EnterpriseClientAsync(TestData.NewUscc());
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var body = new { bankId = "bank-zmd-03", purpose = "经营贷", expiresOn = Day(Today.AddMonths(3)) };

        using var tooLong = await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", body with { expiresOn = Day(Today.AddYears(1).AddDays(2)) }, Ct);
        using var byRegulator = await regulator.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", body, Ct);
        using var byOther = await other.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", body, Ct);
        using var granted = await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", body, Ct);
        using var otherReads = await other.GetAsync($"/api/enterprises/{uscc}/authorizations", Ct);
        using var otherLog = await other.GetAsync($"/api/enterprises/{uscc}/access-log", Ct);
        using var otherRevokes = await other.DeleteAsync($"/api/enterprises/{uscc}/authorizations/bank-zmd-03", Ct);
        var listed = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/authorizations", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byRegulator.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherLog.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherRevokes.StatusCode);
        Assert.Equal("bank-zmd-03", Assert.Single(listed.EnumerateArray()).GetProperty("bankId").GetString());
    }

    [Fact]
    public async Task KeepsABankTokenOutOfEveryEndpointNotMeantForBanks()
    {
        using var bank = await BankAsync("bank-zmd-04");
        var uscc = TestData.NewUscc();

        foreach (var function in new FunctionCatalog().Http.Where(f => AccessPolicy.Of(f.Method) is { Anonymous: false } p && !p.Roles.Contains(AppRoles.Bank)))
        {
            foreach (var method in function.HttpMethods)
            {
                var path = "/" + function.Route!.Replace("{uscc}", uscc, StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await bank.SendAsync(request, Ct);

                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} answered {response.StatusCode} to a bank");
            }
        }
    }

    [Fact]
    public async Task RefusesABankTokenWithoutABankId()
    {
        using var bank = await host.ClientAsync("bank-without-id", "Bank");

        using var response = await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc = TestData.NewUscc() }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task RefusesTheStandardLoanOnInsufficientDataUntilASecondDepartmentReports()
    {
        var uscc = TestData.NewUscc("411728");
        using var bank = await BankAsync("bank-zmd-06");
        using var provider = await host.ClientAsync("provider-tax", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.TaxRating(uscc, "T-A", "A", decisionDate: Day(Today.AddMonths(-2))), Ct)).EnsureSuccessStatusCode();
        var grade = await Eventually.GetAsync(async () => await Grades.TryGetAsync(regulator, uscc), what: "the grade");
        await ConsentAsync(uscc, "bank-zmd-06");

        var thin = await (await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(1, grade.GetValueOrDefault().GetProperty("dataSources").GetInt32());
        Assert.False(thin.GetProperty("eligible").GetBoolean());
        Assert.Equal("insufficient-data", thin.GetProperty("reason").GetString());
        var minimum = thin.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == "minimum-data");
        Assert.False(minimum.GetProperty("passed").GetBoolean());
        Assert.StartsWith("insufficient-data: counting records from 1 of the 2 departments needed", minimum.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["minimum-data"], thin.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).Select(c => c.GetProperty("rule").GetString()));

        await SecondSourceAsync(uscc);
        await Eventually.HoldsAsync(async () => await Grades.TryGetAsync(regulator, uscc) is { } g && g.GetProperty("dataSources").GetInt32() == 2, what: "a grade on two sources");
        var enough = await (await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.True(enough.GetProperty("eligible").GetBoolean());
        Assert.Equal(JsonValueKind.Null, enough.GetProperty("reason").ValueKind);
    }

    /// <summary>A passed inspection from the market regulator: a second department's counting record.</summary>
    private async Task SecondSourceAsync(string uscc)
    {
        using var market = await host.ClientAsync("provider-market", "DataProvider");
        (await market.PostAsJsonAsync("/api/records", Record(uscc, "INS-OK", "inspection", outcome: "passed"), Ct)).EnsureSuccessStatusCode();
    }

    private Task<HttpClient> BankAsync(string bankId) => host.ClientAsync(new LocalTokenRequest(["Bank"], "officer-" + bankId, null, bankId));

    private async Task ConsentAsync(string uscc, string bankId)
    {
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var granted = await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", new { bankId, purpose = "贷款", expiresOn = Day(Today.AddMonths(1)) }, Ct);
        granted.EnsureSuccessStatusCode();
    }

    private static Dictionary<string, object?> Record(string uscc, string sourceId, string category, string? outcome = null) => new()
    {
        ["sourceId"] = sourceId,
        ["uscc"] = uscc,
        ["category"] = category,
        ["title"] = category + " 记录",
        ["decisionDate"] = Day(Today.AddMonths(-1)),
        ["authority"] = "驻马店市有关部门",
        ["outcome"] = outcome,
        ["disclosure"] = "shared",
    };

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
