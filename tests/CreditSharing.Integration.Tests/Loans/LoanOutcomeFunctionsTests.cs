using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Loans;

/// <summary>Batch eligibility, loan outcomes and the monthly 信易贷 statistics, through the DevHost.</summary>
public sealed class LoanOutcomeFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    [Fact]
    public async Task BatchAnswersConsentedNoConsentAndUnknownEnterprisesAndLogsEachCheckedItem()
    {
        var bankId = "bank-b-" + Guid.NewGuid().ToString("N")[..8];
        var consented = TestData.NewUscc();
        var notConsented = TestData.NewUscc();
        var unknown = TestData.NewUscc();
        using var bank = await BankAsync(bankId);
        await RegisterAsync(consented, "411702");
        await RegisterAsync(notConsented, "411702");
        await ConsentAsync(consented, bankId);

        using var response = await bank.PostAsJsonAsync("/api/loans/eligibility/batch", new { product = "standard", usccs = new[] { consented, notConsented, unknown, consented.ToLowerInvariant() } }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(4, answer.GetProperty("requested").GetInt32());
        Assert.Equal(3, answer.GetProperty("checked").GetInt32());
        var items = answer.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("uscc").GetString()!);
        Assert.Equal("ineligible", items[consented].GetProperty("status").GetString());
        Assert.Equal("insufficient-data", items[consented].GetProperty("result").GetProperty("reason").GetString());
        Assert.Equal("no-consent", items[notConsented].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, items[notConsented].GetProperty("result").ValueKind);
        Assert.Equal("unknown-enterprise", items[unknown].GetProperty("status").GetString());
        var consentedLog = await ReadLogAsync(consented);
        var refusedLog = await ReadLogAsync(notConsented);
        var unknownLog = await ReadLogAsync(unknown);
        Assert.Equal(("ineligible", items[consented].GetProperty("auditId").GetString()), Assert.Single(consentedLog));
        Assert.Equal(("refused", items[notConsented].GetProperty("auditId").GetString()), Assert.Single(refusedLog));
        Assert.Empty(unknownLog);
    }

    [Fact]
    public async Task BatchOverAThousandIs413AndAnInvalidUsccIsNamedByIndexAndNothingIsLogged()
    {
        using var bank = await BankAsync("bank-b-limits");
        var valid = TestData.NewUscc();
        await RegisterAsync(valid, "411702");
        await ConsentAsync(valid, "bank-b-limits");

        using var tooMany = await bank.PostAsJsonAsync("/api/loans/eligibility/batch", new { usccs = Enumerable.Range(0, 1001).Select(_ => valid).ToArray() }, Ct);
        using var invalid = await bank.PostAsJsonAsync("/api/loans/eligibility/batch", new { usccs = new[] { valid, valid, valid, "91411700XXXXXXXXXX" } }, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("usccs[3]", out _));
        Assert.Empty(await ReadLogAsync(valid));
    }

    [Fact]
    public async Task AnOutcomeWithoutConsentIs403AndARepeatWithTheSameLoanRefReplaces()
    {
        var bankId = "bank-o-" + Guid.NewGuid().ToString("N")[..8];
        var uscc = TestData.NewUscc();
        using var bank = await BankAsync(bankId);
        await RegisterAsync(uscc, "411702");
        object Outcome(decimal amount) => new { uscc, product = "standard", amount, status = "granted", on = Day(Today), loanRef = "L-1" };

        using var refused = await bank.PostAsJsonAsync("/api/loans/outcomes", Outcome(100_000m), Ct);
        await ConsentAsync(uscc, bankId);
        using var created = await bank.PostAsJsonAsync("/api/loans/outcomes", Outcome(100_000m), Ct);
        using var replaced = await bank.PostAsJsonAsync("/api/loans/outcomes", Outcome(120_000.50m), Ct);
        using var future = await bank.PostAsJsonAsync("/api/loans/outcomes", new { uscc, product = "standard", amount = 1m, status = "granted", on = Day(Today.AddDays(1)) }, Ct);
        using var badStatus = await bank.PostAsJsonAsync("/api/loans/outcomes", new { uscc, product = "mortgage", amount = -1m, status = "closed", on = Day(Today) }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.True((await future.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("on", out _));
        var errors = (await badStatus.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["amount", "product", "status"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var month = (await StatisticsAsync(Today, Today)).GetProperty("months")[0];
        var group = Assert.Single(month.GetProperty("groups").EnumerateArray(), g => g.GetProperty("bankId").GetString() == bankId);
        Assert.Equal(120_000.50m, group.GetProperty("grantedAmount").GetDecimal());
        Assert.Equal(1, group.GetProperty("grantedCount").GetInt32());
    }

    [Fact]
    public async Task StatisticsAggregateByBankProductAndCountyAcrossMonths()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (bankA, bankB) = ("bank-sa-" + suffix, "bank-sb-" + suffix);
        var (yicheng, runan) = (TestData.NewUscc(), TestData.NewUscc());
        await RegisterAsync(yicheng, "411702");
        await RegisterAsync(runan, "411727");
        foreach (var (uscc, bank) in new[] { (yicheng, bankA), (runan, bankA), (yicheng, bankB) })
        {
            await ConsentAsync(uscc, bank);
        }

        using var a = await BankAsync(bankA);
        using var b = await BankAsync(bankB);
        var lastMonth = new DateOnly(Today.Year, Today.Month, 1).AddDays(-1);
        var posts = new (HttpClient Bank, object Body)[]
        {
            (a, new { uscc = yicheng, product = "standard", amount = 500_000m, status = "granted", on = Day(lastMonth), loanRef = "A-1" }),
            (a, new { uscc = runan, product = "agri-supply", amount = 80_000m, status = "granted", on = Day(lastMonth), loanRef = "A-2" }),
            (a, new { uscc = yicheng, product = "standard", amount = 200_000m, status = "granted", on = Day(Today), loanRef = "A-3" }),
            (a, new { uscc = yicheng, product = "standard", amount = 500_000m, status = "repaid", on = Day(Today), loanRef = "A-1" }),
            (b, new { uscc = yicheng, product = "standard", amount = 300_000m, status = "granted", on = Day(Today) }),
            (b, new { uscc = yicheng, product = "standard", amount = 300_000m, status = "granted", on = Day(Today) }),
        };
        foreach (var (bank, body) in posts)
        {
            (await bank.PostAsJsonAsync("/api/loans/outcomes", body, Ct)).EnsureSuccessStatusCode();
        }

        var statistics = await StatisticsAsync(lastMonth, Today);

        var months = statistics.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal([Month(lastMonth), Month(Today)], months.Select(m => m.GetProperty("month").GetString()));
        var before = Groups(months[0], suffix);
        var now = Groups(months[1], suffix);
        Assert.Equal(
            [(bankA, "agri-supply", "411727", "汝南县", 80_000m, 1), (bankA, "standard", "411702", "驿城区", 500_000m, 1)],
            before.Select(g => (g.GetProperty("bankId").GetString(), g.GetProperty("product").GetString(), g.GetProperty("county").GetString(), g.GetProperty("countyName").GetString(), g.GetProperty("grantedAmount").GetDecimal(), g.GetProperty("grantedCount").GetInt32())));
        Assert.Equal(
            [(bankA, 200_000m, 1, 1), (bankB, 300_000m, 1, 0)],
            now.Select(g => (g.GetProperty("bankId").GetString(), g.GetProperty("grantedAmount").GetDecimal(), g.GetProperty("grantedCount").GetInt32(), g.GetProperty("byStatus").GetProperty("repaid").GetProperty("count").GetInt32())));
        Assert.True(months[1].GetProperty("grantedAmount").GetDecimal() >= 500_000m);
    }

    [Fact]
    public async Task StatisticsRefuseARangeOverThirtySixMonthsOrMalformed()
    {
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");

        using var tooLong = await regulator.GetAsync("/api/loans/statistics?from=2023-01&to=2026-01", Ct);
        using var malformed = await regulator.GetAsync("/api/loans/statistics?from=2026-13&to=2026", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var errors = (await malformed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["from", "to"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static List<JsonElement> Groups(JsonElement month, string suffix)
        => [.. month.GetProperty("groups").EnumerateArray().Where(g => g.GetProperty("bankId").GetString()!.EndsWith(suffix, StringComparison.Ordinal))];

    private async Task<JsonElement> StatisticsAsync(DateOnly from, DateOnly to)
    {
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        return await regulator.GetFromJsonAsync<JsonElement>($"/api/loans/statistics?from={Month(from)}&to={Month(to)}", Ct);
    }

    private async Task<List<(string?, string?)>> ReadLogAsync(string uscc)
    {
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var log = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/access-log", Ct);
        return [.. log.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("outcome").GetString(), i.GetProperty("auditId").GetString()))];
    }

    private async Task RegisterAsync(string uscc, string county)
    {
        using var provider = await host.ClientAsync("provider-tax", "DataProvider");
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "信易贷统计测试商行" + uscc[^4..], county }, Ct)).EnsureSuccessStatusCode();
    }

    private Task<HttpClient> BankAsync(string bankId) => host.ClientAsync(new LocalTokenRequest(["Bank"], "officer-" + bankId, null, bankId));

    private async Task ConsentAsync(string uscc, string bankId)
    {
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var granted = await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", new { bankId, purpose = "贷款", expiresOn = Day(Today.AddMonths(1)) }, Ct);
        granted.EnsureSuccessStatusCode();
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
