using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Faults;

/// <summary>
/// Queues deliver at least once and in no promised order. Record, grade and trace-event messages
/// delivered twice and in reverse order leave the same records, grade and scan as one in-order delivery,
/// and a queued enterprise batch delivered late never overwrites a newer profile.
/// </summary>
public sealed class DeliveryOrderTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private const string Provider = "sw-order";

    private static readonly DateTimeOffset First = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EndsInTheSameRecordsAndGradeWhenMessagesComeTwiceAndBackwards()
    {
        var inOrder = TestData.NewUscc();
        var scrambled = TestData.NewUscc();
        using var regulator = await host.ClientAsync("reg-order", "Regulator");

        foreach (var message in Submissions(inOrder))
        {
            await DeliverAsync(QueueNames.CreditRecords, message);
        }

        await DeliverAsync(QueueNames.GradeRequests, GradeRequest(inOrder));

        var backwards = Submissions(scrambled).Reverse().ToList();
        foreach (var message in backwards.SelectMany(m => new[] { m, m }))
        {
            await DeliverAsync(QueueNames.CreditRecords, message);
        }

        await DeliverAsync(QueueNames.GradeRequests, GradeRequest(scrambled));
        await DeliverAsync(QueueNames.GradeRequests, GradeRequest(scrambled));

        var expected = await Infrastructure.Records.AllAsync(regulator, inOrder);
        var actual = await Infrastructure.Records.AllAsync(regulator, scrambled);
        Assert.Equal(Content(expected), Content(actual));
        Assert.Contains("更正后", Content(actual), StringComparison.Ordinal);
        var expectedGrade = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{inOrder}/grade", Ct);
        var actualGrade = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{scrambled}/grade", Ct);
        Assert.Equal(expectedGrade.GetProperty("score").GetInt32(), actualGrade.GetProperty("score").GetInt32());
        Assert.Equal(expectedGrade.GetProperty("grade").GetString(), actualGrade.GetProperty("grade").GetString());
    }

    [Fact]
    public async Task ShowsTheSameTraceTimelineWhenEventMessagesComeTwiceAndBackwards()
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var inOrder = await CreateCodeAsync(enterprise, producer);
        var scrambled = await CreateCodeAsync(enterprise, producer);
        var start = DateTimeOffset.UtcNow.AddHours(-3);

        foreach (var message in TraceMessages(inOrder, producer, start))
        {
            await DeliverAsync(QueueNames.TraceEvents, message);
        }

        foreach (var message in TraceMessages(scrambled, producer, start).Reverse().SelectMany(m => new[] { m, m }))
        {
            await DeliverAsync(QueueNames.TraceEvents, message);
        }

        using var anonymous = host.Anonymous();
        var expected = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{inOrder}", Ct);
        var actual = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{scrambled}", Ct);

        // The chain records arrival order by design (a late event never rewrites earlier hashes), so
        // hashes and sequence numbers differ; what a consumer sees must not.
        Assert.Equal(Timeline(expected), Timeline(actual));
        Assert.Equal(3, expected.GetProperty("events").GetArrayLength());
        Assert.True(actual.GetProperty("integrity").GetProperty("intact").GetBoolean());
        Assert.Equal(expected.GetProperty("coldChain").GetRawText(), actual.GetProperty("coldChain").GetRawText());
    }

    [Fact]
    public async Task KeepsANewerPutProfileWhenAnOlderQueuedBatchIsDeliveredAfterIt()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("sw-order-profiles", "DataProvider");
        using var regulator = await host.ClientAsync("reg-order-profiles", "Regulator");
        using var put = await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驻马店市天中新名称商行", legalRepresentative = new { name = "李四", idNumber = TestData.IdNumber() } }, Ct);
        put.EnsureSuccessStatusCode();
        var putAt = (await put.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("updatedAt").GetDateTimeOffset();
        var older = new EnterpriseRegistrationMessage("sub-older", "sw-order-profiles", putAt.AddMinutes(-1), [new EnterpriseProfile(uscc, "驻马店市天中旧名称商行", null, null, null, null)]);

        await DeliverAsync(QueueNames.EnterpriseRegistrations, older);
        await DeliverAsync(QueueNames.EnterpriseRegistrations, older);

        var kept = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}", Ct);
        Assert.Equal("驻马店市天中新名称商行", kept.GetProperty("name").GetString());
        Assert.Equal("李四", kept.GetProperty("legalRepresentative").GetProperty("name").GetString());

        await DeliverAsync(QueueNames.EnterpriseRegistrations, older with { SubmissionId = "sub-newer", SubmittedAt = putAt.AddMinutes(1), Profiles = [new EnterpriseProfile(uscc, "驻马店市天中更新商行", null, null, null, null)] });

        var replaced = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}", Ct);
        Assert.Equal("驻马店市天中更新商行", replaced.GetProperty("name").GetString());
    }

    private static IEnumerable<TraceEventMessage> TraceMessages(string code, string actor, DateTimeOffset start)
    {
        yield return new TraceEventMessage(code, [new NewTraceEvent("produce", actor, start, "驿城区屠宰场", 2.0m, [], "ORD-T1")]);
        yield return new TraceEventMessage(code, [new NewTraceEvent("store", actor, start.AddHours(1), "驿城区冷库", 3.0m, [], "ORD-T2")]);
        yield return new TraceEventMessage(code, [new NewTraceEvent("transport", actor, start.AddHours(2), "驻马店—郑州", 6.5m, [], "ORD-T3")]);
    }

    private static async Task<string> CreateCodeAsync(HttpClient enterprise, string producer)
    {
        using var response = await enterprise.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷鲜猪肉", batch = "B-ORDER", producerUscc = producer, storage = "chilled" }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
    }

    private static string Timeline(JsonElement scan)
        => string.Join("\n", scan.GetProperty("events").EnumerateArray().Select(e =>
            $"{e.GetProperty("step").GetString()}|{e.GetProperty("occurredAt").GetString()}|{e.GetProperty("location").GetString()}|{Text(e, "temperatureC")}"));

    /// <summary>Two submissions a minute apart: a penalty, then its correction (a higher fine) with a new honour record.</summary>
    private static IEnumerable<RecordBatchMessage> Submissions(string uscc)
    {
        yield return new RecordBatchMessage("sub-1", Provider, First, [Penalty(uscc, "罚款五千元", 5000m)]);
        yield return new RecordBatchMessage("sub-2", Provider, First.AddMinutes(1), [Penalty(uscc, "更正后：罚款八千元", 8000m), Honour(uscc)]);
    }

    private static CreditRecord Penalty(string uscc, string content, decimal amount) => new(
        Provider, "ORDER-1", uscc, "penalty", "销售过期食品", content, new DateOnly(2026, 5, 1), "驻市监罚〔2026〕31号",
        "驻马店市市场监督管理局", null, "《中华人民共和国食品安全法》第一百二十四条", "general", null, null, amount, null, "public");

    private static CreditRecord Honour(string uscc) => new(
        Provider, "ORDER-2", uscc, "honour", "守合同重信用企业", null, new DateOnly(2026, 6, 1), null,
        "驻马店市市场监督管理局", null, null, null, null, null, null, null, "public");

    private static GradeRequestMessage GradeRequest(string uscc) => new([uscc], GradeRequestMessage.RecordsChanged, DateTimeOffset.UtcNow);

    private static string Content(IEnumerable<JsonElement> records)
        => string.Join("\n", records
            .Select(r => $"{r.GetProperty("sourceId").GetString()}|{r.GetProperty("category").GetString()}|{Text(r, "content")}|{Text(r, "amount")}")
            .Order(StringComparer.Ordinal));

    private static string Text(JsonElement record, string name)
        => record.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : string.Empty;

    /// <summary>Sends one message and waits until the queue has handled it, so the delivery order is the order given.</summary>
    private async Task DeliverAsync<T>(string queue, T message)
    {
        var client = host.Queue(queue);
        await client.SendMessageAsync(JsonSerializer.Serialize(message, WireJson.Options), Ct);
        await Eventually.HoldsAsync(
            async () => (await client.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0
                        && (await host.Queue(QueueNames.Poison(queue)).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0,
            TimeSpan.FromSeconds(30),
            $"the {queue} message to be handled");
    }
}
