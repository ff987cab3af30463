using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Enterprises;

/// <summary>
/// Its own DevHost: sectors. GB/T 4754-2017 industry codes on profiles, the grade lists, summaries and plans
/// filtered by them, and 行业信用评价 (<c>industry-rating</c>) records feeding the score.
/// </summary>
public sealed class SectorTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FiltersGradeListsSummariesAndPlansByIndustryCodePrefix()
    {
        using var provider = await host.ClientAsync("provider-x", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var wholesale = TestData.NewUscc("411726");
        var retail = TestData.NewUscc("411726");
        var warehouse = TestData.NewUscc("411726");
        var profiles = new[] { (wholesale, "F51", "批发"), (retail, "f52", "零售"), (warehouse, "G59", "仓储") };
        foreach (var (uscc, code, label) in profiles)
        {
            (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "泌阳县" + label + "企业", industry = label, industryCode = code }, Ct)).EnsureSuccessStatusCode();
        }

        // Grade D (a sampling ratio of 1): every enterprise of the population is drawn, so the plan shows the population.
        var penalties = profiles.SelectMany(p => Enumerable.Range(0, 3).Select(i =>
        {
            var penalty = Infrastructure.Records.Penalty(p.Item1, $"IC-{i}-{p.Item1}", severity: "serious");
            penalty["documentNo"] = $"驻市监罚〔2026〕{i}-{p.Item1[^6..]}号";
            return penalty;
        })).ToList();
        (await provider.PostAsJsonAsync("/api/records", penalties, Ct)).EnsureSuccessStatusCode();
        // Settled: the counters say three D, and the index itself (which a filtered summary pages
        // through) no longer holds a first grade's B row that a move to D takes out after filing D.
        await Eventually.HoldsAsync(
            async () => (await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary?county=411726", Ct)).GetProperty("byGrade").GetProperty("D").GetInt32() == 3
                        && (await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary?county=411726&industryCode=F", Ct)).GetProperty("total").GetInt32() == 2
                        && (await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary?county=411726&industryCode=G", Ct)).GetProperty("total").GetInt32() == 1,
            what: "the three enterprises graded D, and only D, in the index");

        var sectionF = await regulator.GetFromJsonAsync<JsonElement>("/api/grades?industryCode=F&pageSize=500", Ct);
        var divisionF51 = await regulator.GetFromJsonAsync<JsonElement>("/api/grades?industryCode=f51&county=411726&grade=D", Ct);
        var summaryF = await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary?industryCode=F", Ct);
        var summaryG = await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary?county=411726&industryCode=G59", Ct);
        using var planned = await regulator.PostAsJsonAsync("/api/inspections/plans", new { county = "411726", industryCode = "F", seed = "行业-2026" }, Ct);
        var enterprise = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{retail}", Ct);

        // This class's host holds only these three grades.
        Assert.Equal(new[] { retail, wholesale }.Order(StringComparer.Ordinal), Usccs(sectionF).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "F51", "F52" }.Order(StringComparer.Ordinal), sectionF.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("industryCode").GetString()!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal([wholesale], Usccs(divisionF51));
        Assert.Equal(2, summaryF.GetProperty("byGrade").GetProperty("D").GetInt32());
        Assert.Equal(2, summaryF.GetProperty("total").GetInt32());
        Assert.Equal(1, summaryG.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        var plan = await planned.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("F", plan.GetProperty("industryCode").GetString());
        Assert.Equal(new[] { retail, wholesale }.Order(StringComparer.Ordinal), plan.GetProperty("selected").EnumerateArray().Select(s => s.GetProperty("uscc").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("F52", enterprise.GetProperty("industryCode").GetString());
        Assert.Equal("零售业", enterprise.GetProperty("industryName").GetString());
        Assert.Equal("零售", enterprise.GetProperty("industry").GetString());
    }

    [Fact]
    public async Task RejectsAnIndustryCodeOutsideTheTableNamingTheField()
    {
        using var provider = await host.ClientAsync("provider-x", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var uscc = TestData.NewUscc();

        using var put = await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "某公司", industryCode = "F99" }, Ct);
        using var list = await regulator.GetAsync("/api/grades?industryCode=U", Ct);
        using var summary = await regulator.GetAsync("/api/grades/summary?industryCode=51", Ct);
        using var plan = await regulator.PostAsJsonAsync("/api/inspections/plans", new { industryCode = "G51" }, Ct);
        using var stored = await regulator.GetAsync($"/api/enterprises/{uscc}", Ct);

        foreach (var response in new[] { put, list, summary, plan })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
            Assert.Equal(["industryCode"], errors.EnumerateObject().Select(p => p.Name));
        }

        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task AnIndustryRatingAaaRaisesTheScoreAndALogisticsALevelCountsUnderItsScheme()
    {
        using var association = await host.ClientAsync("provider-association", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var trader = TestData.NewUscc("411702");
        var carrier = TestData.NewUscc("411702");
        (await association.PostAsJsonAsync("/api/records", Infrastructure.Records.TaxRating(trader, "T-base", rating: "B"), Ct)).EnsureSuccessStatusCode();
        var before = await Eventually.GetAsync(async () => await Grades.TryGetAsync(regulator, trader), what: "the first grade");

        using var rated = await association.PostAsJsonAsync("/api/records", new object[]
        {
            IndustryRating(trader, "IR-1", "AAA", scheme: null),
            IndustryRating(carrier, "IR-2", "4A", scheme: "logistics-a-level"),
        }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, rated.StatusCode);
        var after = await Eventually.GetAsync(
            async () => await Grades.TryGetAsync(regulator, trader) is { } g && g.GetProperty("factors").EnumerateArray().Any(f => f.GetProperty("rule").GetString() == "industry-rating") ? (JsonElement?)g : null,
            what: "the grade with the industry rating");
        Assert.Equal(before!.Value.GetProperty("score").GetInt32() + 60, after!.Value.GetProperty("score").GetInt32());
        var carrierGrade = await Eventually.GetAsync(async () => await Grades.TryGetAsync(regulator, carrier), what: "the carrier's grade");
        Assert.Equal(840, carrierGrade!.Value.GetProperty("score").GetInt32());
        var stored = await Infrastructure.Records.WaitForAsync(regulator, carrier, 1);
        Assert.Equal("logistics-a-level", Assert.Single(stored).GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task RefusesAnIndustryRatingOutsideItsSchemeNamingTheField()
    {
        using var association = await host.ClientAsync("provider-association", "DataProvider");
        var uscc = TestData.NewUscc();

        using var response = await association.PostAsJsonAsync("/api/records", new object[]
        {
            IndustryRating(uscc, "IR-bad-1", "5A", scheme: null),
            IndustryRating(uscc, "IR-bad-2", "AAA", scheme: "unknown-scheme"),
        }, Ct);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var rejected = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal(2, rejected.Count);
        Assert.True(rejected[0].GetProperty("errors").TryGetProperty("rating", out _));
        Assert.True(rejected[1].GetProperty("errors").TryGetProperty("scheme", out _));
    }

    private static Dictionary<string, object?> IndustryRating(string uscc, string sourceId, string rating, string? scheme) => new()
    {
        ["sourceId"] = sourceId,
        ["uscc"] = uscc,
        ["category"] = "industry-rating",
        ["title"] = scheme is null ? "商贸流通企业信用评价" : "物流企业等级评估",
        ["decisionDate"] = "2026-03-01",
        ["authority"] = scheme is null ? "驻马店市商贸流通行业协会" : "中国物流与采购联合会",
        ["rating"] = rating,
        ["scheme"] = scheme,
        ["disclosure"] = "public",
    };

    private static List<string> Usccs(JsonElement page)
        => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uscc").GetString()!).ToList();
}
