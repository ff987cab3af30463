using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Records;

/// <summary>Issue 21 point 2a: 撤销 of a record through the DevHost.</summary>
public sealed class RecordWithdrawalTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheProvidersWithdrawalTakesTheRecordOffThePublicPageTheGradeAndLoansAndKeepsItInHistory()
    {
        var uscc = TestData.NewUscc();
        const string BankId = "bank-withdrawal-01";
        using var provider = await host.ClientAsync("provider-market", AppRoles.DataProvider);
        using var regulator = await host.ClientAsync("regulator-1", AppRoles.Regulator);
        using var bank = await host.ClientAsync(new LocalTokenRequest([AppRoles.Bank], "officer-" + BankId, null, BankId));
        var recent = Day(Today.AddDays(-20));
        (await provider.PostAsJsonAsync("/api/records", new[] { Infrastructure.Records.Penalty(uscc, "W-1", decisionDate: recent), Infrastructure.Records.Penalty(uscc, "W-2", decisionDate: recent) }, Ct)).EnsureSuccessStatusCode();
        await GradeAsync(regulator, uscc, g => g.GetProperty("score").GetInt32() == 740);
        await ConsentAsync(uscc, BankId);
        Assert.Equal(2, await PenaltiesSeenByTheBankAsync(bank, uscc));

        using var withdrawn = await provider.PostAsJsonAsync($"/api/enterprises/{uscc}/records/provider-market~W-1/withdrawal", new { reason = "行政复议决定撤销原处罚决定", documentNo = "驻政复决〔2026〕8号" }, Ct);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var answer = await withdrawn.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("provider-market", answer.GetProperty("withdrawn").GetProperty("by").GetString());
        var grade = await GradeAsync(regulator, uscc, g => g.GetProperty("score").GetInt32() == 770);
        Assert.DoesNotContain("provider-market~W-1", grade.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, await PenaltiesSeenByTheBankAsync(bank, uscc));
        using var anonymous = host.Anonymous();
        var page = await anonymous.GetStringAsync($"/api/public/enterprises/{uscc}", Ct);
        Assert.DoesNotContain("provider-market~W-1", page, StringComparison.Ordinal);
        Assert.Contains("provider-market~W-2", page, StringComparison.Ordinal);

        foreach (var reader in new[] { regulator, provider })
        {
            var records = await Infrastructure.Records.AllAsync(reader, uscc);
            var kept = records.Single(r => r.GetProperty("id").GetString() == "provider-market~W-1").GetProperty("withdrawn");
            Assert.Equal("行政复议决定撤销原处罚决定", kept.GetProperty("reason").GetString());
            Assert.Equal("驻政复决〔2026〕8号", kept.GetProperty("documentNo").GetString());
            Assert.Equal("provider-market", kept.GetProperty("by").GetString());
            Assert.True(kept.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.Equal(JsonValueKind.Null, records.Single(r => r.GetProperty("id").GetString() == "provider-market~W-2").GetProperty("withdrawn").ValueKind);
        }
    }

    [Fact]
    public async Task ARegulatorMayWithdrawAnyRecordAndASecondWithdrawalIsAConflict()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", AppRoles.DataProvider);
        using var regulator = await host.ClientAsync("regulator-1", AppRoles.Regulator);
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "W-R"), Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 1);

        using var first = await regulator.PostAsJsonAsync($"/api/enterprises/{uscc}/records/provider-market~W-R/withdrawal", new { reason = "法院判决撤销" }, Ct);
        using var second = await provider.PostAsJsonAsync($"/api/enterprises/{uscc}/records/provider-market~W-R/withdrawal", new { reason = "误报" }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var record = Assert.Single(await Infrastructure.Records.AllAsync(regulator, uscc));
        Assert.Equal(("regulator-1", "法院判决撤销"), (record.GetProperty("withdrawn").GetProperty("by").GetString(), record.GetProperty("withdrawn").GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task AnotherProviderIsForbiddenAndTheRecordStaysPublic()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", AppRoles.DataProvider);
        using var other = await host.ClientAsync("provider-tax", AppRoles.DataProvider);
        using var regulator = await host.ClientAsync("regulator-1", AppRoles.Regulator);
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "W-O"), Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 1);

        using var refused = await other.PostAsJsonAsync($"/api/enterprises/{uscc}/records/provider-market~W-O/withdrawal", new { reason = "误报" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JsonValueKind.Null, Assert.Single(await Infrastructure.Records.AllAsync(regulator, uscc)).GetProperty("withdrawn").ValueKind);
        using var anonymous = host.Anonymous();
        Assert.Contains("provider-market~W-O", await anonymous.GetStringAsync($"/api/public/enterprises/{uscc}", Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("too-long")]
    [InlineData("control")]
    [InlineData("blank")]
    public async Task RefusesABadReasonWith400NamingIt(string kind)
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", AppRoles.DataProvider);
        using var regulator = await host.ClientAsync("regulator-1", AppRoles.Regulator);
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "W-B"), Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 1);
        var reason = kind switch { "too-long" => new string('撤', 2_001), "control" => "复议\u0000撤销\u001b[31m", _ => "  " };

        using var refused = await provider.PostAsJsonAsync($"/api/enterprises/{uscc}/records/provider-market~W-B/withdrawal", new { reason }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(JsonValueKind.Null, Assert.Single(await Infrastructure.Records.AllAsync(regulator, uscc)).GetProperty("withdrawn").ValueKind);
    }

    [Fact]
    public async Task AnswersNotFoundForARecordThatDoesNotExist()
    {
        using var provider = await host.ClientAsync("provider-market", AppRoles.DataProvider);

        using var missing = await provider.PostAsJsonAsync($"/api/enterprises/{TestData.NewUscc()}/records/provider-market~NONE/withdrawal", new { reason = "误报" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task ConsentAsync(string uscc, string bankId)
    {
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var granted = await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", new { bankId, purpose = "流动资金贷款", expiresOn = Day(Today.AddMonths(1)) }, Ct);
        granted.EnsureSuccessStatusCode();
    }

    private static async Task<int> PenaltiesSeenByTheBankAsync(HttpClient bank, string uscc)
    {
        using var response = await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("summary").GetProperty("penaltiesLast12Months").GetInt32();
    }

    private static async Task<JsonElement> GradeAsync(HttpClient regulator, string uscc, Func<JsonElement, bool> until)
        => (await Eventually.GetAsync(
            async () =>
            {
                var grade = await Grades.TryGetAsync(regulator, uscc);
                return grade is { } g && until(g) ? new[] { g } : null;
            },
            what: "the expected grade"))[0];
}
