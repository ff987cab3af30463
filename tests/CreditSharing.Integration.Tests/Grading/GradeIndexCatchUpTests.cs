using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Grading;

/// <summary>
/// Reads of the grade index with the daily re-grade not run (its day never comes): a grade list, the
/// summary and a 双随机 draw each re-grade the grades due before they read the index, so none of
/// them answers a grade that is wrong for today. Three enterprises of one county, each with a
/// serious penalty (C, 650) whose disclosure window ends on a different day; each read is the first
/// read of the index after its enterprise's day has come.
/// </summary>
public sealed class GradeIndexCatchUpTests(GradeReadRecomputeTests.NoDailyReviewFixture host) : IClassFixture<GradeReadRecomputeTests.NoDailyReviewFixture>
{
    /// <summary>A county no other test of this host uses, so its counts are this test's alone.</summary>
    private const string County = "411726";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListsTheSummaryAndPlanDrawsServeTheGradeOfTheDayWithoutTheDailyReGrade()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var today = DateOnly.FromDateTime((await host.ClockAsync()).DateTime);
        var usccs = Enumerable.Range(0, 3).Select(_ => TestData.NewUscc(County)).ToList();
        var reviewOn = new List<DateOnly>();
        for (var i = 0; i < usccs.Count; i++)
        {
            // Decided 10 days apart: their windows end 10 days apart.
            var decided = today.AddDays(-60 + (10 * i)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(usccs[i], $"P-catch-{i}", decided, severity: "serious"), Ct)).EnsureSuccessStatusCode();
            var graded = await GradeCalendar.WaitForScoreAsync(regulator, usccs[i], 650);
            Assert.Equal("C", graded.GetProperty("grade").GetString());
            reviewOn.Add(DateOnly.ParseExact(graded.GetProperty("reviewOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        Assert.True(reviewOn[0] < reviewOn[1] && reviewOn[1] < reviewOn[2], string.Join(", ", reviewOn));

        // (a) The first enterprise's window has ended: the list of the county shows it B 800.
        await MoveStaleAsync(reviewOn[0], usccs[0]);
        var listed = (await regulator.GetFromJsonAsync<JsonElement>($"/api/grades?county={County}", Ct)).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("uscc").GetString()!, i => (i.GetProperty("grade").GetString(), i.GetProperty("score").GetInt32()));
        Assert.Equal(("B", 800), listed[usccs[0]]);
        Assert.Equal(("C", 650), listed[usccs[1]]);
        Assert.Equal(800, (await GradeCalendar.StoredAsync(host, usccs[0]))!.GetInt32("Score"));

        // (b) The second's: the summary counts it among the county's B, no longer among its C.
        await MoveStaleAsync(reviewOn[1], usccs[1]);
        var summary = await regulator.GetFromJsonAsync<JsonElement>($"/api/grades/summary?county={County}", Ct);
        var counts = summary.GetProperty("byCounty").GetProperty(County);
        Assert.Equal((2, 1), (counts.GetProperty("B").GetInt32(), counts.GetProperty("C").GetInt32()));

        // (c) The third's: a plan drawn for the county has it as B in its population.
        await MoveStaleAsync(reviewOn[2], usccs[2]);
        using var created = await regulator.PostAsJsonAsync("/api/inspections/plans", new { county = County, seed = "catch-up" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var population = plan.GetProperty("population").EnumerateArray().ToDictionary(p => p.GetProperty("uscc").GetString()!, p => p.GetProperty("grade").GetString());
        Assert.Equal(usccs.ToDictionary(u => u, _ => (string?)"B"), population);
        Assert.Equal((3, 0), (plan.GetProperty("populationByGrade").GetProperty("B").GetInt32(), plan.GetProperty("populationByGrade").GetProperty("C").GetInt32()));
    }

    /// <summary>Moves the clock to 09:00 on <paramref name="day"/> (no timer runs) and shows the stored grade still stale.</summary>
    private async Task MoveStaleAsync(DateOnly day, string uscc)
    {
        var answer = await host.SetClockAsync(GradeCalendar.CityTime(day, 9, 0));

        Assert.DoesNotContain("RegradeDueGrades", answer.Ran);
        Assert.Equal(650, (await GradeCalendar.StoredAsync(host, uscc))!.GetInt32("Score"));
    }
}
