using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CreditSharing.Core.Trace;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CreditSharing.Integration.Tests.Trace;

/// <summary>
/// The materialised timeline (a chain read by point reads of its head and spill rows) and the scan
/// counter (counted in memory, flushed into the head within seconds), against real Azurite.
/// </summary>
public sealed class TraceTimelineTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALongChainSpillsIntoFurtherRowsAndReadsBackWholeWithoutEventRows()
    {
        var store = host.Host.Services.GetRequiredService<ITraceStore>();
        var producer = TestData.NewUscc("411723");
        var code = $"ZMD-SPILL-{Guid.NewGuid():N}"[..30];
        var now = DateTimeOffset.UtcNow;
        Assert.True(await store.TryCreateAsync(new TraceProduct(code, "pork", "冷冻猪肉", "B1", null, null, producer, "frozen", [], now, "test"), Ct));

        // 12 events with a 2,000-reading logger series each, about 100,000 characters apiece, two an
        // append: the head's 300,000 characters, then spill rows of 450,000.
        var readings = Enumerable.Range(0, 2_000).Select(i => new TemperatureReading(now.AddHours(-3).AddSeconds(5 * i), -18.5m - (i % 7 / 10m))).ToList();
        for (var seq = 1; seq <= 12; seq += 2)
        {
            var head = (await store.GetHeadAsync(code, Ct))!;
            var previous = head.LastHash ?? TraceChainHash.Genesis(code);
            var first = TraceChainHash.Chained(code, previous, seq, Event(producer, now, seq, readings), now);
            var second = TraceChainHash.Chained(code, first.Hash, seq + 1, Event(producer, now, seq + 1, readings), now);
            await store.AppendAsync(head, [first, second], Ct);
        }

        var chain = (await store.GetAsync(code, Ct))!;
        var table = host.Table(TableNames.Trace);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {code}"), select: ["RowKey"], cancellationToken: Ct))
        {
            rows.Add(row.RowKey);
        }

        var stored = (await table.GetEntityAsync<TableEntity>(code, "product", cancellationToken: Ct)).Value;
        Assert.Equal(Enumerable.Range(1, 12), chain.Events.Select(e => e.Seq));
        Assert.All(chain.Events, e => Assert.Equal(2_000, e.Details!.Readings!.Count));
        Assert.True(TraceChainHash.Verify(code, chain.Events).Intact);
        Assert.True(stored.GetInt32("TimelineLength") > 750_000);
        Assert.Equal(rows.Count - 1, stored.GetInt32("TimelineRows"));
        Assert.Equal(["product", .. Enumerable.Range(1, rows.Count - 1).Select(i => $"t~{i:D6}")], rows.Order(StringComparer.Ordinal));
        Assert.True(rows.Count >= 3, $"The chain was expected to spill into at least 2 rows, not {rows.Count - 1}.");
    }

    [Fact]
    public async Task CountsScansInMemoryAndStoresThemWithinTheFlushIntervalShowingTheTallyOnTheScanAndThePage()
    {
        var producer = TestData.NewUscc("411724");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        using var created = await enterprise.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷鲜猪肉", batch = "B1", producerUscc = producer, storage = "ambient" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
        using var anonymous = host.Anonymous();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var first = await ScansAsync(anonymous, code);
        var second = await ScansAsync(anonymous, code);
        var third = await ScansAsync(anonymous, code);

        // Each answer includes this instance's scans not yet stored.
        Assert.Equal([1L, 2L, 3L], [first.Count, second.Count, third.Count]);
        Assert.Equal(first.FirstAt, third.FirstAt);
        Assert.InRange(first.FirstAt, before, DateTimeOffset.UtcNow.AddSeconds(1));

        // Within the flush interval (at most 10 s) the head holds all three.
        var table = host.Table(TableNames.Trace);
        var deadline = DateTimeOffset.UtcNow + ScanCounter.FlushEvery + TimeSpan.FromSeconds(15);
        long? storedCount;
        do
        {
            await Task.Delay(200, Ct);
            storedCount = (await table.GetEntityAsync<TableEntity>(code, "product", select: ["Scans"], cancellationToken: Ct)).Value.GetInt64("Scans");
        }
        while (storedCount != 3 && DateTimeOffset.UtcNow < deadline);

        Assert.Equal(3, storedCount);
        var head = (await table.GetEntityAsync<TableEntity>(code, "product", cancellationToken: Ct)).Value;
        Assert.Equal(first.FirstAt, head.GetDateTimeOffset("ScansFirstAt"));

        // Counted, never doubled, after the flush: stored 3 plus this one.
        var fourth = await ScansAsync(anonymous, code);
        var page = await anonymous.GetStringAsync($"/t/{code}", Ct);

        Assert.Equal(4, fourth.Count);
        Assert.Contains("本码已被查询 5 次，首次查询于 ", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScansCountedBeforeARestartAreStoredWhenTheHostStops()
    {
        var producer = TestData.NewUscc("411725");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        using var created = await enterprise.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷鲜猪肉", batch = "B2", producerUscc = producer, storage = "ambient" }, Ct);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
        using (var anonymous = host.Anonymous())
        {
            await ScansAsync(anonymous, code);
            await ScansAsync(anonymous, code);
        }

        await host.RestartAsync();

        using var again = host.Anonymous();
        Assert.Equal(3, (await ScansAsync(again, code)).Count);
    }

    private static async Task<ScanTally> ScansAsync(HttpClient anonymous, string code)
    {
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        var scans = scan.GetProperty("scans");
        return new ScanTally(scans.GetProperty("count").GetInt64(), DateTimeOffset.Parse(scans.GetProperty("firstAt").GetString()!, CultureInfo.InvariantCulture));
    }

    private static NewTraceEvent Event(string producer, DateTimeOffset now, int seq, IReadOnlyList<TemperatureReading> readings)
        => new("store", producer, now.AddHours(-3).AddMinutes(seq), "驻马店冷库", -19m, [], $"SPILL-{seq}", new TraceEventDetails(Readings: readings));
}
