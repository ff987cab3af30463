using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Trace;

/// <summary>Issue 22 point 5: trade records on events, parents, downstream (去向可查) and upstream (来源可追) with the recall warning.</summary>
public sealed class TraceLinksFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListsDescendantsAndReceiversDownstreamForTheProducerAProviderAndARegulatorOnly()
    {
        var producer = TestData.NewUscc();
        var wholesaler = TestData.NewUscc("411721");
        var retailer = TestData.NewUscc("411722");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        using var provider = await host.ClientAsync("provider-links", "DataProvider");
        var carcass = await CreateAsync(enterprise, producer, "猪胴体");
        await AddAsync(provider, carcass, Event("wholesale", producer, -5, "S-1") with { To = wholesaler, Quantity = 86.5m, Unit = "kg", Lot = "L-2026-11-01" });
        var cut = await CreateAsync(enterprise, producer, "分割肉", carcass);
        await AddAsync(provider, cut, Event("retail", wholesaler, -3, "S-2") with { From = wholesaler, To = retailer, Quantity = 12m, Unit = "盒" });
        var pallet = await CreateAsync(enterprise, producer, "冷链托盘", cut);

        var downstream = await enterprise.GetFromJsonAsync<JsonElement>($"/api/trace/codes/{carcass}/downstream", Ct);

        Assert.Equal(
            [(cut, 1), (pallet, 2)],
            downstream.GetProperty("descendants").EnumerateArray().Select(d => (d.GetProperty("code").GetString()!, d.GetProperty("depth").GetInt32())));
        var receivers = downstream.GetProperty("receivers").EnumerateArray().ToDictionary(r => r.GetProperty("uscc").GetString()!, r => r.GetProperty("codes").EnumerateArray().Select(c => c.GetString()).ToList());
        Assert.Equal([carcass], receivers[wholesaler]);
        Assert.Equal([cut], receivers[retailer]);
        Assert.False(downstream.GetProperty("truncated").GetBoolean());

        using var regulator = await host.ClientAsync("regulator-links", "Regulator");
        using var other = await host.EnterpriseClientAsync(wholesaler);
        using var anonymous = host.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await regulator.GetAsync($"/api/trace/codes/{carcass}/downstream", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await provider.GetAsync($"/api/trace/codes/{carcass}/downstream", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/trace/codes/{carcass}/downstream", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/trace/codes/{carcass}/downstream", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await regulator.GetAsync("/api/trace/codes/NO-SUCH-CODE-0001/downstream", Ct)).StatusCode);
    }

    [Fact]
    public async Task RefusesAnUnknownParentNamingItsIndexAndCreatesNothing()
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var parent = await CreateAsync(enterprise, producer, "猪胴体");
        var child = $"ZMD-CHILD-{Guid.NewGuid():N}"[..30];

        using var response = await enterprise.PostAsJsonAsync("/api/trace/codes", new { code = child, category = "pork", productName = "分割肉", producerUscc = producer, storage = "chilled", parents = new[] { parent, "NO-SUCH-PARENT-0001" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("parents[1]", out _));
        using var anonymous = host.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/trace/{child}", Ct)).StatusCode);
    }

    [Fact]
    public async Task ShowsAncestorsAsUpstreamAndWarnsEveryDescendantOfARecall()
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        using var provider = await host.ClientAsync("provider-links", "DataProvider");
        var lotA = await CreateAsync(enterprise, producer, "原料批 A");
        var lotB = await CreateAsync(enterprise, producer, "原料批 B");
        await AddAsync(provider, lotA, Event("produce", producer, -10, "A-1"));
        await AddAsync(provider, lotB, Event("produce", producer, -9, "B-1"));
        var merged = await CreateAsync(enterprise, producer, "合并托盘", lotA, lotB);
        var cut = await CreateAsync(enterprise, producer, "零售包装", merged);
        using var anonymous = host.Anonymous();

        var before = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{cut}", Ct);

        var upstream = before.GetProperty("upstream").EnumerateArray().ToList();
        Assert.Equal([merged, lotA, lotB], upstream.Select(u => u.GetProperty("code").GetString()));
        Assert.All(upstream, u => Assert.True(u.GetProperty("integrity").GetProperty("intact").GetBoolean()));
        Assert.Equal("produce", upstream[1].GetProperty("events")[0].GetProperty("step").GetString());
        Assert.Equal("原料批 A", upstream[1].GetProperty("productName").GetString());
        Assert.DoesNotContain(before.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("上游产品已召回", StringComparison.Ordinal));

        using var regulator = await host.ClientAsync("regulator-links", "Regulator");
        (await regulator.PostAsJsonAsync($"/api/trace/codes/{lotB}/recall", new { reason = "抽检不合格" }, Ct)).EnsureSuccessStatusCode();
        var after = await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{cut}", Ct);
        var page = await anonymous.GetStringAsync($"/t/{cut}", Ct);

        Assert.Contains(after.GetProperty("warnings").EnumerateArray(), w => w.GetString() == $"上游产品已召回 (upstream recalled): {lotB}");
        Assert.False(after.GetProperty("recalled").GetBoolean());
        Assert.NotEqual(before.GetProperty("version").GetString(), after.GetProperty("version").GetString());
        Assert.Contains("上游产品已召回", page, StringComparison.Ordinal);
        Assert.Contains("上游来源", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoresTheTradeRecordInTheChain()
    {
        var producer = TestData.NewUscc();
        var receiver = TestData.NewUscc("411721");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        using var provider = await host.ClientAsync("provider-links", "DataProvider");
        var code = await CreateAsync(enterprise, producer, "猪胴体");

        using var response = await provider.PostAsJsonAsync($"/api/trace/codes/{code}/events", Event("wholesale", producer, -2, "T-1") with { From = producer, To = receiver, Quantity = 3m, Unit = "头", Lot = "LOT-9" }, Ct);
        using var bad = await provider.PostAsJsonAsync($"/api/trace/codes/{code}/events", Event("wholesale", producer, -2, "T-2") with { Quantity = 3m }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var details = stored.GetProperty("details");
        Assert.Equal(receiver, details.GetProperty("to").GetString());
        Assert.Equal(3m, details.GetProperty("quantity").GetDecimal());
        Assert.Equal("头", details.GetProperty("unit").GetString());
        Assert.Equal("LOT-9", details.GetProperty("lot").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("unit", out _));
    }

    [Fact]
    public async Task ExportsProcessingOfACutFromItsParentsAsATransformationEventWithTradeParties()
    {
        var producer = TestData.NewUscc();
        var receiver = TestData.NewUscc("411721");
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var carcass = await CreateAsync(enterprise, producer, "猪胴体");
        var cut = await CreateAsync(enterprise, producer, "分割猪肉", carcass);
        await AddAsync(enterprise, cut, Event("process", producer, -3, "C-1") with { Quantity = 20m, Unit = "kg", Lot = "CUT-1" });
        await AddAsync(enterprise, cut, Event("transport", producer, -2, "C-2") with { From = producer, To = receiver });
        using var anonymous = host.Anonymous();

        var events = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/trace/{cut}/epcis", Ct)).GetProperty("epcisBody").GetProperty("eventList").EnumerateArray().ToList();

        var transformation = Assert.Single(events, e => e.GetProperty("type").GetString() == "TransformationEvent");
        Assert.Contains(carcass, transformation.GetProperty("inputEPCList")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(cut, transformation.GetProperty("outputEPCList")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("ni:///sha-256;", transformation.GetProperty("eventID").GetString(), StringComparison.Ordinal);
        var shipped = Assert.Single(events, e => e.GetProperty("type").GetString() == "ObjectEvent");
        var destination = Assert.Single(shipped.GetProperty("destinationList").EnumerateArray(), d => d.GetProperty("type").GetString() == "owning_party");
        Assert.EndsWith(receiver, destination.GetProperty("destination").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(producer, shipped.GetProperty("readPoint").GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    private static LinkEvent Event(string step, string actor, int hours, string sourceId)
        => new(step, actor, DateTimeOffset.UtcNow.AddHours(hours).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), "驻马店", 2.5m, sourceId);

    private static async Task<string> CreateAsync(HttpClient enterprise, string producer, string name, params string[] parents)
    {
        using var response = await enterprise.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = name, producerUscc = producer, storage = "chilled", parents }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
    }

    private static async Task AddAsync(HttpClient client, string code, LinkEvent body)
    {
        using var response = await client.PostAsJsonAsync($"/api/trace/codes/{code}/events", body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private sealed record LinkEvent(string Step, string ActorUscc, string OccurredAt, string Location, decimal? TemperatureC, string SourceId, string? From = null, string? To = null, decimal? Quantity = null, string? Unit = null, string? Lot = null);
}
