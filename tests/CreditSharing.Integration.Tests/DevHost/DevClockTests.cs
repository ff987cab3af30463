using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.DevHost;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.DevHost;

/// <summary>
/// <c>/dev/clock</c> moves this class's own DevHost only. Every test moves forward from whatever the
/// clock reads, so the tests of the class run in any order over the one host.
/// </summary>
public sealed class DevClockTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static readonly TimeSpan City = TimeSpan.FromHours(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswersTheCurrentTimeInCityTime()
    {
        var before = DateTimeOffset.UtcNow;

        var now = await host.ClockAsync();

        Assert.Equal(City, now.Offset);
        Assert.True(now >= before.AddSeconds(-1), $"{now:O} is before {before:O}");
    }

    [Fact]
    public async Task MovesTheClockForwardAndTimeKeepsFlowingFromThere()
    {
        var target = (await host.ClockAsync()).AddDays(3);

        var answer = await host.SetClockAsync(target);
        var read = await host.ClockAsync();

        Assert.Equal(target, answer.Now);
        Assert.InRange(read, target, target.AddMinutes(1));
    }

    [Fact]
    public async Task RefusesToMoveBackwardNamingNowAndLeavesTheClock()
    {
        var current = await host.ClockAsync();
        using var client = host.Anonymous();

        using var response = await client.PostAsJsonAsync(DevHostApp.ClockRoute, new { now = current.AddDays(-1).ToString("O", CultureInfo.InvariantCulture) }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("now").EnumerateArray()).GetString();
        Assert.StartsWith("Time only moves forward", message, StringComparison.Ordinal);
        Assert.InRange(await host.ClockAsync(), current, current.AddMinutes(1));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"now":"yesterday"}""")]
    [InlineData("""{"now":"2099-03-01T09:00:00"}""")]
    [InlineData("""{"now":42}""")]
    public async Task RefusesAMissingOrInvalidTimeNamingNow(string body)
    {
        using var client = host.Anonymous();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(DevHostApp.ClockRoute, content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("now", out _), problem.GetRawText());
    }

    [Fact]
    public async Task RunsTheDailyPublicationOnceForAJumpAcrossTwoOfItsOccurrencesBeforeAnswering()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-ndrc", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var today = DateOnly.FromDateTime((await host.ClockAsync()).DateTime);
        using (var created = await provider.PostAsJsonAsync("/api/lists/entries", RedEntry(uscc, today.AddDays(-1), today.AddYears(1)), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // Two days after the expiry, 01:00 in the city: the 00:30 publication fell due twice in the jump.
        var target = new DateTimeOffset(today.AddYears(1).AddDays(2).ToDateTime(new TimeOnly(1, 0)), City);
        var answer = await host.SetClockAsync(target);

        // Each daily timer ran once (the re-grade at 00:01 and the re-key at 00:02 too), however many of its occurrences
        // fell due; so did the weekly search re-index, which a jump of a year always crosses.
        Assert.Equal(["PublishListsDaily", "RegradeDueGrades", "ReindexSearch", "RekeyIdentities"], answer.Ran.Order(StringComparer.Ordinal));
        var entry = Assert.Single((await regulator.GetFromJsonAsync<JsonElement>($"/api/lists/entries?uscc={uscc}", Ct)).EnumerateArray());
        Assert.Equal("expired", entry.GetProperty("endReason").GetString());
        Assert.Equal(1, entry.GetProperty("history").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "expired"));
    }

    [Fact]
    public async Task RunsNoTimerForAJumpThatCrossesNoOccurrenceAndKeepsTokensMintedBeforeIt()
    {
        using var regulator = await host.ClientAsync("regulator-2", "Regulator");
        var now = await host.ClockAsync();
        // One minute before the next daily timer: the re-grade at 00:01 in the city (the publication follows at 00:30).
        var nextDaily = new DateTimeOffset(DateOnly.FromDateTime(now.DateTime).ToDateTime(new TimeOnly(0, 1)), City);
        if (nextDaily <= now.AddMinutes(2))
        {
            nextDaily = nextDaily.AddDays(1);
        }

        var answer = await host.SetClockAsync(nextDaily.AddMinutes(-1));

        Assert.Empty(answer.Ran);
        using var response = await regulator.GetAsync("/api/lists/entries?uscc=91411702MA6ULN0X2U", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Dictionary<string, object?> RedEntry(string uscc, DateOnly decidedOn, DateOnly expiresOn) => new()
    {
        ["listType"] = "red",
        ["uscc"] = uscc,
        ["reason"] = "连续三年纳税信用A级",
        ["authority"] = "驻马店市发展和改革委员会",
        ["documentNo"] = "驻发改信〔2026〕8号",
        ["decidedOn"] = decidedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["expiresOn"] = expiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["legalRepresentativeIncluded"] = false,
        ["sourceId"] = "R-clock-" + uscc,
    };
}
