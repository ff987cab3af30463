using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Grading;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Grading;

public sealed class GradingFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChangesTheGradeWithinFiveSecondsOfARecordWithFactorsThatExplainIt()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var watch = Stopwatch.StartNew();

        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "SJ-serious", severity: "serious"), Ct)).EnsureSuccessStatusCode();
        var grade = (await Eventually.GetAsync(async () => await Grades.TryGetAsync(regulator, uscc), TimeSpan.FromSeconds(5), "the grade")).GetValueOrDefault();

        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"graded after {watch.Elapsed}");
        Assert.Equal(650, grade.GetProperty("score").GetInt32());
        Assert.Equal("C", grade.GetProperty("grade").GetString());
        var factor = Assert.Single(grade.GetProperty("factors").EnumerateArray());
        Assert.Equal("penalty-serious", factor.GetProperty("rule").GetString());
        Assert.Equal(-150, factor.GetProperty("points").GetInt32());
        Assert.Equal("provider-market~SJ-serious", Assert.Single(factor.GetProperty("recordIds").EnumerateArray()).GetString());
        Assert.Equal(0.60m, grade.GetProperty("supervision").GetProperty("samplingRatio").GetDecimal());
        Assert.False(string.IsNullOrEmpty(grade.GetProperty("rulesVersion").GetString()));
    }

    [Fact]
    public async Task CoalescesRequestsArrivingTogetherAndIgnoresARedelivery()
    {
        var uscc = TestData.NewUscc("411721");
        var queue = host.Queue(QueueNames.GradeRequests);
        var message = JsonSerializer.Serialize(new GradeRequestMessage([uscc], "test", DateTimeOffset.UtcNow), WireJson.Options);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => queue.SendMessageAsync(message, Ct)));
        await Eventually.HoldsAsync(async () => (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0, what: "the requests to be handled");
        var table = host.Table(TableNames.Grades);
        var current = (await table.GetEntityAsync<GradeEntity>(uscc, GradeEntity.CurrentRowKey, cancellationToken: Ct)).Value;

        await queue.SendMessageAsync(message, Ct);
        await Eventually.HoldsAsync(async () => (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0, what: "the redelivery to be handled");

        var rows = await table.QueryAsync<GradeEntity>(e => e.PartitionKey == uscc, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Single(rows, r => r.RowKey.StartsWith(GradeEntity.HistoryPrefix, StringComparison.Ordinal));
        Assert.Equal(current.ETag, rows.Single(r => r.RowKey == GradeEntity.CurrentRowKey).ETag);
        Assert.Equal(1, await IndexRowsAsync(uscc));
    }

    [Fact]
    public async Task AnswersTheGradeInForceOnADayAndNotFoundBeforeTheFirst()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-tax", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.TaxRating(uscc, "T-A", "A"), Ct)).EnsureSuccessStatusCode();
        await Eventually.GetAsync(async () => await Grades.TryGetAsync(regulator, uscc), what: "the grade");
        var today = CityClock.Today(TimeProvider.System);

        var inForce = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/grade?asOf={today:yyyy-MM-dd}", Ct);
        using var before = await regulator.GetAsync($"/api/enterprises/{uscc}/grade?asOf={today.AddDays(-1):yyyy-MM-dd}", Ct);
        using var bad = await regulator.GetAsync($"/api/enterprises/{uscc}/grade?asOf=2026-13-01", Ct);

        Assert.Equal(860, inForce.GetProperty("score").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task LetsAnEnterpriseReadOnlyItsOwnGrade()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-tax", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.TaxRating(uscc, "T-B", "B"), Ct)).EnsureSuccessStatusCode();
        await Eventually.GetAsync(async () => await Grades.TryGetAsync(regulator, uscc), what: "the grade");
        using var itself = await host.EnterpriseClientAsync(uscc);
        using var other = await host.EnterpriseClientAsync(TestData.NewUscc());

        using var own = await itself.GetAsync($"/api/enterprises/{uscc}/grade", Ct);
        using var foreign = await other.GetAsync($"/api/enterprises/{uscc}/grade", Ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task ListsAndCountsGradesByCountyAndGradeAndMovesThemWhenTheCountyChanges()
    {
        using var provider = await host.ClientAsync("provider-x", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var before = await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary", Ct);
        var shangcai = Enumerable.Range(0, 3).Select(_ => TestData.NewUscc("411722")).ToList();
        var moving = TestData.NewUscc("411722");
        var batch = shangcai.Select((u, i) => (object)Infrastructure.Records.Penalty(u, $"D-{i}", severity: "serious"))
            .Append(Infrastructure.Records.Penalty(moving, "D-m", severity: "serious"))
            .ToList();
        (await provider.PostAsJsonAsync("/api/records", batch, Ct)).EnsureSuccessStatusCode();
        foreach (var uscc in shangcai.Append(moving))
        {
            await Eventually.GetAsync(async () => await Grades.TryGetAsync(regulator, uscc), what: "the grades");
        }

        (await provider.PutAsJsonAsync($"/api/enterprises/{moving}", new { name = "迁往汝南的企业", county = "411727", industry = "批发业" }, Ct)).EnsureSuccessStatusCode();
        // The move files the new row first and then takes the old one out: wait for both.
        await Eventually.HoldsAsync(
            async () => (await regulator.GetFromJsonAsync<JsonElement>("/api/grades?county=411727&grade=C", Ct)).GetProperty("items").EnumerateArray().Any(i => i.GetProperty("uscc").GetString() == moving)
                        && await IndexRowsAsync(moving) == 1,
            what: "the index to move");

        var listed = await regulator.GetFromJsonAsync<JsonElement>("/api/grades?county=411722&grade=C&pageSize=500", Ct);
        var summary = await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary", Ct);
        var byIndustry = await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary?industry=批发业", Ct);

        var usccs = listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uscc").GetString()!).ToList();
        Assert.Subset(usccs.ToHashSet(), shangcai.ToHashSet());
        Assert.DoesNotContain(moving, usccs);
        Assert.Equal(Count(before, "411722") + 3, Count(summary, "411722"));
        Assert.Equal(Count(before, "411727") + 1, Count(summary, "411727"));
        // Other tests of this class may still be grading elsewhere, so the total is checked for consistency only.
        Assert.Equal(summary.GetProperty("byGrade").EnumerateObject().Sum(g => g.Value.GetInt32()), summary.GetProperty("total").GetInt32());
        Assert.Equal(1, byIndustry.GetProperty("byGrade").GetProperty("C").GetInt32());
        Assert.Equal(1, await IndexRowsAsync(moving));
        using var badCounty = await regulator.GetAsync("/api/grades?county=110101", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badCounty.StatusCode);
    }

    [Fact]
    public async Task FilesACityLevelRegistrationUnderTheCityItselfNotOther()
    {
        using var provider = await host.ClientAsync("provider-x", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var before = await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary", Ct);
        var city = TestData.NewUscc("411700");
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(city, "CITY-1", severity: "serious"), Ct)).EnsureSuccessStatusCode();
        await Eventually.GetAsync(async () => await Grades.TryGetAsync(regulator, city), what: "the grade");

        var listed = await Eventually.GetAsync(
            async () =>
            {
                var page = await regulator.GetFromJsonAsync<JsonElement>("/api/grades?county=411700&grade=C&pageSize=500", Ct);
                return page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("uscc").GetString() == city).Select(i => (JsonElement?)i).FirstOrDefault();
            },
            what: "the city-level row");
        var others = await regulator.GetFromJsonAsync<JsonElement>($"/api/grades?county={GradeIndex.OtherCounty}&grade=C&pageSize=500", Ct);
        var summary = await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary", Ct);

        Assert.Equal("411700", listed!.Value.GetProperty("county").GetString());
        Assert.Equal("驻马店市本级", listed.Value.GetProperty("countyName").GetString());
        Assert.DoesNotContain(city, others.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uscc").GetString()));
        Assert.Equal(Count(before, "411700") + 1, Count(summary, "411700"));
    }

    [Fact]
    public async Task RegradesEveryEnterpriseAndReportsProgress()
    {
        using var provider = await host.ClientAsync("provider-x", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var registered = Enumerable.Range(0, 5).Select(_ => TestData.NewUscc("411728")).ToList();
        (await provider.PostAsJsonAsync("/api/enterprises", registered.Select(u => new { uscc = u, name = "遂平县企业" + u[^4..] }), Ct)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => (await regulator.GetAsync($"/api/enterprises/{registered[^1]}", Ct)).IsSuccessStatusCode, what: "registrations");

        using var started = await regulator.PostAsync("/api/grades/recompute", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        var job = await Eventually.GetAsync(
            async () => { var j = await regulator.GetFromJsonAsync<JsonElement>(location, Ct); return j.GetProperty("status").GetString() == "completed" ? (JsonElement?)j : null; },
            TimeSpan.FromSeconds(60),
            "the re-grade to complete");
        Assert.True(job!.Value.GetProperty("total").GetInt32() >= registered.Count);
        Assert.Equal(job.Value.GetProperty("total").GetInt32(), job.Value.GetProperty("done").GetInt32());
        foreach (var uscc in registered)
        {
            var grade = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/grade", Ct);
            Assert.Equal(800, grade.GetProperty("score").GetInt32());
        }
    }

    [Fact]
    public async Task FinishesAFilingCutShortByACrashWhenTheNextRequestIsCoalesced()
    {
        var uscc = TestData.NewUscc("411725");
        var queue = host.Queue(QueueNames.GradeRequests);
        var requestedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new GradeRequestMessage([uscc], "test", requestedAt), WireJson.Options), Ct);
        await Eventually.HoldsAsync(async () => await IndexRowsAsync(uscc) == 1, what: "the first filing");
        var index = host.Table(TableNames.GradeIndex);
        var row = (await index.QueryAsync<GradeIndexEntity>(e => e.RowKey == uscc, cancellationToken: Ct).ToListAsync(Ct)).Single();
        var counter = (await index.GetEntityAsync<GradeCounterEntity>(row.PartitionKey, GradeCounterEntity.CounterRowKey, cancellationToken: Ct)).Value;

        // As if the process died after writing the current grade but before filing it: the row
        // and its count taken out, and a new process (knowing nothing of grades it computed) started.
        await index.SubmitTransactionAsync(
            [
                new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.Delete, row, row.ETag),
                new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.UpdateReplace, new GradeCounterEntity { PartitionKey = row.PartitionKey, Count = counter.Count - 1 }, counter.ETag),
            ],
            Ct);
        await host.RestartAsync();
        await queue.SendMessageAsync(JsonSerializer.Serialize(new GradeRequestMessage([uscc], "test", requestedAt), WireJson.Options), Ct);

        await Eventually.HoldsAsync(async () => await IndexRowsAsync(uscc) == 1, what: "the filing to be finished");
        Assert.Equal(counter.Count, (await index.GetEntityAsync<GradeCounterEntity>(row.PartitionKey, GradeCounterEntity.CounterRowKey, cancellationToken: Ct)).Value.Count);
    }

    [Fact]
    public async Task ListsTheNewestGradeChangesFirstWithTheGradeBefore()
    {
        var uscc = TestData.NewUscc("411725");
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "SJ-change", severity: "serious"), Ct)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => (await Grades.TryGetAsync(regulator, uscc))?.GetProperty("grade").GetString() == "C", what: "grade C");
        var today = CityClock.Today(TimeProvider.System);
        (await provider.PostAsJsonAsync("/api/lists/entries", new
        {
            listType = "black", uscc, reason = "拒不履行法院判决", authority = "驻马店市中级人民法院", documentNo = "（2026）豫17执1号",
            decidedOn = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            expiresOn = today.AddYears(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            sourceId = "B-change",
        }, Ct)).EnsureSuccessStatusCode();

        var changes = await Eventually.GetAsync(async () =>
        {
            var all = await regulator.GetFromJsonAsync<JsonElement>("/api/grades/changes?count=100", Ct);
            var mine = all.EnumerateArray().Where(c => c.GetProperty("uscc").GetString() == uscc).ToList();
            return mine.Count == 2 ? mine : null;
        }, what: "two grade changes");

        Assert.Equal("D", changes[0].GetProperty("grade").GetString());
        Assert.Equal("C", changes[0].GetProperty("previousGrade").GetString());
        Assert.Equal("确山县", changes[0].GetProperty("countyName").GetString());
        Assert.Equal("C", changes[1].GetProperty("grade").GetString());
        Assert.Equal(JsonValueKind.Null, changes[1].GetProperty("previousGrade").ValueKind);
        Assert.True(changes[0].GetProperty("changedAt").GetDateTimeOffset() > changes[1].GetProperty("changedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task RefusesAChangeCountOutsideOneToOneHundred()
    {
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");

        using var response = await regulator.GetAsync("/api/grades/changes?count=101", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("count", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static int Count(JsonElement summary, string county)
        => summary.GetProperty("byCounty").TryGetProperty(county, out var grades) ? grades.EnumerateObject().Sum(g => g.Value.GetInt32()) : 0;

    private async Task<int> IndexRowsAsync(string uscc)
        => (await host.Table(TableNames.GradeIndex).QueryAsync<GradeIndexEntity>(e => e.RowKey == uscc, cancellationToken: Ct).ToListAsync(Ct)).Count;
}
