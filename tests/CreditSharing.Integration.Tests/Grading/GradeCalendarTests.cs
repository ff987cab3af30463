using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Grading;

/// <summary>
/// Grades follow the calendar: a general penalty's disclosure window ends, and the grade changes
/// with no new data: the daily re-grade stores it. This class moves its own DevHost's clock.
/// </summary>
public sealed class GradeCalendarTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDailyReGradeStoresTheGradeOnceAPenaltyLeavesItsDisclosureWindow()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var (decided, reviewOn) = await PenaltyWindowAsync();
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "P-cal-1", decided.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Ct)).EnsureSuccessStatusCode();
        var before = await GradeCalendar.WaitForScoreAsync(regulator, uscc, 770);
        Assert.Equal(reviewOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), before.GetProperty("reviewOn").GetString());
        Assert.True(await GradeCalendar.ReviewRowExistsAsync(host, reviewOn, uscc));

        // 00:05 in the city on the review date: the 00:01 re-grade fell due in the jump, and re-graded before the clock answered.
        var answer = await host.SetClockAsync(GradeCalendar.CityTime(reviewOn, 0, 5));

        Assert.Contains("RegradeDueGrades", answer.Ran);
        Assert.False(await GradeCalendar.ReviewRowExistsAsync(host, reviewOn, uscc));
        var stored = await GradeCalendar.StoredAsync(host, uscc);
        Assert.Equal(800, stored!.GetInt32("Score"));
        Assert.Null(stored.GetString("ReviewOn"));
        var after = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/grade", Ct);
        Assert.Equal(800, after.GetProperty("score").GetInt32());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("reviewOn").ValueKind);
        Assert.DoesNotContain(after.GetProperty("factors").EnumerateArray(), f => f.GetProperty("rule").GetString() == "penalty-general");
    }

    /// <summary>A general penalty decided 30 days before the host's today, and the day after its 12-month window (2026 rules).</summary>
    private async Task<(DateOnly Decided, DateOnly ReviewOn)> PenaltyWindowAsync()
    {
        var today = DateOnly.FromDateTime((await host.ClockAsync()).DateTime);
        var decided = today.AddDays(-30);
        return (decided, decided.AddMonths(12).Day == decided.Day ? decided.AddMonths(12) : decided.AddMonths(12).AddDays(1));
    }
}

/// <summary>
/// The read path alone: this class's daily re-grade never fires (30 February), so a grade past its
/// review date is still stored stale when it is read, and the read re-computes it before answering.
/// </summary>
public sealed class GradeReadRecomputeTests(GradeReadRecomputeTests.NoDailyReviewFixture host) : IClassFixture<GradeReadRecomputeTests.NoDailyReviewFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReadPastTheReviewDateReComputesTheGradeBeforeAnswering()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var today = DateOnly.FromDateTime((await host.ClockAsync()).DateTime);
        var decided = today.AddDays(-40);
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "P-read-1", decided.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Ct)).EnsureSuccessStatusCode();
        var before = await GradeCalendar.WaitForScoreAsync(regulator, uscc, 770);
        var reviewOn = DateOnly.ParseExact(before.GetProperty("reviewOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        var answer = await host.SetClockAsync(GradeCalendar.CityTime(reviewOn, 9, 0));
        var stale = await GradeCalendar.StoredAsync(host, uscc);

        Assert.DoesNotContain("RegradeDueGrades", answer.Ran);
        Assert.Equal(770, stale!.GetInt32("Score"));
        var read = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/grade", Ct);
        Assert.Equal(800, read.GetProperty("score").GetInt32());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("reviewOn").ValueKind);
        Assert.Equal(800, (await GradeCalendar.StoredAsync(host, uscc))!.GetInt32("Score"));
    }

    /// <summary>A daily re-grade on a day that never comes.</summary>
    public sealed class NoDailyReviewFixture : DevHostFixture
    {
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Grading:ReviewSchedule"] = "0 0 0 30 2 *";
            return settings;
        }
    }
}

internal static class GradeCalendar
{
    public static DateTimeOffset CityTime(DateOnly day, int hour, int minute)
        => new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8));

    public static async Task<JsonElement> WaitForScoreAsync(HttpClient regulator, string uscc, int score)
        => await Eventually.GetAsync(
            async () => await Infrastructure.Grades.TryGetAsync(regulator, uscc) is { } g && g.GetProperty("score").GetInt32() == score ? (JsonElement?)g : null,
            what: $"score {score} for {uscc}") ?? default;

    public static async Task<TableEntity?> StoredAsync(DevHostFixture host, string uscc)
    {
        var row = await host.Table(TableNames.Grades).GetEntityIfExistsAsync<TableEntity>(uscc, "current", cancellationToken: TestContext.Current.CancellationToken);
        return row.HasValue ? row.Value : null;
    }

    public static async Task<bool> ReviewRowExistsAsync(DevHostFixture host, DateOnly day, string uscc)
        => (await host.Table(TableNames.GradeReviews).GetEntityIfExistsAsync<TableEntity>(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), uscc, cancellationToken: TestContext.Current.CancellationToken)).HasValue;
}
