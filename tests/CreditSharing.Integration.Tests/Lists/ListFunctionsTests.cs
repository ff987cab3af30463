using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Lists;

public sealed class ListFunctionsTests(ListFunctionsTests.DailyEverySecondFixture host) : IClassFixture<ListFunctionsTests.DailyEverySecondFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    [Fact]
    public async Task ForcesGradeDWithinFiveSecondsAndRepairRestoresTheGradeFromTheRecords()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.TaxRating(uscc, "T-1", "A"), Ct)).EnsureSuccessStatusCode();
        await GradeAsync(regulator, uscc, g => g.GetProperty("score").GetInt32() == 860);
        var decided = Today.AddDays(-400);

        using var created = await provider.PostAsJsonAsync("/api/lists/entries", Entry(uscc, "black", "B-1", decided, decided.AddYears(2)), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entryId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("entryId").GetString();
        var black = await GradeAsync(regulator, uscc, g => g.GetProperty("grade").GetString() == "D", TimeSpan.FromSeconds(5));
        Assert.True(black.GetProperty("listStatus").GetProperty("black").GetBoolean());

        using var repaired = await regulator.PostAsJsonAsync($"/api/lists/entries/{uscc}/{entryId}/repair", Infrastructure.Records.Repair("已履行法定义务并作出信用承诺", "驻信修〔2026〕3号", "守法经营"), Ct);

        Assert.Equal(HttpStatusCode.OK, repaired.StatusCode);
        var restored = await GradeAsync(regulator, uscc, g => g.GetProperty("grade").GetString() == "B");
        Assert.Equal(860, restored.GetProperty("score").GetInt32());
        var entries = await regulator.GetFromJsonAsync<JsonElement>($"/api/lists/entries?uscc={uscc}", Ct);
        var entry = Assert.Single(entries.EnumerateArray());
        Assert.Equal("repaired", entry.GetProperty("endReason").GetString());
        Assert.Equal(["listed", "repaired"], entry.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("regulator-1", entry.GetProperty("history")[1].GetProperty("by").GetString());
    }

    [Fact]
    public async Task ABlackEntryEndsTheRedEntryKeepingItInHistoryAndOffTheRedList()
    {
        var uscc = TestData.NewUscc("411726");
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var redId = await CreateAsync(provider, Entry(uscc, "red", "R-then-black", Today.AddDays(-30), Today.AddYears(1)));
        await GradeAsync(regulator, uscc, g => g.GetProperty("score").GetInt32() == 850);
        using var anonymous = host.Anonymous();
        Assert.Contains(redId, await anonymous.GetStringAsync("/api/public/lists/red?county=411726&pageSize=500", Ct), StringComparison.Ordinal);

        var blackId = await CreateAsync(provider, Entry(uscc, "black", "B-after-red", Today.AddDays(-2), Today.AddYears(2)));

        var grade = await GradeAsync(regulator, uscc, g => g.GetProperty("grade").GetString() == "D", TimeSpan.FromSeconds(5));
        Assert.Equal(800, grade.GetProperty("score").GetInt32());
        Assert.False(grade.GetProperty("listStatus").GetProperty("red").GetBoolean());
        var red = (await regulator.GetFromJsonAsync<JsonElement>($"/api/lists/entries?uscc={uscc}", Ct)).EnumerateArray().Single(e => e.GetProperty("id").GetString() == redId);
        Assert.Equal("black-listed", red.GetProperty("endReason").GetString());
        Assert.Equal(Today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), red.GetProperty("endedOn").GetString());
        Assert.Equal(["listed", "black-listed"], red.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Contains(blackId, red.GetProperty("history")[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(uscc, await anonymous.GetStringAsync("/api/public/lists/red?county=411726&pageSize=500", Ct), StringComparison.Ordinal);
        Assert.Contains(blackId, await anonymous.GetStringAsync("/api/public/lists/black?county=411726&pageSize=500", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesRepairBeforeTheMinimumPeriodWithTheDateItBecomesPossible()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var decided = Today.AddDays(-30);
        var entryId = await CreateAsync(provider, Entry(uscc, "black", "B-early", decided, decided.AddYears(1)));

        using var early = await regulator.PostAsJsonAsync($"/api/lists/entries/{uscc}/{entryId}/repair", Infrastructure.Records.Repair("申请修复", "驻信修〔2026〕9号"), Ct);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var problem = await early.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(decided.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), problem.GetProperty("repairEligibleFrom").GetString());
        var entry = Assert.Single((await regulator.GetFromJsonAsync<JsonElement>($"/api/lists/entries?uscc={uscc}", Ct)).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("endedOn").ValueKind);
    }

    [Fact]
    public async Task TreatsARepeatedSourceIdAsTheSameEntryAndValidatesDurations()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        var body = Entry(uscc, "red", "R-1", Today.AddDays(-1), Today.AddYears(1));

        using var first = await provider.PostAsJsonAsync("/api/lists/entries", body, Ct);
        using var second = await provider.PostAsJsonAsync("/api/lists/entries", body, Ct);
        using var tooShort = await provider.PostAsJsonAsync("/api/lists/entries", Entry(uscc, "black", "B-short", Today.AddDays(-1), Today.AddMonths(6)), Ct);
        using var tooLong = await provider.PostAsJsonAsync("/api/lists/entries", Entry(uscc, "red", "R-long", Today, Today.AddYears(4)), Ct);
        using var unknown = await provider.PostAsJsonAsync("/api/lists/entries", Entry(uscc, "grey", "G-1", Today, Today.AddYears(1)), Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("entryId").GetString(),
            (await second.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("entryId").GetString());
        Assert.True((await tooShort.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("expiresOn", out _));
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("expiresOn", out _));
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("listType", out _));
    }

    [Fact]
    public async Task PublishesRedAndBlackEntriesButNeverWatchEntriesOrIdNumbers()
    {
        var red = TestData.NewUscc("411725");
        var black = TestData.NewUscc("411725");
        var watched = TestData.NewUscc("411725");
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        foreach (var uscc in new[] { red, black, watched })
        {
            (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "确山县企业" + uscc[^4..], legalRepresentative = new { name = "周八", idNumber = TestData.IdNumber("19800808") } }, Ct)).EnsureSuccessStatusCode();
        }

        await CreateAsync(provider, Entry(red, "red", "P-red", Today.AddDays(-3), Today.AddYears(2)));
        await CreateAsync(provider, Entry(black, "black", "P-black", Today.AddDays(-3), Today.AddYears(2)));
        await CreateAsync(provider, Entry(watched, "watch", "P-watch", Today.AddDays(-3), Today.AddYears(1)));
        using var anonymous = host.Anonymous();

        var redJson = await anonymous.GetStringAsync("/api/public/lists/red?county=411725&pageSize=500", Ct);
        var blackJson = await anonymous.GetStringAsync("/api/public/lists/black?pageSize=500", Ct);
        using var watch = await anonymous.GetAsync("/api/public/lists/watch", Ct);

        Assert.Contains(red, redJson, StringComparison.Ordinal);
        Assert.Contains("确山县", redJson, StringComparison.Ordinal);
        Assert.DoesNotContain(black, redJson, StringComparison.Ordinal);
        Assert.Contains(black, blackJson, StringComparison.Ordinal);
        Assert.DoesNotContain(watched, redJson + blackJson, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, watch.StatusCode);
        PublicAnswers.HoldNoIdNumber(redJson);
        PublicAnswers.HoldNoIdNumber(blackJson);
    }

    [Fact]
    public async Task FindsEveryActiveEntryNamingALegalRepresentativeAndStoresNoIdNumberInClear()
    {
        var idNumber = TestData.IdNumber("19660606");
        var first = TestData.NewUscc();
        var second = TestData.NewUscc("411721");
        var notIncluded = TestData.NewUscc("411722");
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        foreach (var uscc in new[] { first, second, notIncluded })
        {
            (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "企业" + uscc[^4..], legalRepresentative = new { name = "吴九", idNumber } }, Ct)).EnsureSuccessStatusCode();
        }

        await CreateAsync(provider, Entry(first, "black", "J-1", Today.AddDays(-2), Today.AddYears(2), legalRepresentativeIncluded: true));
        await CreateAsync(provider, Entry(second, "black", "J-2", Today.AddDays(-2), Today.AddYears(2), legalRepresentativeIncluded: true));
        await CreateAsync(provider, Entry(notIncluded, "black", "J-3", Today.AddDays(-2), Today.AddYears(2), legalRepresentativeIncluded: false));

        using var found = await regulator.PostAsJsonAsync("/api/lists/legal-representatives/search", new { idNumber }, Ct);
        var matches = await found.Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var invalid = await regulator.PostAsJsonAsync("/api/lists/legal-representatives/search", new { idNumber = "123" }, Ct);

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), matches.EnumerateArray().Select(m => m.GetProperty("uscc").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(matches.EnumerateArray(), m => Assert.Equal(idNumber[..6] + "********" + idNumber[^4..], m.GetProperty("idNumberMasked").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        await foreach (var row in host.Table(TableNames.Representatives).QueryAsync<TableEntity>(cancellationToken: Ct))
        {
            Assert.DoesNotContain(idNumber, JsonSerializer.Serialize(row), StringComparison.Ordinal);
            Assert.NotEqual(idNumber, row.PartitionKey);
        }
    }

    [Fact]
    public async Task EndsExpiredEntriesOnTheTimerAndPublishesTheSnapshotFiles()
    {
        var expired = TestData.NewUscc("411726");
        var active = TestData.NewUscc("411726");
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        await CreateAsync(provider, Entry(expired, "black", "E-old", new DateOnly(2023, 1, 10), new DateOnly(2024, 6, 30)));
        await CreateAsync(provider, Entry(active, "red", "E-new", Today.AddDays(-5), Today.AddYears(1)));

        var entry = await Eventually.GetAsync(
            async () => (await regulator.GetFromJsonAsync<JsonElement>($"/api/lists/entries?uscc={expired}", Ct)).EnumerateArray().SingleOrDefault(e => e.GetProperty("endReason").GetString() == "expired") is { ValueKind: JsonValueKind.Object } e ? new[] { e } : null,
            what: "the timer to end the expired entry");
        Assert.Equal("2024-07-01", entry[0].GetProperty("endedOn").GetString());
        Assert.Equal("expired", entry[0].GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString());

        var container = host.Container(ContainerNames.Published);
        var day = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var json = await Eventually.GetAsync(
            async () =>
            {
                var blob = container.GetBlobClient($"lists/{day}/red.json");
                if (!(await blob.ExistsAsync(Ct)).Value)
                {
                    return null;
                }

                var text = (await blob.DownloadContentAsync(Ct)).Value.Content.ToString();
                return text.Contains(active, StringComparison.Ordinal) ? text : null;
            },
            what: "a red-list snapshot with the new entry");
        Assert.True((await container.GetBlobClient($"lists/{day}/black.csv").ExistsAsync(Ct)).Value);
        using var anonymous = host.Anonymous();
        var csv = await anonymous.GetStringAsync("/api/public/lists/red/latest.csv", Ct);
        Assert.StartsWith("uscc,name,county", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains(active, csv, StringComparison.Ordinal);
        PublicAnswers.HoldNoIdNumber(csv);
        PublicAnswers.HoldNoIdNumber(json);
        using var publish = await regulator.PostAsync("/api/lists/publish", null, Ct);
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
    }

    [Fact]
    public async Task RepairsAPenaltyOnlyFromItsEligibleDateAndThenDropsItFromThePublicPageAndTheGrade()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var old = Today.AddDays(-200).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var recent = Today.AddDays(-10);
        (await provider.PostAsJsonAsync("/api/records", new[] { Infrastructure.Records.Penalty(uscc, "OLD", decisionDate: old), Infrastructure.Records.Penalty(uscc, "NEW", decisionDate: recent.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) }, Ct)).EnsureSuccessStatusCode();
        await GradeAsync(regulator, uscc, g => g.GetProperty("score").GetInt32() == 740);

        using var early = await regulator.PostAsJsonAsync($"/api/enterprises/{uscc}/records/provider-market~NEW/repair", Infrastructure.Records.Repair("申请修复", "驻信修〔2026〕1号"), Ct);
        using var repaired = await regulator.PostAsJsonAsync($"/api/enterprises/{uscc}/records/provider-market~OLD/repair", Infrastructure.Records.Repair("已整改", "驻信修〔2026〕2号"), Ct);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(recent.AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (await early.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("repairEligibleFrom").GetString());
        Assert.Equal(HttpStatusCode.OK, repaired.StatusCode);
        var grade = await GradeAsync(regulator, uscc, g => g.GetProperty("score").GetInt32() == 770);
        Assert.DoesNotContain("provider-market~OLD", grade.GetRawText(), StringComparison.Ordinal);
        using var anonymous = host.Anonymous();
        var page = await anonymous.GetStringAsync($"/api/public/enterprises/{uscc}", Ct);
        Assert.DoesNotContain("provider-market~OLD", page, StringComparison.Ordinal);
        Assert.Contains("provider-market~NEW", page, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Entry(string uscc, string listType, string sourceId, DateOnly decidedOn, DateOnly expiresOn, bool legalRepresentativeIncluded = false) => new()
    {
        ["listType"] = listType,
        ["uscc"] = uscc,
        ["reason"] = listType == "red" ? "连续三年纳税信用A级" : "拒不履行法院判决",
        ["authority"] = "驻马店市发展和改革委员会",
        ["documentNo"] = "驻发改信〔2026〕7号",
        ["decidedOn"] = decidedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["expiresOn"] = expiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["legalRepresentativeIncluded"] = legalRepresentativeIncluded,
        ["sourceId"] = sourceId,
    };

    private static async Task<string> CreateAsync(HttpClient client, Dictionary<string, object?> entry)
    {
        using var response = await client.PostAsJsonAsync("/api/lists/entries", entry, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("entryId").GetString()!;
    }

    private static async Task<JsonElement> GradeAsync(HttpClient regulator, string uscc, Func<JsonElement, bool> until, TimeSpan? timeout = null)
        => (await Eventually.GetAsync(
            async () =>
            {
                using var response = await regulator.GetAsync($"/api/enterprises/{uscc}/grade", Ct);
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }

                var grade = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                return until(grade) ? new[] { grade } : null;
            },
            timeout,
            "the expected grade"))[0];

    /// <summary>The daily publication runs every second here, so a test sees the timer at work.</summary>
    public sealed class DailyEverySecondFixture : DevHostFixture
    {
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Lists:PublishSchedule"] = "*/1 * * * * *";
            return settings;
        }
    }
}
