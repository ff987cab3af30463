using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CreditSharing.Core.Shared;
using CreditSharing.DevHost;

namespace CreditSharing.Bench;

/// <summary>
/// Issue 6's measure: consumer scans (GET /api/trace/{code}) at 1 and 16 concurrent clients against
/// the raw single-partition query of the same codes, in the same run.
/// </summary>
public static class ScanBenchmark
{
    public sealed record Load(double Rate, double P50, double P95, double P99);

    public static async Task<(IReadOnlyList<string> Lines, IReadOnlyDictionary<int, (Load Product, Load Raw)> Results)> RunAsync(DevHostProcess host, string connectionString, string prefix, int codes, TimeSpan duration)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var producer = Uscc.Compose('9', '1', "411702", "MC000000").Value;
        using var tokenResponse = await client.PostAsJsonAsync("/dev/token", new { roles = new[] { "Enterprise" }, sub = "bench-producer", uscc = producer });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());

        var steps = new[] { "produce", "process", "inspect", "store", "transport", "retail" };
        var created = new List<string>();
        var seeding = Stopwatch.StartNew();
        await Progress.RunAsync($"scan: create {codes:N0} codes", codes, report => Parallel.ForEachAsync(Enumerable.Range(0, codes), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var response = await client.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷鲜猪肉", batch = $"B{i}", producerUscc = producer, storage = "chilled" }, ct);
            response.EnsureSuccessStatusCode();
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString()!;
            lock (created)
            {
                created.Add(code);
                report(created.Count);
            }
        }));

        // The events go in as a department sends them, in batches (POST /api/trace/events, at most
        // 1,000 events), so each code's 6 events are one queue message and one append.
        // Why: docs/decisions/0004-trace-chain-head-keeps-sources.md
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var batches = created.Chunk(1000 / steps.Length).Select(chunk => chunk.SelectMany(code => steps.Select((step, s) => new
        {
            step,
            actorUscc = producer,
            occurredAt = start.AddHours(s).ToString("O", CultureInfo.InvariantCulture),
            location = "驻马店",
            temperatureC = 2.0m,
            codes = new[] { code },
            sourceId = $"{code}-{s}",
        })).ToList()).ToList();
        var posted = 0;
        await Progress.RunAsync($"scan: POST {codes * steps.Length:N0} events in batches", batches.Count, report => Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
        {
            using var response = await client.PostAsJsonAsync("/api/trace/events", batch, ct);
            response.EnsureSuccessStatusCode();
            var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (receipt.TryGetProperty("rejected", out var rejected) && rejected.ValueKind == JsonValueKind.Array && rejected.GetArrayLength() > 0)
            {
                throw new InvalidOperationException($"The trace events batch was partly rejected: {rejected}");
            }

            report(Interlocked.Increment(ref posted));
        }));
        await QueueDrain.WaitAsync("scan: chain the events (queued messages left)", [new QueueClient(connectionString, $"{prefix}-trace-events")], seeding, TimeSpan.FromHours(1));
        seeding.Stop();
        foreach (var code in new[] { created[0], created[^1] })
        {
            var scan = await client.GetFromJsonAsync<JsonElement>($"/api/trace/{code}");
            if (scan.GetProperty("events").GetArrayLength() != steps.Length)
            {
                throw new InvalidOperationException($"Code {code} has {scan.GetProperty("events").GetArrayLength()} events after seeding, not {steps.Length}.");
            }
        }

        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        var trace = new TableServiceClient(connectionString).GetTableClient(prefix + "Trace");
        var results = new Dictionary<int, (Load, Load)>();
        var lines = new List<string> { $"| trace scans over {codes:N0} codes × 6 events (seeded through the API in {seeding.Elapsed.TotalSeconds:F0} s), {duration.TotalSeconds:F0} s per run | |" };
        foreach (var clients in new[] { 1, 16 })
        {
            var product = await LoadAsync(clients, duration, created, async code =>
            {
                using var response = await anonymous.GetAsync($"/api/trace/{code}");
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            });
            var raw = await LoadAsync(clients, duration, created, async code =>
            {
                await foreach (var _ in trace.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {code}")))
                {
                }
            });
            lines.Add($"| {clients} client(s): product GET /api/trace/{{code}} | {product.Rate:N0}/s, p50 {product.P50:F1} ms, p95 {product.P95:F1} ms, p99 {product.P99:F1} ms |");
            lines.Add($"| {clients} client(s): raw partition query of the same codes | {raw.Rate:N0}/s, p50 {raw.P50:F1} ms, p95 {raw.P95:F1} ms, p99 {raw.P99:F1} ms |");
            lines.Add($"| {clients} client(s): ratio product / raw | throughput {product.Rate / raw.Rate:F2}, p99 {product.P99 / raw.P99:F2} |");
            results[clients] = (product, raw);
        }

        return (lines, results);
    }

    public static async Task<Load> LoadAsync(int clients, TimeSpan duration, IReadOnlyList<string> codes, Func<string, Task> call)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var deadline = DateTime.UtcNow + duration;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var random = new Random(c);
            while (DateTime.UtcNow < deadline)
            {
                var watch = Stopwatch.StartNew();
                await call(codes[random.Next(codes.Count)]);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
        }));
        var sorted = latencies.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        return new Load(sorted.Length / total.Elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99));
    }
}
