using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;
using CreditSharing.Storage.Records;

namespace CreditSharing.Integration.Tests.Faults;

/// <summary>
/// Storage (a persisted Azurite) stopped for 10 s in the middle of a 50,000-line import and started
/// again on the same ports: the import completes with exact counts and no row stored twice.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    private const int Lines = 50_000;
    private const string Header = "sourceId,uscc,category,title,decisionDate,authority,rating,disclosure";

    /// <summary>The outage itself, not a wait for something: storage is down for exactly this long.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompletesAnImportWithExactCountsAfterStorageStopsForTenSecondsMidway()
    {
        var location = Directory.CreateTempSubdirectory("azurite-outage").FullName;
        var azurite = await EmbeddedAzurite.StartAsync(location, null, Ct);
        var names = StorageNames.WithPrefix("outage" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var host = await DevHostApp.StartAsync([], new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:NamePrefix"] = names.Prefix,
                ["DevHost:ProcessingLease"] = "00:00:05",
                ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:02",
                ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Azure.Core"] = "None",
            }, Ct, LogScan.AddTo);
            using var provider = await ProviderAsync(host);
            var usccs = Enumerable.Range(0, 500).Select(_ => TestData.NewUscc("411726")).ToList();

            using var started = await provider.PostAsync("/api/imports", Csv(usccs), Ct);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var location_ = started.Headers.Location!.OriginalString;
            var before = await Eventually.GetAsync(
                async () => await StatusAsync(provider, location_) is { } s && s.GetProperty("total").GetInt32() >= 4_000 ? s : (JsonElement?)null,
                TimeSpan.FromMinutes(2),
                "the import to be well under way");

            var ports = azurite.Ports;
            await azurite.StopGracefullyAsync(Ct);
            await Task.Delay(Outage, Ct);
            azurite = await EmbeddedAzurite.StartAsync(location, ports, Ct);

            var final = await Eventually.GetAsync(
                async () => await StatusAsync(provider, location_) is { } s && s.GetProperty("status").GetString() is "completed" or "failed" ? s : (JsonElement?)null,
                TimeSpan.FromMinutes(5),
                "the import to finish after storage came back");
            var rows = new List<TableEntity>();
            await foreach (var row in new TableServiceClient(azurite.ConnectionString).GetTableClient(names.Table(TableNames.Records)).QueryAsync<TableEntity>(RecordManifest.RecordRowsFilter, select: ["SourceId", "Revision"], cancellationToken: Ct))
            {
                rows.Add(row);
            }

            output.WriteLine($"storage stopped for {Outage.TotalSeconds:F0} s after {before!.Value.GetProperty("total").GetInt32():N0} of {Lines:N0} lines; import {final!.Value.GetProperty("status").GetString()}, total {final.Value.GetProperty("total").GetInt32():N0}, accepted {final.Value.GetProperty("accepted").GetInt32():N0}; {rows.Count:N0} rows stored");
            Assert.Equal("completed", final.Value.GetProperty("status").GetString());
            Assert.Equal(Lines, final.Value.GetProperty("total").GetInt32());
            Assert.Equal(Lines, final.Value.GetProperty("accepted").GetInt32());
            Assert.Equal(0, final.Value.GetProperty("rejected").GetInt32());
            Assert.Equal(Lines, rows.Count);
            Assert.Equal(Lines, rows.Select(r => r.GetString("SourceId")).Distinct(StringComparer.Ordinal).Count());
            Assert.All(rows, r => Assert.Equal(1, r.GetInt32("Revision")));
        }
        finally
        {
            await azurite.DisposeAsync();
            Directory.Delete(location, recursive: true);
        }
    }

    private static ByteArrayContent Csv(IReadOnlyList<string> usccs)
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < Lines; i++)
        {
            csv.Append($"OUT-{i:D6},{usccs[i % usccs.Count]},tax-rating,2025年度纳税信用评价,2026-04-15,国家税务总局驻马店市税务局,B,public\n");
        }

        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return content;
    }

    private static async Task<JsonElement?> StatusAsync(HttpClient client, string location)
    {
        using var response = await client.GetAsync(location, Ct);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(Ct) : null;
    }

    private static Task<HttpClient> ProviderAsync(DevHostApp host)
        => LocalTokenClient.CreateRegisteredAsync(host.BaseAddress, new LocalTokenRequest(["DataProvider"], "sw-outage", null, null), Ct);
}
