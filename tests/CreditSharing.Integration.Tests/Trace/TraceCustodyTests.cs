using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Trace;

/// <summary>Who may write a code's chain (custody), recall only through its route, and annulment.</summary>
public sealed class TraceCustodyTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LetsTheProducerAndEachNamedReceiverWriteAndRefusesAStrangerWith403()
    {
        var producer = TestData.NewUscc();
        var receiver = TestData.NewUscc("411721");
        var next = TestData.NewUscc("411722");
        var stranger = TestData.NewUscc("411723");
        using var producerClient = await host.EnterpriseClientAsync(producer);
        using var receiverClient = await host.EnterpriseClientAsync(receiver);
        using var nextClient = await host.EnterpriseClientAsync(next);
        using var strangerClient = await host.EnterpriseClientAsync(stranger);
        using var provider = await host.ClientAsync("provider-custody", "DataProvider");
        var code = await CreateCodeAsync(producerClient, producer, "frozen");
        var t0 = DateTimeOffset.UtcNow.AddHours(-8);

        using var strangerFirst = await PostAsync(strangerClient, code, new { step = "transport", actorUscc = stranger, occurredAt = At(t0), location = "别处", temperatureC = 30m, sourceId = "X-1" });
        using var produced = await PostAsync(producerClient, code, new { step = "produce", actorUscc = producer, occurredAt = At(t0), location = "驿城区", sourceId = "P-1" });
        using var receiverTooEarly = await PostAsync(receiverClient, code, new { step = "store", actorUscc = receiver, occurredAt = At(t0.AddHours(1)), location = "冷库", temperatureC = -20m, sourceId = "R-0" });
        using var shipped = await PostAsync(producerClient, code, new { step = "transport", actorUscc = producer, occurredAt = At(t0.AddHours(1)), location = "驿城区—西平县", temperatureC = -19m, to = receiver, sourceId = "P-2" });
        using var received = await PostAsync(receiverClient, code, new { step = "wholesale", actorUscc = receiver, occurredAt = At(t0.AddHours(2)), location = "西平县批发市场", temperatureC = -18m, to = next, sourceId = "R-1" });
        using var retailed = await PostAsync(nextClient, code, new { step = "retail", actorUscc = next, occurredAt = At(t0.AddHours(3)), location = "遂平县超市", temperatureC = -19m, sourceId = "N-1" });
        using var byProvider = await PostAsync(provider, code, new { step = "inspect", actorUscc = stranger, occurredAt = At(t0.AddHours(4)), location = "抽检", sourceId = "D-1" });
        using var strangerAgain = await PostAsync(strangerClient, code, new { step = "retail", actorUscc = stranger, occurredAt = At(t0.AddHours(4)), location = "别处", sourceId = "X-2" });
        using var badReceiver = await PostAsync(producerClient, code, new { step = "transport", actorUscc = producer, occurredAt = At(t0.AddHours(1)), location = "x", to = "91411702NOTAUSCC0", sourceId = "P-3" });

        Assert.Equal(HttpStatusCode.Forbidden, strangerFirst.StatusCode);
        Assert.Contains("custody", (await strangerFirst.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, produced.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, receiverTooEarly.StatusCode);
        Assert.Equal(HttpStatusCode.Created, shipped.StatusCode);
        Assert.Equal(receiver, (await shipped.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("details").GetProperty("to").GetString());
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retailed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byProvider.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, strangerAgain.StatusCode);
        Assert.Equal("to", await ErrorFieldAsync(badReceiver));
        var head = (await host.Table(TableNames.Trace).GetEntityAsync<Azure.Data.Tables.TableEntity>(code, "product", cancellationToken: Ct)).Value;
        Assert.Equal(new[] { next, producer, receiver }.Order(StringComparer.Ordinal), head.GetString("Custodians").Split(' ').Order(StringComparer.Ordinal));

        // In a batch, an event on a code the enterprise does not hold is rejected on its own, naming the code.
        var other = await CreateCodeAsync(strangerClient, stranger, "ambient");
        using var batch = await strangerClient.PostAsJsonAsync("/api/trace/events", new object[]
        {
            new { step = "store", actorUscc = stranger, occurredAt = At(t0.AddHours(5)), location = "冷库", temperatureC = -20m, codes = new[] { code }, sourceId = "XB-1" },
            new { step = "store", actorUscc = stranger, occurredAt = At(t0.AddHours(5)), location = "仓库", codes = new[] { other }, sourceId = "XB-2" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        var receipt = await batch.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        var rejected = receipt.GetProperty("rejected").EnumerateArray().Single();
        Assert.Equal(0, rejected.GetProperty("index").GetInt32());
        Assert.Contains(code, rejected.GetProperty("errors").GetProperty("codes")[0].GetString(), StringComparison.Ordinal);

        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        Assert.Equal(5, scan.GetProperty("events").GetArrayLength());
        Assert.True(scan.GetProperty("coldChain").GetProperty("intact").GetBoolean());
        Assert.True(scan.GetProperty("integrity").GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task RefusesARecallOnTheEventRoutesAndRecordsOneThroughItsRouteWithTheCallerAsActor()
    {
        var producer = TestData.NewUscc();
        var stranger = TestData.NewUscc("411723");
        using var producerClient = await host.EnterpriseClientAsync(producer);
        using var strangerClient = await host.EnterpriseClientAsync(stranger);
        using var provider = await host.ClientAsync("provider-custody", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-custody", "Regulator");
        var code = await CreateCodeAsync(producerClient, producer, "chilled");
        var second = await CreateCodeAsync(producerClient, producer, "chilled");

        using var asEvent = await PostAsync(producerClient, code, new { step = "recall", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow), location = "召回", sourceId = "R-1" });
        using var asProviderEvent = await PostAsync(provider, code, new { step = "recall", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow), location = "召回", sourceId = "R-2" });
        using var inBatch = await provider.PostAsJsonAsync("/api/trace/events", new[] { new { step = "recall", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow), location = "召回", codes = new[] { code }, sourceId = "R-3" } }, Ct);
        using var byStranger = await strangerClient.PostAsJsonAsync($"/api/trace/codes/{code}/recall", new { reason = "伪造召回" }, Ct);
        using var byProvider = await provider.PostAsJsonAsync($"/api/trace/codes/{code}/recall", new { reason = "部门召回" }, Ct);
        using var byProducer = await producerClient.PostAsJsonAsync($"/api/trace/codes/{code}/recall", new { reason = "主动召回" }, Ct);
        using var byRegulator = await regulator.PostAsJsonAsync($"/api/trace/codes/{second}/recall", new { reason = "抽检不合格" }, Ct);

        Assert.Equal("step", await ErrorFieldAsync(asEvent));
        Assert.Equal("step", await ErrorFieldAsync(asProviderEvent));
        Assert.Contains("step", (await Refusals.AssertRefusedAsync(inBatch))[0]);
        Assert.Equal(HttpStatusCode.Forbidden, byStranger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byProvider.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byProducer.StatusCode);
        Assert.Equal(producer, (await byProducer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("actorUscc").GetString());
        Assert.Equal(HttpStatusCode.Created, byRegulator.StatusCode);
        Assert.Equal("regulator", (await byRegulator.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("actorUscc").GetString());
        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        Assert.True(scan.GetProperty("recalled").GetBoolean());
        Assert.Equal(["recall"], scan.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("step").GetString()));
        var regulated = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{second}", Ct);
        Assert.True(regulated.GetProperty("recalled").GetBoolean());
        Assert.Equal("监管部门", regulated.GetProperty("events")[0].GetProperty("actor").GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnnulsAnEventByAppendingAnAnnulmentThatScansStrikeThroughAndTheColdChainIgnores()
    {
        var producer = TestData.NewUscc();
        var carrier = TestData.NewUscc("411726");
        using var producerClient = await host.EnterpriseClientAsync(producer);
        using var carrierClient = await host.EnterpriseClientAsync(carrier);
        using var regulator = await host.ClientAsync("regulator-annul", "Regulator");
        var code = await CreateCodeAsync(producerClient, producer, "frozen");
        var t0 = DateTimeOffset.UtcNow.AddHours(-6);
        await AddAsync(producerClient, code, new { step = "produce", actorUscc = producer, occurredAt = At(t0), location = "驿城区", sourceId = "A-1" });
        await AddAsync(producerClient, code, new { step = "transport", actorUscc = producer, occurredAt = At(t0.AddHours(1)), location = "驿城区—郑州", temperatureC = 30m, to = carrier, sourceId = "A-2" });
        await AddAsync(producerClient, code, new { step = "transport", actorUscc = producer, occurredAt = At(t0.AddHours(1)), location = "驿城区—郑州", temperatureC = -20m, sourceId = "A-3" });
        await AddAsync(regulator, code, new { step = "inspect", actorUscc = producer, occurredAt = At(t0.AddHours(2)), location = "抽检", sourceId = "A-4" });

        using var noReason = await producerClient.PostAsJsonAsync($"/api/trace/codes/{code}/events/2/annulment", new { reason = " " }, Ct);
        using var byCarrier = await carrierClient.PostAsJsonAsync($"/api/trace/codes/{code}/events/2/annulment", new { reason = "不是我的" }, Ct);
        using var annulled = await producerClient.PostAsJsonAsync($"/api/trace/codes/{code}/events/2/annulment", new { reason = "温度录入错误，应为 -20 °C" }, Ct);
        using var twice = await regulator.PostAsJsonAsync($"/api/trace/codes/{code}/events/2/annulment", new { reason = "再次撤销" }, Ct);
        var annulSeq = (await annulled.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("seq").GetInt32();
        using var annulTheAnnul = await regulator.PostAsJsonAsync($"/api/trace/codes/{code}/events/{annulSeq}/annulment", new { reason = "撤销撤销" }, Ct);
        using var unknownSeq = await regulator.PostAsJsonAsync($"/api/trace/codes/{code}/events/99/annulment", new { reason = "无此记录" }, Ct);
        using var carrierAfter = await PostAsync(carrierClient, code, new { step = "store", actorUscc = carrier, occurredAt = At(t0.AddHours(3)), location = "冷库", temperatureC = -20m, sourceId = "C-1" });

        Assert.Equal("reason", await ErrorFieldAsync(noReason));
        Assert.Equal(HttpStatusCode.Forbidden, byCarrier.StatusCode);
        Assert.Equal(HttpStatusCode.Created, annulled.StatusCode);
        Assert.Equal(5, annulSeq);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, annulTheAnnul.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSeq.StatusCode);

        // The annulled event named the carrier as receiver: custody went with it.
        Assert.Equal(HttpStatusCode.Forbidden, carrierAfter.StatusCode);
        using var anonymous = host.Anonymous();
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        var events = scan.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], events.Select(e => e.GetProperty("seq").GetInt32()));
        var struck = events[1].GetProperty("annulled");
        Assert.Equal("温度录入错误，应为 -20 °C", struck.GetProperty("reason").GetString());
        Assert.Equal(producer, struck.GetProperty("by").GetProperty("uscc").GetString());
        Assert.True(struck.TryGetProperty("at", out _));
        Assert.Equal(JsonValueKind.Null, events[2].GetProperty("annulled").ValueKind);
        Assert.True(scan.GetProperty("coldChain").GetProperty("intact").GetBoolean());
        Assert.True(scan.GetProperty("integrity").GetProperty("intact").GetBoolean());
        Assert.Equal(5, scan.GetProperty("integrity").GetProperty("events").GetInt32());
        var page = await anonymous.GetStringAsync($"/t/{code}", Ct);
        Assert.Contains("class=\"event step-transport annulled\"", page, StringComparison.Ordinal);
        Assert.Contains("<del>", page, StringComparison.Ordinal);
        Assert.Contains("已撤销", page, StringComparison.Ordinal);
        Assert.Contains("冷链完整", page, StringComparison.Ordinal);
        var epcis = JsonNode.Parse(await anonymous.GetStringAsync($"/api/trace/{code}/epcis", Ct))!["epcisBody"]!["eventList"]!.AsArray();
        Assert.Equal(4, epcis.Count);
        Assert.Single(epcis, e => e!["errorDeclaration"] is not null);
    }

    [Fact]
    public async Task LetsTheActorAnnulWithin24HoursOnlyAndARegulatorLaterAndUnflagsAnAnnulledRecall()
    {
        var producer = TestData.NewUscc();
        using var producerClient = await host.EnterpriseClientAsync(producer);
        using var regulator = await host.ClientAsync("regulator-annul", "Regulator");
        var code = await CreateCodeAsync(producerClient, producer, "ambient");
        await AddAsync(producerClient, code, new { step = "produce", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-1)), location = "西平县", sourceId = "W-1" });
        (await producerClient.PostAsJsonAsync($"/api/trace/codes/{code}/recall", new { reason = "误操作召回" }, Ct)).EnsureSuccessStatusCode();
        using var anonymous = host.Anonymous();
        Assert.True((await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct)).GetProperty("recalled").GetBoolean());

        await host.SetClockAsync((await host.ClockAsync()).AddHours(25));
        using var late = await producerClient.PostAsJsonAsync($"/api/trace/codes/{code}/events/1/annulment", new { reason = "晚了" }, Ct);
        using var lateRecall = await producerClient.PostAsJsonAsync($"/api/trace/codes/{code}/events/2/annulment", new { reason = "晚了" }, Ct);
        using var byRegulator = await regulator.PostAsJsonAsync($"/api/trace/codes/{code}/events/2/annulment", new { reason = "召回系误操作" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Contains("24 hours", (await late.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, lateRecall.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byRegulator.StatusCode);
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        Assert.False(scan.GetProperty("recalled").GetBoolean());
        Assert.DoesNotContain(scan.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("recalled", StringComparison.Ordinal));
        Assert.Equal("监管部门", scan.GetProperty("events")[1].GetProperty("annulled").GetProperty("by").GetProperty("name").GetString());
    }

    [Fact]
    public async Task RejectsUnknownCodesBeforeQueueingAnythingAndABatchNamingTooManyCodes()
    {
        var producer = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-custody", "DataProvider");
        var madeUp = Enumerable.Range(0, 300).Select(i => $"MADE-UP-{Guid.NewGuid():N}"[..24]).ToArray();
        var tooMany = Enumerable.Range(0, 1_001).Select(i => $"MANY-{i:D6}").ToArray();
        var flood = new[] { new { step = "store", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddMinutes(-5)), location = "仓库", codes = madeUp, sourceId = "FLOOD-1" } };

        using var refused = await provider.PostAsJsonAsync("/api/trace/events", flood, Ct);
        using var limit = await provider.PostAsJsonAsync("/api/trace/events", new[] { new { step = "store", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddMinutes(-5)), location = "仓库", codes = tooMany, sourceId = "MANY-1" } }, Ct);

        var rejected = await Refusals.AssertRefusedAsync(refused);
        Assert.Equal(["codes"], rejected[0]);
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        var problem = await limit.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("1,000", problem.GetProperty("errors").GetProperty("codes")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await host.Queue(QueueNames.TraceEvents).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(0, (await host.Queue(QueueNames.Poison(QueueNames.TraceEvents)).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
        using var anonymous = host.Anonymous();
        Assert.Equal("ok", (await anonymous.GetFromJsonAsync<JsonElement>("/api/health", Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ChainsAMaximalBatchOfLargeEventsPackedByBytesWithoutAServerError()
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        using var provider = await host.ClientAsync("provider-custody", "DataProvider");
        var code = await CreateCodeAsync(enterprise, producer, "ambient");
        var t0 = DateTimeOffset.UtcNow.AddDays(-1);

        // Every field at its limit: 20 documents of 200 + 200 Chinese characters make each event about 25 KB,
        // so as many as fit the 4 MiB body. 40 of them to a message was 1 MB: the queue refused it (500).
        var documents = Enumerable.Range(0, 20).Select(i => new { type = new string('检', 199) + (char)('A' + i), number = new string('号', 200) }).ToArray();
        var batch = Enumerable.Range(0, 150).Select(i => new { step = "store", actorUscc = producer, occurredAt = At(t0.AddMinutes(i)), location = new string('库', 200), documents, codes = new[] { code }, sourceId = $"BIG-{i:D4}" + new string('x', 190) }).ToArray();
        var body = JsonSerializer.SerializeToUtf8Bytes(batch, new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) });
        Assert.InRange(body.Length, 3_000_000, 4 * 1024 * 1024);

        using var response = await provider.PostAsync("/api/trace/events", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(150, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accepted").GetInt32());
        using var anonymous = host.Anonymous();
        await Eventually.HoldsAsync(
            async () => (await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct)).GetProperty("integrity").GetProperty("events").GetInt32() == 150,
            TimeSpan.FromMinutes(3),
            "all 150 events to be chained");
        var scan = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{code}", Ct);
        Assert.True(scan.GetProperty("integrity").GetProperty("intact").GetBoolean());
        Assert.Equal(0, (await host.Queue(QueueNames.Poison(QueueNames.TraceEvents)).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    private static async Task<string> CreateCodeAsync(HttpClient enterprise, string producer, string storage)
    {
        using var response = await enterprise.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷冻猪肉", batch = "B2026-12", origin = "驻马店", producerUscc = producer, storage }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string code, object body)
        => client.PostAsJsonAsync($"/api/trace/codes/{code}/events", body, Ct);

    private static async Task AddAsync(HttpClient client, string code, object body)
    {
        using var response = await PostAsync(client, code, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string> ErrorFieldAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Single().Name;
    }

    private static string At(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
