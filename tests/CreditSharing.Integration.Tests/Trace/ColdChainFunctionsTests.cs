using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Trace;

/// <summary>Issue 22 point 6 through the API: each cold-chain profile, and a logger series with an excursion and a spike.</summary>
public sealed class ColdChainFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("pork", "chilled", null, null, 3.5, 4.5, "chilled")]
    [InlineData("aquatic", "chilled", null, null, 0.5, -0.5, "chilled")]
    [InlineData("pork", "frozen", null, null, -18, -17.5, "frozen")]
    [InlineData("quick-frozen", null, null, null, -22, -16, "frozen/quick-frozen")]
    [InlineData("dairy", "chilled", null, null, 5.5, 6.5, "chilled/dairy")]
    [InlineData("drug", "chilled", null, null, 7.5, 8.5, "chilled/drug")]
    [InlineData("drug", "ambient", 15, 25, 20, 26, "declared")]
    public async Task BreaksOnlyOnAReadingOutsideTheProductsProfile(string category, string? storage, int? min, int? max, double inside, double outside, string profile)
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateAsync(enterprise, producer, category, storage, min is null && max is null ? null : new { min, max });
        await AddAsync(enterprise, code, new { step = "store", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-3)), location = "冷库", temperatureC = (decimal)inside, sourceId = "C-1" });
        using var anonymous = host.Anonymous();
        var intact = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct)).GetProperty("coldChain");

        await AddAsync(enterprise, code, new { step = "transport", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-2)), location = "运输", temperatureC = (decimal)outside, sourceId = "C-2" });
        var broken = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct)).GetProperty("coldChain");

        Assert.True(intact.GetProperty("required").GetBoolean());
        Assert.True(intact.GetProperty("intact").GetBoolean());
        Assert.Equal(profile, intact.GetProperty("profile").GetString());
        Assert.False(broken.GetProperty("intact").GetBoolean());
        var b = Assert.Single(broken.GetProperty("breaks").EnumerateArray());
        Assert.Equal((decimal)outside, b.GetProperty("extremeC").GetDecimal());
        Assert.Equal("transport", b.GetProperty("step").GetString());
    }

    [Fact]
    public async Task ReportsAFortyMinuteExcursionAsABreakAndAFiveMinuteSpikeNot()
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateAsync(enterprise, producer, "quick-frozen", null, null);
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.AddHours(-6).Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        // One reading a minute for 4 hours at −20 °C: a 5-minute spike to −12 °C after an hour, 40 minutes up to −9 °C after two.
        var readings = Enumerable.Range(0, 241).Select(m => new
        {
            at = At(start.AddMinutes(m)),
            c = m is >= 60 and < 65 ? -12m : m is >= 120 and < 140 ? -15m : m is >= 140 and < 160 ? -9m : -20m,
        }).ToArray();

        await AddAsync(enterprise, code, new { step = "transport", actorUscc = producer, occurredAt = At(start), location = "驻马店—郑州", readings, sourceId = "L-1" });
        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        var page = await anonymous.GetStringAsync($"/t/{code}", Ct);

        var cold = scan.GetProperty("coldChain");
        Assert.False(cold.GetProperty("intact").GetBoolean());
        Assert.Equal(30, cold.GetProperty("toleranceMinutes").GetInt32());
        var b = Assert.Single(cold.GetProperty("breaks").EnumerateArray());
        Assert.Equal(start.AddMinutes(120), b.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(start.AddMinutes(160), b.GetProperty("end").GetDateTimeOffset());
        Assert.Equal(-9m, b.GetProperty("extremeC").GetDecimal());
        Assert.Contains("40 分钟，极值 -9 °C", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepsTwoThousandReadingsAndRefusesMore()
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateAsync(enterprise, producer, "drug", "chilled", null);
        var start = DateTimeOffset.UtcNow.AddDays(-2);
        object Series(int count) => new { step = "store", actorUscc = producer, occurredAt = At(start), location = "医药冷库", readings = Enumerable.Range(0, count).Select(i => new { at = At(start.AddMinutes(i)), c = 5.25m }).ToArray(), sourceId = $"G-{count}" };

        using var ok = await enterprise.PostAsJsonAsync($"/api/trace/codes/{code}/events", Series(2_000), Ct);
        using var over = await enterprise.PostAsJsonAsync($"/api/trace/codes/{code}/events", Series(2_001), Ct);
        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);

        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.True(scan.GetProperty("integrity").GetProperty("intact").GetBoolean());
        Assert.True(scan.GetProperty("coldChain").GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task RefusesInABatchALoggerSeriesTooLargeForOneMessageStoringNothing()
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateAsync(enterprise, producer, "drug", "chilled", null);
        var start = DateTimeOffset.UtcNow.AddDays(-2);
        var series = new { step = "store", actorUscc = producer, occurredAt = At(start), location = "医药冷库", readings = Enumerable.Range(0, 2_000).Select(i => new { at = At(start.AddMinutes(i)), c = 5.25m }).ToArray(), sourceId = "B-2000", codes = new[] { code } };

        using var refused = await enterprise.PostAsJsonAsync("/api/trace/events", new[] { series }, Ct);
        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("readings", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, scan.GetProperty("events").GetArrayLength());
        Assert.Empty((await host.Queue(QueueNames.TraceEvents).PeekMessagesAsync(32, Ct)).Value);
    }

    [Theory]
    [InlineData("wholesale")]
    [InlineData("retail")]
    public async Task BreaksOnAColdChainStepWithoutATemperature(string step)
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateAsync(enterprise, producer, "aquatic", "chilled", null);
        await AddAsync(enterprise, code, new { step, actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-1)), location = "市场", sourceId = "W-1" });
        using var anonymous = host.Anonymous();

        var cold = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct)).GetProperty("coldChain");

        var b = Assert.Single(cold.GetProperty("breaks").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, b.GetProperty("extremeC").ValueKind);
        Assert.Contains("no temperature recorded", b.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static string At(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static async Task<string> CreateAsync(HttpClient enterprise, string producer, string category, string? storage, object? temperatureRange)
    {
        using var response = await enterprise.PostAsJsonAsync("/api/trace/codes", new { category, productName = "冷链产品", producerUscc = producer, storage, temperatureRange }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
    }

    private static async Task AddAsync(HttpClient client, string code, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/trace/codes/{code}/events", body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
