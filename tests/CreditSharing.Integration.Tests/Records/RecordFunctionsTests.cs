using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;
using CreditSharing.Storage.Records;

namespace CreditSharing.Integration.Tests.Records;

public sealed partial class RecordFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoresAnAcceptedRecordWithItsDisclosureWindowArchiveAndGrade()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");

        using var response = await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "SJ-2026-0001"), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        var record = Assert.Single(await Infrastructure.Records.WaitForAsync(regulator, uscc, 1));
        Assert.Equal("provider-market~SJ-2026-0001", record.GetProperty("id").GetString());
        Assert.Equal(1, record.GetProperty("revision").GetInt32());
        Assert.Equal("2027-04-30", record.GetProperty("publicUntil").GetString());
        Assert.Equal("2026-08-01", record.GetProperty("repairEligibleFrom").GetString());
        Assert.Equal("销售过期食品", record.GetProperty("title").GetString());
        Assert.Equal(5000.00m, record.GetProperty("amount").GetDecimal());

        var archived = new List<string>();
        await foreach (var blob in host.Container(ContainerNames.Archive).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "records/", Ct))
        {
            archived.Add(blob.Name);
        }

        Assert.Contains(archived, n => n.Contains("/provider-market/", StringComparison.Ordinal));

        // The stored change put the enterprise on grade-requests, whose function graded it.
        await Eventually.HoldsAsync(async () => (await regulator.GetAsync($"/api/enterprises/{uscc}/grade", Ct)).IsSuccessStatusCode, what: "the grade request to be handled");
    }

    [Fact]
    public async Task RejectsInvalidRecordsByIndexNamingTheirFields()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        var noSeverity = Infrastructure.Records.Penalty(uscc, "bad-2");
        noSeverity.Remove("severity");
        var batch = new object[]
        {
            Infrastructure.Records.Penalty(uscc, "ok-0"),
            Infrastructure.Records.Penalty("914403001922038217", "bad-1"),
            noSeverity,
            Infrastructure.Records.Penalty(uscc, "bad-3", decisionDate: "2026-02-30"),
            new Dictionary<string, object?>(Infrastructure.Records.Penalty(uscc, "bad-4")) { ["category"] = "gossip" },
            new Dictionary<string, object?>(Infrastructure.Records.Penalty(uscc, "bad-5")) { ["title"] = new string('长', 201) },
            new Dictionary<string, object?>(Infrastructure.Records.Penalty(uscc, "bad-6")) { ["decisionDate"] = "2099-01-01" },
            new Dictionary<string, object?>(Infrastructure.Records.Penalty(uscc, "bad-7")) { ["title"] = 7 },
        };

        using var response = await provider.PostAsJsonAsync("/api/records", batch, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        var rejected = receipt.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("index").GetInt32(), r => r.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList());
        Assert.Equal(["uscc"], rejected[1]);
        Assert.Equal(["severity"], rejected[2]);
        Assert.Equal(["decisionDate"], rejected[3]);
        Assert.Equal(["category"], rejected[4]);
        Assert.Equal(["title"], rejected[5]);
        Assert.Equal(["decisionDate"], rejected[6]);
        Assert.Equal(["title"], rejected[7]);
    }

    [Fact]
    public async Task RefusesASubmissionWithNothingAcceptedWith422ListingEachItemAndStoresNothing()
    {
        var uscc = TestData.NewUscc();
        var providerId = $"provider-refused-{Guid.NewGuid():N}";
        using var provider = await host.ClientAsync(providerId, "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var noSeverity = Infrastructure.Records.Penalty(uscc, "none-1");
        noSeverity.Remove("severity");
        var batch = new object[]
        {
            noSeverity,
            new Dictionary<string, object?>(Infrastructure.Records.Penalty(uscc, "none-2")) { ["decisionDate"] = "2099-01-01" },
        };

        using var response = await provider.PostAsJsonAsync("/api/records", batch, Ct);
        using var single = await provider.PostAsJsonAsync("/api/records", new Dictionary<string, object?>(Infrastructure.Records.Penalty(uscc, "none-3")) { ["category"] = "gossip" }, Ct);

        var rejected = await Refusals.AssertRefusedAsync(response);
        Assert.Equal(2, rejected.Count);
        Assert.Equal(["severity"], rejected[0]);
        Assert.Equal(["decisionDate"], rejected[1]);
        var one = Assert.Single(await Refusals.AssertRefusedAsync(single));
        Assert.Contains("category", one.Value);

        await Eventually.HoldsAsync(async () => (await host.Queue(QueueNames.CreditRecords).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0, what: "the records queue to be empty");
        Assert.Empty(await Infrastructure.Records.AllAsync(regulator, uscc));
        await foreach (var blob in host.Container(ContainerNames.Archive).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "records/", Ct))
        {
            Assert.DoesNotContain($"/{providerId}/", blob.Name, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task LeavesTheStoreUnchangedWhenABatchIsPostedAgain()
    {
        var usccs = new[] { TestData.NewUscc(), TestData.NewUscc("411721"), TestData.NewUscc("411722") };
        using var provider = await host.ClientAsync("provider-tax", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var batch = Enumerable.Range(0, 60).Select(i => Infrastructure.Records.TaxRating(usccs[i % 3], $"TAX-{i:D4}", "B")).ToList();
        (await provider.PostAsJsonAsync("/api/records", batch, Ct)).EnsureSuccessStatusCode();
        foreach (var uscc in usccs)
        {
            await Infrastructure.Records.WaitForAsync(regulator, uscc, 20);
        }

        var before = await SnapshotAsync(usccs);

        using var again = await provider.PostAsJsonAsync("/api/records", batch, Ct);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await Eventually.HoldsAsync(async () => (await host.Queue(QueueNames.CreditRecords).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0, what: "the repost to be handled");

        var after = await SnapshotAsync(usccs);
        Assert.Equal(60, after.Count);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task ReplacesACorrectedRecordAndRaisesItsRevision()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "SJ-9"), Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 1);

        var corrected = Infrastructure.Records.Penalty(uscc, "SJ-9", severity: "serious");
        (await provider.PostAsJsonAsync("/api/records", corrected, Ct)).EnsureSuccessStatusCode();

        var records = await Eventually.GetAsync(
            async () => { var all = await Infrastructure.Records.AllAsync(regulator, uscc); return all.Any(r => r.GetProperty("revision").GetInt32() == 2) ? all : null; },
            what: "the correction");
        var record = Assert.Single(records);
        Assert.Equal("serious", record.GetProperty("severity").GetString());
        Assert.Equal("2029-04-30", record.GetProperty("publicUntil").GetString());
        Assert.Single(await Infrastructure.Records.AllAsync(regulator, uscc));
    }

    [Fact]
    public async Task RefusesMalformedJsonWrongMediaTypeAndOversizeBodies()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        var huge = new StringBuilder("[");
        var filler = new string('文', 1000);
        for (var i = 0; i < 1600; i++)
        {
            huge.Append(i == 0 ? string.Empty : ",").Append(JsonSerializer.Serialize(new { sourceId = $"x{i}", content = filler }));
        }

        huge.Append(']');

        using var malformed = await provider.PostAsync("/api/records", new StringContent("[{\"sourceId\":", Encoding.UTF8, "application/json"), Ct);
        using var wrongType = await provider.PostAsync("/api/records", new StringContent("sourceId,uscc", Encoding.UTF8, "text/csv"), Ct);
        using var oversize = await provider.PostAsync("/api/records", new StringContent(huge.ToString(), Encoding.UTF8, "application/json"), Ct);
        using var tooMany = await provider.PostAsJsonAsync("/api/records", Enumerable.Range(0, 1001).Select(i => new { sourceId = $"s{i}" }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversize.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.All(new[] { malformed, wrongType, oversize, tooMany }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task ShowsAProviderOnlyItsOwnRecords()
    {
        var uscc = TestData.NewUscc();
        using var market = await host.ClientAsync("provider-market", "DataProvider");
        using var tax = await host.ClientAsync("provider-tax", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await market.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "M-1"), Ct)).EnsureSuccessStatusCode();
        (await tax.PostAsJsonAsync("/api/records", Infrastructure.Records.TaxRating(uscc, "T-1"), Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 2);

        var own = await Infrastructure.Records.AllAsync(tax, uscc);

        Assert.Equal("provider-tax~T-1", Assert.Single(own).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ListsNewestFirstInPagesAndFiltersByCategoryAndDate()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var dates = new[] { "2025-01-10", "2026-03-05", "2024-07-01", "2026-05-20", "2025-11-11", "2026-01-02", "2023-09-09" };
        var batch = dates.Select((d, i) => (object)Infrastructure.Records.Penalty(uscc, $"P-{i}", decisionDate: d))
            .Append(Infrastructure.Records.TaxRating(uscc, "T-1", decisionDate: "2026-04-15"))
            .ToList();
        (await provider.PostAsJsonAsync("/api/records", batch, Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 8);

        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var page = await regulator.GetFromJsonAsync<JsonElement>(
                $"/api/enterprises/{uscc}/records?category=penalty&pageSize=3" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}"), Ct);
            pages.Add(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("decisionDate").GetString()!).ToList());
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), pages.SelectMany(p => p));
        var ranged = await Infrastructure.Records.AllAsync(regulator, uscc, "&from=2025-01-01&to=2025-12-31");
        Assert.Equal(["2025-11-11", "2025-01-10"], ranged.Select(r => r.GetProperty("decisionDate").GetString()));
        using var badToken = await regulator.GetAsync($"/api/enterprises/{uscc}/records?continuationToken=garbage!", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
        using var badSize = await regulator.GetAsync($"/api/enterprises/{uscc}/records?pageSize=501", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badSize.StatusCode);
    }

    [Fact]
    public async Task PublishesOnlyPublicRecordsInsideTheirWindowAndNoPersonalData()
    {
        var uscc = TestData.NewUscc("411726");
        var idNumber = TestData.IdNumber("19700304");
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "泌阳县花菇商行", legalRepresentative = new { name = "陈七", idNumber } }, Ct)).EnsureSuccessStatusCode();
        var batch = new object[]
        {
            Infrastructure.Records.Penalty(uscc, "visible", decisionDate: "2026-06-01"),
            Infrastructure.Records.Penalty(uscc, "shared", decisionDate: "2026-06-01", disclosure: "shared"),
            Infrastructure.Records.Penalty(uscc, "minor", decisionDate: "2026-06-01", severity: "minor"),
            Infrastructure.Records.Penalty(uscc, "expired", decisionDate: "2020-06-01"),
        };
        (await provider.PostAsJsonAsync("/api/records", batch, Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 4);

        using var anonymous = host.Anonymous();
        var json = await anonymous.GetStringAsync($"/api/public/enterprises/{uscc}", Ct);

        var page = JsonDocument.Parse(json).RootElement;
        Assert.Equal("泌阳县花菇商行", page.GetProperty("name").GetString());
        Assert.Equal("泌阳县", page.GetProperty("countyName").GetString());
        Assert.Equal("provider-market~visible", Assert.Single(page.GetProperty("records").EnumerateArray()).GetProperty("id").GetString());
        Assert.False(IdNumberPattern().IsMatch(json), "an ID number appears in a public answer");
        Assert.DoesNotContain("陈七", json, StringComparison.Ordinal);
        using var unknown = await anonymous.GetAsync($"/api/public/enterprises/{TestData.NewUscc()}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task MovesAnUnreadableRecordMessageToThePoisonQueue()
    {
        var marker = "{\"submissionId\": " + Guid.NewGuid().ToString("N").Length + ", oops";

        await host.Queue(QueueNames.CreditRecords).SendMessageAsync(marker, Ct);

        await Eventually.HoldsAsync(
            async () => (await host.Queue(QueueNames.Poison(QueueNames.CreditRecords)).PeekMessagesAsync(32, Ct)).Value.Any(m => m.Body.ToString() == marker),
            what: "the message in credit-records-poison");
    }

    private async Task<Dictionary<string, (int Revision, string ETag)>> SnapshotAsync(IEnumerable<string> usccs)
    {
        var table = host.Table(TableNames.Records);
        var snapshot = new Dictionary<string, (int, string)>();
        foreach (var uscc in usccs)
        {
            await foreach (var e in table.QueryAsync<RecordEntity>(r => r.PartitionKey == uscc && r.RowKey != RecordManifest.RowKey, cancellationToken: Ct))
            {
                snapshot[$"{uscc}/{e.RowKey}"] = (e.Revision, e.ETag.ToString());
            }
        }

        return snapshot;
    }

    /// <summary>An 18-character PRC ID number: 17 digits then a digit or X.</summary>
    [GeneratedRegex(@"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])")]
    private static partial Regex IdNumberPattern();
}
