using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Trace;

/// <summary>What anonymous answers about a code show: no watch-list status, no caller id, no URL taken from the request.</summary>
public sealed class TracePublicViewTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    [Fact]
    public async Task ShowsBlackListWarningsButNeverWatchListStatusOrCreatedByInAnyAnonymousAnswer()
    {
        var watched = TestData.NewUscc();
        var blacklisted = TestData.NewUscc("411721");
        using var provider = await host.ClientAsync("provider-public-view", "DataProvider");
        foreach (var (uscc, name) in new[] { (watched, "驿城区公示测试商行"), (blacklisted, "西平县失信测试物流") })
        {
            (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name }, Ct)).EnsureSuccessStatusCode();
        }

        (await provider.PostAsJsonAsync("/api/lists/entries", Entry(watched, "watch", "PV-W-1", Today.AddDays(-3), Today.AddYears(1)), Ct)).EnsureSuccessStatusCode();
        (await provider.PostAsJsonAsync("/api/lists/entries", Entry(blacklisted, "black", "PV-B-1", Today.AddDays(-3), Today.AddYears(2)), Ct)).EnsureSuccessStatusCode();

        // A department registers a code naming the watched enterprise: the route a prober would use.
        using var created = await provider.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷鲜猪肉", producerUscc = watched, storage = "ambient" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
        foreach (var (actor, step, sourceId) in new[] { (watched, "produce", "PV-1"), (blacklisted, "transport", "PV-2") })
        {
            using var added = await provider.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step, actorUscc = actor, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-1)), location = "驻马店", sourceId }, Ct);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        using var anonymous = host.Anonymous();
        var scanJson = await anonymous.GetStringAsync($"/api/trace/{code}", Ct);
        var page = await anonymous.GetStringAsync($"/t/{code}", Ct);
        var epcis = await anonymous.GetStringAsync($"/api/trace/{code}/epcis", Ct);

        var scan = JsonNode.Parse(scanJson)!;
        Assert.Contains("black-list", scan["events"]![1]!["actor"]!["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Empty(scan["events"]![0]!["actor"]!["warnings"]!.AsArray());
        Assert.Contains("严重失信", page, StringComparison.Ordinal);
        foreach (var answer in new[] { scanJson, page, epcis })
        {
            Assert.DoesNotContain("watch", answer, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("重点关注", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("createdBy", answer, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("provider-public-view", answer, StringComparison.Ordinal);
        }

        Assert.Null(scan["product"]!["createdBy"]);
        Assert.Equal(watched, scan["product"]!["producerUscc"]!.GetValue<string>());
    }

    [Fact]
    public async Task PrintsItsOwnBaseUrlInScanUrlsEpcisAndQrCodesWhateverHostTheRequestNames()
    {
        var producer = TestData.NewUscc();
        using var enterprise = await host.EnterpriseClientAsync(producer);
        var own = host.BaseAddress.ToString().TrimEnd('/');
        const string Forged = "evil.example";

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/trace/codes") { Content = JsonContent.Create(new { category = "wheat", productName = "小麦粉", producerUscc = producer }) };
        create.Headers.Host = Forged;
        create.Headers.Add("X-Forwarded-Host", Forged);
        using var created = await enterprise.SendAsync(create, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var receipt = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var code = receipt.GetProperty("code").GetString()!;
        using var added = await enterprise.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step = "produce", actorUscc = producer, occurredAt = At(DateTimeOffset.UtcNow.AddHours(-1)), location = "上蔡县", sourceId = "HOST-1" }, Ct);
        added.EnsureSuccessStatusCode();

        using var anonymous = host.Anonymous();
        using var epcisRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/trace/{code}/epcis");
        epcisRequest.Headers.Host = Forged;
        using var epcis = await anonymous.SendAsync(epcisRequest, Ct);
        using var qrRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/trace/{code}/qr.png");
        qrRequest.Headers.Host = Forged;
        using var qr = await anonymous.SendAsync(qrRequest, Ct);

        Assert.Equal($"{own}/t/{code}", receipt.GetProperty("scanUrl").GetString());
        Assert.Equal($"{own}/api/trace/{code}/qr.png", receipt.GetProperty("qrUrl").GetString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"{own}/t/{code}", created.Headers.Location?.ToString());
        var document = await epcis.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(Forged, document, StringComparison.Ordinal);
        Assert.Equal($"{own}/t/{code}", JsonNode.Parse(document)!["epcisBody"]!["eventList"]![0]!["epcList"]![0]!.GetValue<string>());
        var (pixels, width, height) = PngImage.Decode(await qr.Content.ReadAsByteArrayAsync(Ct));
        var decoded = new ZXing.QrCode.QRCodeReader().decode(new ZXing.BinaryBitmap(new ZXing.Common.HybridBinarizer(new ZXing.RGBLuminanceSource(pixels, width, height, ZXing.RGBLuminanceSource.BitmapFormat.Gray8))));
        Assert.Equal($"{own}/t/{code}", decoded?.Text);
    }

    private static Dictionary<string, object?> Entry(string uscc, string listType, string sourceId, DateOnly decidedOn, DateOnly expiresOn) => new()
    {
        ["listType"] = listType,
        ["uscc"] = uscc,
        ["reason"] = "拒不履行法院判决",
        ["authority"] = "驻马店市发展和改革委员会",
        ["documentNo"] = "驻发改信〔2026〕7号",
        ["decidedOn"] = decidedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["expiresOn"] = expiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["legalRepresentativeIncluded"] = false,
        ["sourceId"] = sourceId,
    };

    private static string At(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
