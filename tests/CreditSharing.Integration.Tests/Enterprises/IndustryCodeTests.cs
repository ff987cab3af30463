using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Enterprises;

/// <summary>Its own DevHost: GB/T 4754-2017 industry codes on profiles, and the grade lists, summaries and plans filtered by them.</summary>
public sealed class IndustryCodeTests(DevHostFixture host) : IClassFixture<DevHostFixture>
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
        await Eventually.HoldsAsync(
            async () => (await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary?county=411726", Ct)).GetProperty("byGrade").GetProperty("D").GetInt32() == 3,
            what: "the three enterprises graded D");

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

    private static List<string> Usccs(JsonElement page)
        => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uscc").GetString()!).ToList();
}
