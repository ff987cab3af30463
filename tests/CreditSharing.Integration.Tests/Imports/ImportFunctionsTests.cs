using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CreditSharing.Core.Imports;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;
using CreditSharing.Storage.Records;
using Microsoft.Extensions.DependencyInjection;

namespace CreditSharing.Integration.Tests.Imports;

public sealed class ImportFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private const string Header = "sourceId,uscc,category,title,content,decisionDate,documentNo,authority,legalBasis,severity,rating,amount,disclosure";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImportsACsvWithBomQuotesMixedLineEndingsAndChinese()
    {
        var uscc = TestData.NewUscc("411723");
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var csv = Header + "\r\n"
                  + $"C-1,{uscc},penalty,\"销售过期食品，罚款\",\"内容含\"\"引号\"\"与\r\n换行\",2026-05-01,驻市监罚〔2026〕1号,驻马店市市场监督管理局,《食品安全法》,general,,5000,public\n"
                  + $"C-2,{uscc},tax-rating,2025年度纳税信用,,2026-04-15,,国家税务总局驻马店市税务局,,,A,,public\r"
                  + $"C-3,{uscc.ToLowerInvariant()},tax-rating,2024年度纳税信用,,2025-04-15,,国家税务总局驻马店市税务局,,,B,,shared\r\n";

        var status = await ImportAsync(provider, Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv");

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(3, status.GetProperty("total").GetInt32());
        Assert.Equal(3, status.GetProperty("accepted").GetInt32());
        Assert.Equal(0, status.GetProperty("rejected").GetInt32());
        var records = await Infrastructure.Records.AllAsync(regulator, uscc);
        var penalty = Assert.Single(records, r => r.GetProperty("sourceId").GetString() == "C-1");
        Assert.Equal("销售过期食品，罚款", penalty.GetProperty("title").GetString());
        Assert.Equal("内容含\"引号\"与\r\n换行", penalty.GetProperty("content").GetString());
        Assert.Equal(3, records.Count);
    }

    [Fact]
    public async Task ReportsRaggedRowsBadQuotesAndInvalidFieldsByLine()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        var csv = new StringBuilder(Header).Append('\n')
            .Append($"R-1,{uscc},tax-rating,ok,,2026-04-15,,税务局,,,A,,public\n")                    // line 2
            .Append($"R-2,{uscc},tax-rating,ragged,,2026-04-15,,税务局,,,A,public\n")                  // line 3: 12 fields
            .Append($"R-3,{uscc},tax-rating,bad\"quote,,2026-04-15,,税务局,,,A,,public\n")              // line 4
            .Append($"R-4,{uscc},tax-rating,bad rating,,2026-04-15,,税务局,,,Z,,public\n")              // line 5
            .Append($"R-5,{uscc},penalty,no severity,,2026-04-15,文号,局,依据,,,,public\n")             // line 6
            .Append($"R-6,{uscc},tax-rating,\"multi\nline\",,2026-04-15,,税务局,,,A,,public\n")          // lines 7–8
            .Append($"R-7,{uscc},tax-rating,bad date,,2026-13-01,,税务局,,,A,,public\n")                // line 9
            .Append($"R-8,{uscc},tax-rating,bad amount,,2026-04-15,,税务局,,,A,12元,public\n");          // line 10

        var status = await ImportAsync(provider, Encoding.UTF8.GetBytes(csv.ToString()), "text/csv");

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(8, status.GetProperty("total").GetInt32());
        Assert.Equal(2, status.GetProperty("accepted").GetInt32());
        Assert.Equal(6, status.GetProperty("rejected").GetInt32());
        var lines = status.GetProperty("rejectedLines").EnumerateArray()
            .ToDictionary(l => l.GetProperty("line").GetInt32(), l => l.GetProperty("errors").EnumerateObject().Select(p => p.Name).Single());
        Assert.Equal(new Dictionary<int, string> { [3] = "row", [4] = "row", [5] = "rating", [6] = "severity", [9] = "decisionDate", [10] = "amount" }, lines);
    }

    [Fact]
    public async Task FailsAnImportWhoseHeaderIsWrong()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        var csv = "sourceId,uscc,category,headline,decisionDate,authority,disclosure\nX-1,91411702MA6ULN0X2U,honour,t,2026-01-01,a,public\n";

        var status = await ImportAsync(provider, Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Contains("headline", status.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(status.GetProperty("rejectedLines").EnumerateArray()).GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task ImportsNdjson()
    {
        var uscc = TestData.NewUscc("411724");
        using var provider = await host.ClientAsync("provider-tax", "DataProvider");
        var lines = new[]
        {
            JsonSerializer.Serialize(Infrastructure.Records.TaxRating(uscc, "N-1")),
            string.Empty,
            JsonSerializer.Serialize(Infrastructure.Records.Penalty(uscc, "N-2")),
            "{\"sourceId\": \"N-3\", \"uscc\": ",
        };

        var status = await ImportAsync(provider, Encoding.UTF8.GetBytes(string.Join("\n", lines)), "application/x-ndjson");

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(3, status.GetProperty("total").GetInt32());
        Assert.Equal(2, status.GetProperty("accepted").GetInt32());
        Assert.Equal(4, Assert.Single(status.GetProperty("rejectedLines").EnumerateArray()).GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task KeepsAnImportFromOtherProvidersButShowsItToRegulators()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var other = await host.ClientAsync("provider-tax", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        using var response = await provider.PostAsync("/api/imports", Content(Encoding.UTF8.GetBytes(Header + "\n"), "text/csv"), Ct);
        var location = response.Headers.Location!.OriginalString;

        using var asOther = await other.GetAsync(location, Ct);
        using var asRegulator = await regulator.GetAsync(location, Ct);

        Assert.Equal(HttpStatusCode.NotFound, asOther.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asRegulator.StatusCode);
    }

    [Fact]
    public async Task RefusesAnUnsupportedMediaType()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");

        // application/json is the start of a SAS upload (ImportUploadTests); XML is no import format.
        using var response = await provider.PostAsync("/api/imports", Content(Encoding.UTF8.GetBytes("<records/>"), "application/xml"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task KeepsNothingOfAnUploadOverTheLimit()
    {
        var files = host.Host.Services.GetRequiredService<IImportFiles>();
        var importId = Guid.NewGuid().ToString("N");
        await using var content = new MemoryStream(new byte[10_000]);

        var stored = await files.UploadAsync(importId, content, "text/csv", maxBytes: 4_096, Ct);

        Assert.Null(stored);
        Assert.False((await host.Container(ContainerNames.Imports).GetBlobClient(importId).ExistsAsync(Ct)).Value);
    }

    [Fact]
    public async Task StoresAFileReadInSeveralPassesOnceAndReportsItsRejectedLinesByLine()
    {
        var usccs = Enumerable.Range(0, 40).Select(_ => TestData.NewUscc("411726")).ToList();
        using var provider = await host.ClientAsync("provider-passes", "DataProvider");
        var filler = new string('述', 900);
        var csv = new StringBuilder(Header).Append('\n');
        const int rows = 1_200;
        var rejected = new Dictionary<int, string>();
        for (var i = 0; i < rows; i++)
        {
            var line = i + 2;
            var (uscc, rating) = (i % 97, i % 89) switch
            {
                (5, _) => ("91411700NOTAUSCC0X", "A"),
                (_, 7) => (usccs[i % usccs.Count], "Z"),
                _ => (usccs[i % usccs.Count], "A"),
            };
            if (uscc.Contains("NOTAUSCC", StringComparison.Ordinal))
            {
                rejected[line] = "uscc";
            }
            else if (rating == "Z")
            {
                rejected[line] = "rating";
            }

            csv.Append($"P-{i:D5},{uscc},tax-rating,纳税信用{i},{filler},2026-04-15,,税务局,,,{rating},,public\n");
        }

        var body = Encoding.UTF8.GetBytes(csv.ToString());
        Assert.True(body.Length > 3 * ImportService.PassBytes, "the file needs several passes");

        var status = await ImportAsync(provider, body, "text/csv");

        Assert.Equal("completed", status.GetProperty("status").GetString());
        var state = await host.Host.Services.GetRequiredService<IImportStore>().GetAsync(status.GetProperty("importId").GetString()!, Ct);
        Assert.Equal((int)((body.Length + ImportService.PassBytes - 1) / ImportService.PassBytes), state!.Passes);
        Assert.Equal(rows, status.GetProperty("total").GetInt32());
        Assert.Equal(rows - rejected.Count, status.GetProperty("accepted").GetInt32());
        Assert.Equal(rejected.Count, status.GetProperty("rejected").GetInt32());
        var lines = status.GetProperty("rejectedLines").EnumerateArray()
            .ToDictionary(l => l.GetProperty("line").GetInt32(), l => l.GetProperty("errors").EnumerateObject().Select(p => p.Name).Single());
        Assert.Equal(rejected.OrderBy(r => r.Key), lines.OrderBy(l => l.Key));
        var stored = await ReadRecordsAsync(usccs);
        Assert.Equal(rows - rejected.Count, stored.Count);
        Assert.All(stored.Values, e => Assert.Equal(1, e.Revision));
    }

    [Fact]
    public async Task ResumesAfterACrashWithoutStoringAnyRowTwice()
    {
        var services = host.Host.Services;
        var imports = services.GetRequiredService<ImportService>();
        var store = services.GetRequiredService<IImportStore>();
        var files = services.GetRequiredService<IImportFiles>();
        var usccs = Enumerable.Range(0, 50).Select(_ => TestData.NewUscc("411727")).ToList();
        // Two and a half flushes: the crash comes after a checkpoint and before the end.
        const int rows = ImportService.FlushSize * 5 / 2;
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            csv.Append($"K-{i:D5},{usccs[i % usccs.Count]},tax-rating,纳税信用{i},,2026-04-15,,税务局,,,B,,public\n");
        }

        // The upload and status row exist but no message is queued: this test is the only runner.
        var importId = Guid.NewGuid().ToString("N");
        await using (var upload = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
        {
            await files.UploadAsync(importId, upload, "text/csv", ImportService.MaxFileBytes, Ct);
        }

        await store.CreateAsync(new ImportState(importId, "provider-crash", ImportFormats.Csv, ImportStatuses.Queued, 0, 0, 0, 0, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null), Ct);

        using var crash = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var firstRun = imports.ProcessAsync(new ImportMessage(importId), crash.Token);
        var checkpoint = await Eventually.GetAsync(
            async () => (await store.GetAsync(importId, Ct)) is { CheckpointLine: > 0 } s ? s : null,
            what: "the first checkpoint");
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstRun);
        var stored = await ReadRecordsAsync(usccs);

        await imports.ProcessAsync(new ImportMessage(importId), Ct);

        var final = await store.GetAsync(importId, Ct);
        Assert.Equal(ImportStatuses.Completed, final!.Status);
        Assert.Equal(rows, final.Total);
        Assert.Equal(rows, final.Accepted);
        Assert.True(checkpoint.CheckpointLine < rows + 1, "the crash came before the end");
        var after = await ReadRecordsAsync(usccs);
        Assert.Equal(rows, after.Count);
        Assert.All(after.Values, e => Assert.Equal(1, e.Revision));
        Assert.All(stored, kv => Assert.Equal(kv.Value.ETag, after[kv.Key].ETag));
    }

    private async Task<Dictionary<string, RecordEntity>> ReadRecordsAsync(IEnumerable<string> usccs)
    {
        var table = host.Table(TableNames.Records);
        var all = new Dictionary<string, RecordEntity>();
        foreach (var uscc in usccs)
        {
            await foreach (var e in table.QueryAsync<RecordEntity>(r => r.PartitionKey == uscc && r.RowKey != RecordManifest.RowKey, cancellationToken: Ct))
            {
                all[$"{uscc}/{e.RowKey}"] = e;
            }
        }

        return all;
    }

    private async Task<JsonElement> ImportAsync(HttpClient client, byte[] body, string mediaType)
    {
        using var response = await client.PostAsync("/api/imports", Content(body, mediaType), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("queued", receipt.GetProperty("status").GetString());
        var location = response.Headers.Location!.OriginalString;
        Assert.Equal($"/api/imports/{receipt.GetProperty("importId").GetString()}", location);
        return await Eventually.GetAsync(
            async () =>
            {
                var status = await client.GetFromJsonAsync<JsonElement>(location, Ct);
                return status.GetProperty("status").GetString() is "completed" or "failed" ? (JsonElement?)status : null;
            },
            what: "the import to finish") ?? default;
    }

    private static ByteArrayContent Content(byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return content;
    }
}
