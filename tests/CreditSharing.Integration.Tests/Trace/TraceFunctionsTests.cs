using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CreditSharing.Core.Trace;
using CreditSharing.DevHost;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;
using Json.Schema;

namespace CreditSharing.Integration.Tests.Trace;

public sealed class TraceFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScansEventsInTimeOrderWithActorGradesColdChainBreaksAndAnIntactChain()
    {
        var producer = TestData.NewUscc();
        var carrier = TestData.NewUscc("411721");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        using var provider = await host.ClientAsync("provider-commerce", "DataProvider");
        (await provider.PutAsJsonAsync($"/api/enterprises/{producer}", new { name = "驿城区肉联厂" }, Ct)).EnsureSuccessStatusCode();
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(carrier, "CAR-1", severity: "serious"), Ct)).EnsureSuccessStatusCode();
        var code = await CreateCodeAsync(enterprise, producer, "chilled");
        var t0 = DateTimeOffset.UtcNow.AddDays(-2);

        // Recorded out of time order: the scan orders by time, the chain by recording.
        await AddAsync(provider, code, new { step = "transport", actorUscc = carrier, occurredAt = At(t0.AddHours(5)), location = "驻马店—郑州", temperatureC = 7.5m, sourceId = "E-2" });
        await AddAsync(enterprise, code, new { step = "produce", actorUscc = producer, occurredAt = At(t0), location = "驿城区", documents = new[] { new { type = "检疫证明", number = "A4100012345" } }, sourceId = "E-1" });
        await AddAsync(provider, code, new { step = "store", actorUscc = carrier, occurredAt = At(t0.AddHours(9)), location = "冷库", sourceId = "E-3" });
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        await Eventually.HoldsAsync(async () => (await regulator.GetAsync($"/api/enterprises/{carrier}/grade", Ct)).IsSuccessStatusCode, what: "the carrier's grade");
        using var anonymous = host.Anonymous();

        var scan = await Eventually.GetAsync(
            async () => { var s = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct); return s.GetProperty("events")[1].GetProperty("actor").GetProperty("grade").GetString() is not null ? new[] { s } : null; },
            TimeSpan.FromSeconds(45),
            "the scan to show the carrier's grade");

        var s = scan[0];
        Assert.Equal(["produce", "transport", "store"], s.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("step").GetString()));
        Assert.Equal("驿城区肉联厂", s.GetProperty("events")[0].GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal("C", s.GetProperty("events")[1].GetProperty("actor").GetProperty("grade").GetString());
        var cold = s.GetProperty("coldChain");
        Assert.True(cold.GetProperty("required").GetBoolean());
        Assert.False(cold.GetProperty("intact").GetBoolean());
        Assert.Equal(2, cold.GetProperty("breaks").GetArrayLength());
        Assert.True(s.GetProperty("integrity").GetProperty("intact").GetBoolean());
        Assert.Equal(3, s.GetProperty("integrity").GetProperty("events").GetInt32());
        Assert.False(s.GetProperty("recalled").GetBoolean());

        using var first = await anonymous.GetAsync($"/api/trace/{code}", Ct);
        Assert.Contains("max-age", first.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/trace/{code}");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await anonymous.SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task ReportsABrokenChainWhenAnEventIsChangedInStorage()
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateCodeAsync(enterprise, producer, "ambient");
        await AddAsync(enterprise, code, new { step = "produce", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-3)), location = "西平县", sourceId = "T-1" });
        await AddAsync(enterprise, code, new { step = "retail", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-1)), location = "西平县超市", sourceId = "T-2" });
        var table = host.Table(TableNames.Trace);
        var row = (await table.GetEntityAsync<TableEntity>(code, "product", cancellationToken: Ct)).Value;
        var timeline = row.GetString("T00");
        var at = timeline.IndexOf("\"location\":\"西平县\"", StringComparison.Ordinal);
        Assert.InRange(at, 0, timeline.IndexOf('\n', StringComparison.Ordinal));

        // The first event's place, in the timeline in the head row (same length, so TimelineLength still holds).
        row["T00"] = string.Concat(timeline.AsSpan(0, at), "\"location\":\"东平县\"", timeline.AsSpan(at + "\"location\":\"西平县\"".Length));
        Assert.Equal(row.GetString("T00").Length, row.GetInt32("TimelineLength"));
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, Ct);

        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        Assert.False(scan.GetProperty("integrity").GetProperty("intact").GetBoolean());
        Assert.Equal(1, scan.GetProperty("integrity").GetProperty("firstBrokenSeq").GetInt32());
    }

    [Fact]
    public async Task ScansAndExtendsAChainRecordedBeforeHeadsHeldTimelinesOrSourceKeys()
    {
        var producer = TestData.NewUscc("411726");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateCodeAsync(enterprise, producer, "ambient");
        var t0 = DateTimeOffset.UtcNow.AddHours(-6);
        await AddAsync(enterprise, code, new { step = "produce", actorUscc = producer, occurredAt = At(t0), location = "汝南县", sourceId = "H-1" });
        await AddAsync(enterprise, code, new { step = "inspect", actorUscc = producer, occurredAt = At(t0.AddHours(1)), location = "汝南县", sourceId = "H-2" });
        var table = host.Table(TableNames.Trace);
        var head = (await table.GetEntityAsync<TableEntity>(code, "product", cancellationToken: Ct)).Value;
        var events = head.GetString("T00").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, head.GetString("Sources").Split(' ').Length);
        Assert.Equal(JsonNode.Parse(events[1])!["hash"]!.GetValue<string>(), head.GetString("LastHash"));

        // The chain as first written: an e~ row per event, a head with the product and LastSeq only.
        for (var i = 0; i < events.Length; i++)
        {
            await table.AddEntityAsync(new TableEntity(code, $"e~{i + 1:D6}") { ["Event"] = events[i] }, Ct);
        }

        await table.UpdateEntityAsync(new TableEntity(code, "product") { ["Product"] = head.GetString("Product"), ["LastSeq"] = 2 }, head.ETag, TableUpdateMode.Replace, Ct);
        using var anonymous = host.Anonymous();
        var oldScan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        var migrated = (await table.GetEntityAsync<TableEntity>(code, "product", cancellationToken: Ct)).Value;
        var repeatOnOldHead = await RepeatAsync(enterprise, code, new { step = "produce", actorUscc = producer, occurredAt = At(t0), location = "汝南县", sourceId = "H-1" });
        await AddAsync(enterprise, code, new { step = "retail", actorUscc = producer, occurredAt = At(t0.AddHours(2)), location = "汝南县超市", sourceId = "H-3" });
        await AddAsync(enterprise, code, new { step = "wholesale", actorUscc = producer, occurredAt = At(t0.AddHours(3)), location = "驻马店批发市场", sourceId = "H-4" });
        var repeatOnKeys = await RepeatAsync(enterprise, code, new { step = "inspect", actorUscc = producer, occurredAt = At(t0.AddHours(1)), location = "汝南县", sourceId = "H-2" });

        Assert.Equal([1, 2], oldScan.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt32()));
        Assert.True(oldScan.GetProperty("integrity").GetProperty("intact").GetBoolean());
        Assert.Equal(string.Concat(events.Select(e => e + "\n")), migrated.GetString("T00"));
        Assert.Equal(1, repeatOnOldHead);
        Assert.Equal(2, repeatOnKeys);
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        Assert.Equal([1, 2, 3, 4], scan.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt32()));
        Assert.True(scan.GetProperty("integrity").GetProperty("intact").GetBoolean());
        var final = (await table.GetEntityAsync<TableEntity>(code, "product", cancellationToken: Ct)).Value;
        Assert.Equal(4, final.GetString("Sources").Split(' ').Length);
        Assert.Equal(4, final.GetString("T00").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task DropsTheHeadsSourceKeysWhenTheyOutgrowOnePropertyAndStillSkipsRepeats()
    {
        var producer = TestData.NewUscc("411727");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateCodeAsync(enterprise, producer, "ambient");
        var t0 = DateTimeOffset.UtcNow.AddHours(-6);
        await AddAsync(enterprise, code, new { step = "produce", actorUscc = producer, occurredAt = At(t0), location = "泌阳县", sourceId = "L-1" });
        var table = host.Table(TableNames.Trace);
        var head = (await table.GetEntityAsync<TableEntity>(code, "product", cancellationToken: Ct)).Value;

        // As if the chain had 1,900 events: their keys no longer fit with one more.
        head["Sources"] = string.Join(' ', Enumerable.Range(0, 1_899).Select(i => i.ToString("x16", CultureInfo.InvariantCulture)).Append(head.GetString("Sources")));
        await table.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, Ct);
        await AddAsync(enterprise, code, new { step = "retail", actorUscc = producer, occurredAt = At(t0.AddHours(1)), location = "泌阳县超市", sourceId = "L-2" });
        var outgrown = (await table.GetEntityAsync<TableEntity>(code, "product", cancellationToken: Ct)).Value;
        var repeat = await RepeatAsync(enterprise, code, new { step = "produce", actorUscc = producer, occurredAt = At(t0), location = "泌阳县", sourceId = "L-1" });
        await AddAsync(enterprise, code, new { step = "wholesale", actorUscc = producer, occurredAt = At(t0.AddHours(2)), location = "驻马店批发市场", sourceId = "L-3" });

        Assert.Equal("*", outgrown.GetString("Sources"));
        Assert.Equal(2, outgrown.GetInt32("LastSeq"));
        Assert.Equal(1, repeat);

        // The next append read the chain itself (3 events), so its head keeps their keys again.
        Assert.Equal(3, (await table.GetEntityAsync<TableEntity>(code, "product", cancellationToken: Ct)).Value.GetString("Sources").Split(' ').Length);
        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        Assert.Equal([1, 2, 3], scan.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt32()));
        Assert.True(scan.GetProperty("integrity").GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task ChainsAPalletEventToEveryCodeOnceEvenWhenPostedTwice()
    {
        var producer = TestData.NewUscc("411728");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var codes = new[] { await CreateCodeAsync(enterprise, producer, "frozen"), await CreateCodeAsync(enterprise, producer, "frozen") };
        var batch = new object[]
        {
            new { step = "transport", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-1)), location = "遂平—漯河", temperatureC = -20m, codes, sourceId = "PALLET-1" },
            new { step = "teleport", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow), location = "x", codes, sourceId = "BAD-1" },
        };

        using var response = await enterprise.PostAsJsonAsync("/api/trace/events", batch, Ct);
        using var again = await enterprise.PostAsJsonAsync("/api/trace/events", batch, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        Assert.True(receipt.GetProperty("rejected")[0].GetProperty("errors").TryGetProperty("step", out _));
        await Eventually.HoldsAsync(async () => (await host.Queue(QueueNames.TraceEvents).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0, what: "the events to be chained");
        using var anonymous = host.Anonymous();
        foreach (var code in codes)
        {
            var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
            Assert.Single(scan.GetProperty("events").EnumerateArray());
            Assert.True(scan.GetProperty("coldChain").GetProperty("intact").GetBoolean());
        }
    }

    [Fact]
    public async Task RefusesAnEventBatchWithNothingAcceptedWith422ListingEachItemAndQueuesNothing()
    {
        var producer = TestData.NewUscc("411727");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateCodeAsync(enterprise, producer, "ambient");
        var batch = new object[]
        {
            new { step = "teleport", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddMinutes(-5)), location = "x", codes = new[] { code }, sourceId = "NONE-1" },
            new { step = "store", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddMinutes(-5)), location = "仓库", codes = Array.Empty<string>(), sourceId = "NONE-2" },
        };

        using var response = await enterprise.PostAsJsonAsync("/api/trace/events", batch, Ct);

        var rejected = await Refusals.AssertRefusedAsync(response);
        Assert.Equal([0, 1], rejected.Keys.Order());
        Assert.Contains("step", rejected[0]);
        Assert.Contains("codes", rejected[1]);
        await Eventually.HoldsAsync(async () => (await host.Queue(QueueNames.TraceEvents).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0, what: "the events queue to be empty");
        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        Assert.Empty(scan.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task RejectsBadInputNamingTheFieldAndAcceptsATemperatureOnAnAmbientProduct()
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateCodeAsync(enterprise, producer, "ambient");

        using var badCode = await enterprise.PostAsJsonAsync("/api/trace/codes", new { code = "ab", category = "wheat", productName = "小麦", producerUscc = producer }, Ct);
        using var unknownStep = await enterprise.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step = "teleport", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow), location = "x", sourceId = "S-1" }, Ct);
        using var badActor = await enterprise.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step = "store", actorUscc = "914403001922038217", occurredAt = At(DateTimeOffset.UtcNow), location = "x", sourceId = "S-2" }, Ct);
        using var longLocation = await enterprise.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step = "store", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow), location = new string('库', 201), sourceId = "S-3" }, Ct);
        using var noOffset = await enterprise.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step = "store", actorUscc = producer, occurredAt = "2026-11-20T08:00:00", location = "x", sourceId = "S-4" }, Ct);
        using var ambientWithTemperature = await enterprise.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step = "store", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddMinutes(-5)), location = "常温库", temperatureC = 22m, sourceId = "S-5" }, Ct);
        using var unknownCode = await enterprise.PostAsJsonAsync("/api/trace/codes/NO-SUCH-CODE-1/events", new { step = "store", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow), location = "x", sourceId = "S-6" }, Ct);

        Assert.Equal("code", await ErrorFieldAsync(badCode));
        Assert.Equal("step", await ErrorFieldAsync(unknownStep));
        Assert.Equal("actorUscc", await ErrorFieldAsync(badActor));
        Assert.Equal("location", await ErrorFieldAsync(longLocation));
        Assert.Equal("occurredAt", await ErrorFieldAsync(noOffset));
        Assert.Equal(HttpStatusCode.Created, ambientWithTemperature.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownCode.StatusCode);
        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        Assert.False(scan.GetProperty("coldChain").GetProperty("required").GetBoolean());
    }

    [Fact]
    public async Task ForbidsAnEnterpriseToActForAnotherAndQueuesNothingOfARefusedBatch()
    {
        var producer = TestData.NewUscc("411725");
        var stranger = TestData.NewUscc("411726");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var code = await CreateCodeAsync(enterprise, producer, "ambient");
        var at = At(DateTimeOffset.UtcNow.AddMinutes(-10));

        using var otherProducer = await enterprise.PostAsJsonAsync("/api/trace/codes", new { category = "wheat", productName = "小麦", producerUscc = stranger }, Ct);
        using var otherActor = await enterprise.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step = "store", actorUscc = stranger, occurredAt = at, location = "泌阳县仓库", sourceId = "F-1" }, Ct);
        using var mixed = await enterprise.PostAsJsonAsync("/api/trace/events", new object[]
        {
            new { step = "store", actorUscc = producer, occurredAt = at, location = "确山县仓库", codes = new[] { code }, sourceId = "F-OWN" },
            new { step = "transport", actorUscc = stranger, occurredAt = at, location = "确山—泌阳", codes = new[] { code }, sourceId = "F-STRANGER" },
        }, Ct);
        using var later = await enterprise.PostAsJsonAsync("/api/trace/events", new object[]
        {
            new { step = "retail", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddMinutes(-1)), location = "确山县超市", codes = new[] { code }, sourceId = "F-LATER" },
        }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, otherProducer.StatusCode);
        Assert.Contains("producerUscc", (await otherProducer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, otherActor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, mixed.StatusCode);
        Assert.Contains("index 1 ", (await mixed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        using var anonymous = host.Anonymous();
        var scan = await Eventually.GetAsync(
            async () => { var s = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct); return s.GetProperty("events").GetArrayLength() > 0 ? new[] { s } : null; },
            what: "the later batch to be chained");
        Assert.Equal(["retail"], scan[0].GetProperty("events").EnumerateArray().Select(e => e.GetProperty("step").GetString()));
    }

    [Fact]
    public async Task RecallsACodeFindsItByActorAndShowsTheBannerPageQrAndEpcis()
    {
        var producer = TestData.NewUscc("411723");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var code = await CreateCodeAsync(enterprise, producer, "chilled");
        await AddAsync(enterprise, code, new { step = "produce", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-6)), location = "平舆县", sourceId = "R-1" });
        await AddAsync(enterprise, code, new { step = "transport", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-5)), location = "平舆—驻马店", temperatureC = 2.5m, sourceId = "R-2" });

        var codes = await regulator.GetFromJsonAsync<JsonElement>($"/api/trace/actors/{producer}/codes", Ct);
        using var recall = await regulator.PostAsJsonAsync($"/api/trace/codes/{code}/recall", new { reason = "抽检不合格，召回" }, Ct);
        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        using var page = await anonymous.GetAsync($"/t/{code}", Ct);
        using var missing = await anonymous.GetAsync("/t/NO-SUCH-CODE-2", Ct);
        using var qr = await anonymous.GetAsync($"/api/trace/{code}/qr.png", Ct);
        var epcis = await anonymous.GetStringAsync($"/api/trace/{code}/epcis", Ct);

        Assert.Contains(code, codes.EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.Created, recall.StatusCode);
        Assert.True(scan.GetProperty("recalled").GetBoolean());
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("此产品已召回", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-CN\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.True(page.Headers.Contains("Content-Security-Policy"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("未找到", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("image/png", qr.Content.Headers.ContentType?.MediaType);
        var (pixels, width, height) = PngImage.Decode(await qr.Content.ReadAsByteArrayAsync(Ct));
        var decoded = new ZXing.QrCode.QRCodeReader().decode(new ZXing.BinaryBitmap(new ZXing.Common.HybridBinarizer(new ZXing.RGBLuminanceSource(pixels, width, height, ZXing.RGBLuminanceSource.BitmapFormat.Gray8))));
        Assert.Equal($"{host.BaseAddress.ToString().TrimEnd('/')}/t/{code}", decoded?.Text);

        var schema = JsonSchema.FromText(File.ReadAllText(DataFile("epcis", "EPCIS-JSON-Schema.json")));
        var result = schema.Evaluate(JsonDocument.Parse(epcis).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        var events = JsonNode.Parse(epcis)!["epcisBody"]!["eventList"]!.AsArray();
        Assert.All(events, e => Assert.Equal("ObjectEvent", e!["type"]!.GetValue<string>()));
        Assert.Equal(["commissioning", "shipping", null], events.Select(e => e!["bizStep"]?.GetValue<string>()));
        Assert.Equal(["ADD", "OBSERVE", "OBSERVE"], events.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal("recalled", events[2]!["disposition"]!.GetValue<string>());
        Assert.Equal($"urn:creditsharing:uscc:{producer}", events[0]!["sourceList"]![0]!["source"]!.GetValue<string>());
        Assert.All(events, e => Assert.DoesNotContain(producer, e!["readPoint"]!.ToJsonString(), StringComparison.Ordinal));
        var document = JsonNode.Parse(epcis)!.AsObject();
        var namespaces = EpcisEventHash.Namespaces(document["@context"]);
        Assert.All(events, e => Assert.Equal(EpcisEventHash.Compute(e!.AsObject(), namespaces), e!["eventID"]!.GetValue<string>()));
        Assert.Equal(3, events.Select(e => e!["eventID"]!.GetValue<string>()).Distinct().Count());
    }

    private static string DataFile(params string[] parts)
    {
        var path = Path.Combine([AppContext.BaseDirectory, "data", .. parts]);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"tests/data/{string.Join('/', parts)} was not copied to {AppContext.BaseDirectory}.", path);
    }

    private static async Task<string> CreateCodeAsync(HttpClient enterprise, string producer, string storage)
    {
        using var response = await enterprise.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷鲜猪肉", batch = "B2026-11", origin = "驻马店", producerUscc = producer, storage, certifications = new[] { "动物检疫合格证明" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var code = receipt.GetProperty("code").GetString()!;
        Assert.Equal(20, code.Length);
        Assert.EndsWith($"/t/{code}", receipt.GetProperty("scanUrl").GetString(), StringComparison.Ordinal);
        return code;
    }

    private static async Task AddAsync(HttpClient client, string code, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/trace/codes/{code}/events", body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Posts an event sent before; the answer is the stored event's seq.</summary>
    private static async Task<int> RepeatAsync(HttpClient client, string code, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/trace/codes/{code}/events", body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("seq").GetInt32();
    }

    private static async Task<string> ErrorFieldAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Single().Name;
    }

    private static string At(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
