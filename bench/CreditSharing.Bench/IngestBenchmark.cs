using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CreditSharing.DevHost;
using CreditSharing.Storage.Records;

namespace CreditSharing.Bench;

/// <summary>
/// Ingest: records per second from POST /api/records (batches of 500) until every record is stored
/// and its enterprise graded (both queues drained), against writing the same rows with entity group
/// transactions directly.
/// </summary>
public static class IngestBenchmark
{
    public static async Task<(IReadOnlyList<string> Lines, double Product, double Raw)> RunAsync(DevHostProcess host, string connectionString, string prefix, IReadOnlyList<string> usccs, int records)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        await LocalTokenClient.RegisterProviderAsync(host.BaseAddress, "bench-ingest", LocalTokenClient.EveryRight("bench-ingest"));
        using var tokenResponse = await client.PostAsJsonAsync("/dev/token", new { roles = new[] { "DataProvider" }, sub = "bench-ingest" });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        var bodies = Enumerable.Range(0, records).Select(i => Record(usccs[i % usccs.Count], i)).Chunk(500).ToList();

        var watch = Stopwatch.StartNew();

        var posted = 0;
        await Progress.RunAsync($"ingest: POST {records:N0} records", bodies.Count, async report =>
            await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
            {
                using var response = await client.PostAsJsonAsync("/api/records", batch, ct);
                response.EnsureSuccessStatusCode();
                report(Interlocked.Increment(ref posted));
            }));
        var accepted = watch.Elapsed;
        var queues = new[] { $"{prefix}-credit-records", $"{prefix}-grade-requests" }.Select(name => new QueueClient(connectionString, name)).ToList();
        var stored = (await QueueDrain.WaitAsync("ingest: store and grade (queued messages left)", queues, watch, TimeSpan.FromHours(1)))[0];

        var elapsed = watch.Elapsed;
        var product = records / elapsed.TotalSeconds;

        // The same storage work done directly: each 500-record batch, as it arrives, grouped by
        // partition into entity group transactions, with the client's concurrency of 4 batches.
        var table = new TableServiceClient(connectionString).GetTableClient("BaselineIngest" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        var rows = Enumerable.Range(0, records).Select(i => new TableEntity(usccs[i % usccs.Count], $"bench~ING-{i:D8}")
        {
            ["Category"] = "tax-rating", ["Title"] = "2025年度纳税信用评价", ["DecisionDate"] = "2026-04-15", ["Authority"] = "国家税务总局驻马店市税务局",
            ["Rating"] = "B", ["Disclosure"] = "public", ["Revision"] = 1,
        }).Chunk(500).ToList();
        var raw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
            await Parallel.ForEachAsync(batch.GroupBy(r => r.PartitionKey), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (group, ct2) =>
            {
                foreach (var chunk in group.Chunk(100))
                {
                    await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct2);
                }
            }));
        raw.Stop();
        var rawRate = records / raw.Elapsed.TotalSeconds;
        var shaped = await RawWithManifestAsync(connectionString, rows);

        // The baselines' 200,000-row tables are the bench's, not the product's: dropped, so later
        // measures run on an Azurite holding the product's data alone.
        await table.DeleteAsync();
        return (
        [
            $"| ingest: {records:N0} records for {usccs.Count:N0} enterprises through POST /api/records (500 a batch, 4 at once) until stored and graded | {elapsed.TotalSeconds:F1} s ({product:N0} records/s; all 202s after {accepted.TotalSeconds:F1} s, no record message waiting after {stored.TotalSeconds:F1} s) |",
            $"| baseline: the same 500-row batches written straight to a table (per batch, one transaction per partition, 16 at once; 4 batches at once) | {raw.Elapsed.TotalSeconds:F1} s ({rawRate:N0} records/s) |",
            $"| ratio product / raw | {product / rawRate:F2} |",
            $"| for contrast: the baseline's transactions with each partition's manifest row merged in, as the product writes them | {shaped.TotalSeconds:F1} s ({records / shaped.TotalSeconds:N0} records/s; product / this {product / (records / shaped.TotalSeconds):F2}) |",
        ], product, rawRate);
    }

    /// <summary>
    /// The raw baseline's transactions, each also merging one property per record into the
    /// partition's <c>!records</c> row, as <c>RecordTableStore</c> does: how much of the gap to raw
    /// is the storage shape alone (Azurite's merge costs more than an insert and grows with the table).
    /// Why: docs/decisions/0001-records-manifest-row.md
    /// </summary>
    private static async Task<TimeSpan> RawWithManifestAsync(string connectionString, IReadOnlyList<TableEntity[]> rows)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("BaselineManifest" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
            await Parallel.ForEachAsync(batch.GroupBy(r => r.PartitionKey), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (group, ct2) =>
            {
                foreach (var chunk in group.Chunk(99))
                {
                    var manifest = new TableEntity(group.Key, "!records");
                    foreach (var row in chunk)
                    {
                        manifest[RecordManifest.PropertyOf(row.RowKey)] =
                            JsonSerializer.Serialize(row.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")).ToDictionary(p => p.Key, p => p.Value));
                    }

                    await table.SubmitTransactionAsync([.. chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), new TableTransactionAction(TableTransactionActionType.UpsertMerge, manifest)], ct2);
                }
            }));
        var elapsed = watch.Elapsed;
        await table.DeleteAsync();
        return elapsed;
    }

    private static Dictionary<string, object?> Record(string uscc, int i) => new()
    {
        ["sourceId"] = $"ING-{i:D8}",
        ["uscc"] = uscc,
        ["category"] = (i % 3) switch { 0 => "tax-rating", 1 => "inspection", _ => "honour" },
        ["title"] = "基准测试记录",
        ["decisionDate"] = DateTime.UtcNow.AddDays(-(i % 300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["authority"] = "驻马店市市场监督管理局",
        ["rating"] = i % 3 == 0 ? "B" : null,
        ["outcome"] = i % 3 == 1 ? "passed" : null,
        ["disclosure"] = "public",
    };
}
