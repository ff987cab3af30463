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
/// Issue 6's and 22's measure: consumer scans (GET /api/trace/{code}) over a small set of codes and
/// then over one 10 times larger, at 1 and 16 concurrent clients, next to raw <c>GetEntityAsync</c>
/// point reads of the same codes' head rows, in the same run. A flat scan answers the large set about
/// as fast as the small one.
/// </summary>
public static class ScanBenchmark
{
    /// <summary>Batches (of 166 codes' events) posted before the queue is drained: about 2,000 codes a slice.</summary>
    private const int SeedSliceBatches = 12;

    public sealed record Load(double Rate, double P50, double P95, double P99);

    /// <summary>The small and the large set's scans at 16 clients (<see cref="Flat"/>), and the 1- and 16-client scans of the large set against raw point reads.</summary>
    public sealed record Outcome(IReadOnlyList<string> Lines, IReadOnlyDictionary<int, (Load Product, Load Raw)> Results, int SmallCodes, Load Small16, int LargeCodes, Load Large16, Load PointRead16)
    {
        public double Ratio => Large16.Rate / Small16.Rate;
    }

    private static readonly string[] Steps = ["produce", "process", "inspect", "store", "transport", "retail"];

    public static async Task<Outcome> RunAsync(DevHostProcess host, string connectionString, string prefix, int smallCodes, TimeSpan duration)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var producer = Uscc.Compose('9', '1', "411702", "MC000000").Value;
        using var tokenResponse = await client.PostAsJsonAsync("/dev/token", new { roles = new[] { "Enterprise" }, sub = "bench-producer", uscc = producer });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());

        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        var trace = new TableServiceClient(connectionString).GetTableClient(prefix + "Trace");
        Func<string, Task> scan = async code =>
        {
            using var response = await anonymous.GetAsync($"/api/trace/{code}");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        };
        Func<string, Task> pointRead = async code => await trace.GetEntityAsync<TableEntity>(code, "product");

        var lines = new List<string>();
        var seeding = Stopwatch.StartNew();
        var small = await SeedAsync(client, connectionString, prefix, producer, 0, smallCodes);
        var smallSeconds = seeding.Elapsed.TotalSeconds;
        var small16 = await LoadAsync(16, duration, small, scan);
        lines.Add($"| trace scans over {smallCodes:N0} codes × 6 events (seeded through the API in {smallSeconds:F0} s), 16 clients | {small16.Rate:N0}/s, p50 {small16.P50:F1} ms, p95 {small16.P95:F1} ms, p99 {small16.P99:F1} ms |");

        var largeCodes = smallCodes * 10;
        seeding.Restart();
        var created = small.Concat(await SeedAsync(client, connectionString, prefix, producer, smallCodes, largeCodes - smallCodes)).ToList();
        seeding.Stop();
        lines.Add($"| trace scans over {largeCodes:N0} codes × 6 events (the other {largeCodes - smallCodes:N0} seeded in {seeding.Elapsed.TotalSeconds:F0} s), {duration.TotalSeconds:F0} s per run | |");
        var results = new Dictionary<int, (Load, Load)>();
        foreach (var clients in new[] { 1, 16 })
        {
            var product = await LoadAsync(clients, duration, created, scan);
            var raw = await LoadAsync(clients, duration, created, pointRead);
            lines.Add($"| {clients} client(s): product GET /api/trace/{{code}} | {product.Rate:N0}/s, p50 {product.P50:F1} ms, p95 {product.P95:F1} ms, p99 {product.P99:F1} ms |");
            lines.Add($"| {clients} client(s): raw GetEntityAsync of the same codes' head rows | {raw.Rate:N0}/s, p50 {raw.P50:F1} ms, p95 {raw.P95:F1} ms, p99 {raw.P99:F1} ms |");
            lines.Add($"| {clients} client(s): ratio product / raw point read | throughput {product.Rate / raw.Rate:F2}, p99 {product.P99 / raw.P99:F2} |");
            results[clients] = (product, raw);
        }

        var (large16, pointRead16) = results[16];
        lines.Add($"| scan flatness, 16 clients: {largeCodes:N0} codes / {smallCodes:N0} codes | {large16.Rate / small16.Rate:F2} ({large16.Rate:N0}/s / {small16.Rate:N0}/s) |");
        return new Outcome(lines, results, smallCodes, small16, largeCodes, large16, pointRead16);
    }

    /// <summary>Registers <paramref name="count"/> codes and posts their 6 events each in batches, then waits until every event is chained.</summary>
    private static async Task<List<string>> SeedAsync(HttpClient client, string connectionString, string prefix, string producer, int first, int count)
    {
        var created = new List<string>();
        var seeding = Stopwatch.StartNew();
        await Progress.RunAsync($"scan: create {count:N0} codes", count, report => Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
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
        var batches = created.Chunk(1000 / Steps.Length).Select(chunk => chunk.SelectMany(code => Steps.Select((step, s) => new
        {
            step,
            actorUscc = producer,
            occurredAt = start.AddHours(s).ToString("O", CultureInfo.InvariantCulture),
            location = "驻马店",
            temperatureC = 2.0m,
            codes = new[] { code },
            sourceId = $"{code}-{s}",
        })).ToList()).ToList();
        // Posted in slices, each drained before the next: Azurite sorts every queued message on each
        // dequeue, so a queue of tens of thousands of messages drains quadratically, an emulator
        // cost that says nothing of the product (measured on 2026-12-03: 18,000 messages at once
        // drained at 5 a second). A department's batches do not pile up like that either.
        var posted = 0;
        foreach (var slice in batches.Chunk(SeedSliceBatches))
        {
            await Progress.RunAsync($"scan: POST {count * Steps.Length:N0} events in batches", batches.Count, report => Parallel.ForEachAsync(slice, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
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
        }
        foreach (var code in new[] { created[0], created[^1] })
        {
            var scan = await client.GetFromJsonAsync<JsonElement>($"/api/trace/{code}");
            if (scan.GetProperty("events").GetArrayLength() != Steps.Length)
            {
                throw new InvalidOperationException($"Code {code} has {scan.GetProperty("events").GetArrayLength()} events after seeding, not {Steps.Length}.");
            }
        }

        return created;
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
