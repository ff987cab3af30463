using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Records;

/// <summary>One fact, one count (docs/records.md): copies of one decision from two providers, and cleared ending active.</summary>
public sealed class DecisionFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string DaysAgo(int days) => CityClock.Today(TimeProvider.System).AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task APenaltyForwardedByASecondProviderCountsOnceAndListsBothCopiesAsSources()
    {
        var uscc = TestData.NewUscc("411723");
        using var market = await host.ClientAsync("provider-market", "DataProvider");
        using var platform = await host.ClientAsync("credit-platform", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var original = Infrastructure.Records.Penalty(uscc, "SJ-1", decisionDate: DaysAgo(20), severity: "serious");
        original["documentNo"] = "驻市监罚〔2026〕88号";
        (await market.PostAsJsonAsync("/api/records", original, Ct)).EnsureSuccessStatusCode();
        await GradeAsync(regulator, uscc, 650);

        // The platform forwards the same decision under its own sourceId (its 文号 written with ASCII
        // brackets), with a tax rating of its own: the score moves by the tax rating alone.
        var forwarded = new Dictionary<string, object?>(original) { ["sourceId"] = "FWD-1", ["documentNo"] = "驻市监罚[2026]88号" };
        (await platform.PostAsJsonAsync("/api/records", new object[] { forwarded, Infrastructure.Records.TaxRating(uscc, "FWD-T", "A", DaysAgo(30)) }, Ct)).EnsureSuccessStatusCode();

        var grade = await Eventually.GetAsync(
            async () => await Grades.TryGetAsync(regulator, uscc) is { } g && g.GetProperty("factors").EnumerateArray().Any(f => f.GetProperty("rule").GetString() == "tax-rating") ? g : (JsonElement?)null,
            what: "the grade with the tax rating");
        Assert.Equal((710, "C"), (grade!.Value.GetProperty("score").GetInt32(), grade.Value.GetProperty("grade").GetString()));
        var penalty = Assert.Single(grade.Value.GetProperty("factors").EnumerateArray(), f => f.GetProperty("rule").GetString() == "penalty-serious");
        Assert.Equal(-150, penalty.GetProperty("points").GetInt32());
        Assert.Equal(["credit-platform~FWD-1"], penalty.GetProperty("recordIds").EnumerateArray().Select(e => e.GetString()));

        var records = await Infrastructure.Records.AllAsync(regulator, uscc, "&category=penalty");
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(["credit-platform~FWD-1", "provider-market~SJ-1"], r.GetProperty("sources").EnumerateArray().Select(e => e.GetString())));
        var own = Assert.Single(await Infrastructure.Records.AllAsync(market, uscc));
        Assert.Equal(["provider-market~SJ-1"], own.GetProperty("sources").EnumerateArray().Select(e => e.GetString()));

        using var anonymous = host.Anonymous();
        var page = await anonymous.GetFromJsonAsync<JsonElement>($"/api/public/enterprises/{uscc}", Ct);
        var shown = Assert.Single(page.GetProperty("records").EnumerateArray(), r => r.GetProperty("category").GetString() == "penalty");
        Assert.Equal(["credit-platform~FWD-1", "provider-market~SJ-1"], shown.GetProperty("sources").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AClearedRecordWithANewSourceIdEndsTheActiveArrearsOfTheSameProvider()
    {
        var uscc = TestData.NewUscc("411724");
        using var hr = await host.ClientAsync("provider-hr", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await hr.PostAsJsonAsync("/api/records", Arrears(uscc, "SB-1", DaysAgo(90), "active"), Ct)).EnsureSuccessStatusCode();
        await GradeAsync(regulator, uscc, 740);

        (await hr.PostAsJsonAsync("/api/records", Arrears(uscc, "SB-2", DaysAgo(10), "cleared"), Ct)).EnsureSuccessStatusCode();

        var grade = await GradeAsync(regulator, uscc, 800);
        Assert.Empty(grade.GetProperty("factors").EnumerateArray());
        var records = await Infrastructure.Records.AllAsync(regulator, uscc);
        var active = Assert.Single(records, r => r.GetProperty("id").GetString() == "provider-hr~SB-1");
        Assert.Equal((DaysAgo(10), "provider-hr~SB-2"), (active.GetProperty("endedOn").GetString(), active.GetProperty("endedBy").GetString()));
        var cleared = Assert.Single(records, r => r.GetProperty("id").GetString() == "provider-hr~SB-2");
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("endedOn").ValueKind);
    }

    private static Dictionary<string, object?> Arrears(string uscc, string sourceId, string decisionDate, string outcome) => new()
    {
        ["sourceId"] = sourceId,
        ["uscc"] = uscc,
        ["category"] = "social-security-arrears",
        ["title"] = "欠缴社会保险费",
        ["decisionDate"] = decisionDate,
        ["authority"] = "驻马店市人力资源和社会保障局",
        ["outcome"] = outcome,
        ["disclosure"] = "public",
    };

    private static async Task<JsonElement> GradeAsync(HttpClient regulator, string uscc, int score)
        => (await Eventually.GetAsync(
            async () => await Grades.TryGetAsync(regulator, uscc) is { } g && g.GetProperty("score").GetInt32() == score ? g : (JsonElement?)null,
            what: $"score {score}")).GetValueOrDefault();
}
