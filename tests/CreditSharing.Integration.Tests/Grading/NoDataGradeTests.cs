using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Grading;

/// <summary>
/// No phantom credit (docs/grading.md): a grade on no data stays B, says <c>dataSources</c> 0, and
/// the summary counts it apart, through the GradeIndex counters. Its own DevHost, so the counts are this class's.
/// </summary>
public sealed class NoDataGradeTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task CountsEnterprisesGradedOnNoDataApartUntilADepartmentReportsAndAcrossAGradeMove()
    {
        var today = CityClock.Today(TimeProvider.System);
        var quiet = TestData.NewUscc("411725");
        var listed = TestData.NewUscc("411725");
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var tax = await host.ClientAsync("provider-tax", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        foreach (var uscc in new[] { quiet, listed })
        {
            (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "确山县新设企业" + uscc[^4..] }, Ct)).EnsureSuccessStatusCode();
        }

        var fresh = await GradeAsync(regulator, quiet, g => true);
        await GradeAsync(regulator, listed, g => true);
        var onNoData = await SummaryAsync(regulator, s => s.GetProperty("total").GetInt32() == 2);

        Assert.Equal(("B", 800, 0), (fresh.GetProperty("grade").GetString(), fresh.GetProperty("score").GetInt32(), fresh.GetProperty("dataSources").GetInt32()));
        Assert.Equal(2, onNoData.GetProperty("noData").GetInt32());
        Assert.Equal(2, onNoData.GetProperty("noDataByCounty").GetProperty("411725").GetInt32());
        Assert.Equal(2, onNoData.GetProperty("byGrade").GetProperty("B").GetInt32());

        // A tax rating A keeps the grade B (860) in the same partition: the row is updated in place and the count follows.
        (await tax.PostAsJsonAsync("/api/records", Infrastructure.Records.TaxRating(quiet, "T-1", "A", Day(today.AddMonths(-1))), Ct)).EnsureSuccessStatusCode();
        var rated = await GradeAsync(regulator, quiet, g => g.GetProperty("score").GetInt32() == 860);
        // A black entry moves the other, still on no data, from B to D.
        (await provider.PostAsJsonAsync("/api/lists/entries", new
        {
            listType = "black", uscc = listed, reason = "拒不履行行政处罚决定", authority = "驻马店市市场监督管理局", documentNo = "驻市监黑〔2026〕9号",
            decidedOn = Day(today.AddDays(-1)), expiresOn = Day(today.AddYears(1)), sourceId = "B-NODATA",
        }, Ct)).EnsureSuccessStatusCode();
        await GradeAsync(regulator, listed, g => g.GetProperty("grade").GetString() == "D");

        var after = await SummaryAsync(regulator, s => s.GetProperty("byGrade").GetProperty("D").GetInt32() == 1 && s.GetProperty("noData").GetInt32() == 1);
        Assert.Equal(1, rated.GetProperty("dataSources").GetInt32());
        Assert.Equal((2, 1, 1), (after.GetProperty("total").GetInt32(), after.GetProperty("byGrade").GetProperty("B").GetInt32(), after.GetProperty("noData").GetInt32()));
        Assert.Equal(1, after.GetProperty("noDataByCounty").GetProperty("411725").GetInt32());
        var noDataRows = (await regulator.GetFromJsonAsync<JsonElement>("/api/grades?county=411725&pageSize=500", Ct)).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("noData").GetBoolean()).Select(i => i.GetProperty("uscc").GetString());
        Assert.Equal([listed], noDataRows);
    }

    private static async Task<JsonElement> GradeAsync(HttpClient regulator, string uscc, Func<JsonElement, bool> until)
        => (await Eventually.GetAsync(async () => await Grades.TryGetAsync(regulator, uscc) is { } g && until(g) ? g : (JsonElement?)null, what: $"the grade of {uscc}")).GetValueOrDefault();

    private static async Task<JsonElement> SummaryAsync(HttpClient regulator, Func<JsonElement, bool> until)
        => (await Eventually.GetAsync(
            async () => await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary", Ct) is var s && until(s) ? s : (JsonElement?)null,
            what: "the summary")).GetValueOrDefault();
}
