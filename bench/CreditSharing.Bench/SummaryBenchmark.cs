using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Grading;
using CreditSharing.DevHost;

namespace CreditSharing.Bench;

/// <summary>
/// Issue 4's bar: the grade summary for 100,000 graded enterprises in under 2 s. The index is
/// seeded in the layout the grade function writes (index rows and their in-partition counters);
/// the product's answer is timed against two raw-storage readings of the same numbers.
/// </summary>
public static class SummaryBenchmark
{
    private static readonly string[] Grades = ["A", "B", "C", "D"];

    public static async Task<IReadOnlyList<string>> RunAsync(DevHostProcess host, string connectionString, string prefix, int enterprises)
        => (await MeasureAsync(host, connectionString, prefix, 0, enterprises)).Lines;

    /// <summary>Seeds index rows <paramref name="from"/>..<paramref name="enterprises"/> (counters cover all seeded so far) and times the summary.</summary>
    public static async Task<(IReadOnlyList<string> Lines, double ProductMs)> MeasureAsync(DevHostProcess host, string connectionString, string prefix, int from, int enterprises)
    {
        var index = new TableServiceClient(connectionString).GetTableClient(prefix + "GradeIndex");
        var counties = CreditSharing.Core.Shared.Counties.All.Keys.ToList();
        var random = new Random(20261126);
        var all = Enumerable.Range(0, enterprises).Select(i =>
        {
            var county = counties[i % counties.Count];
            var grade = Grades[random.Next(100) switch { < 10 => 0, < 70 => 1, < 92 => 2, _ => 3 }];
            return new GradeIndexEntity
            {
                PartitionKey = GradeIndexEntity.PartitionOf(county, grade),
                RowKey = Uscc.Compose('9', '1', county, $"MB{i:D6}").Value,
                County = county,
                Grade = grade,
                Score = grade switch { "A" => 920, "B" => 800, "C" => 650, _ => 500 },
                Name = $"企业{i}",
                Industry = "批发和零售业",
            };
        }).ToList();
        var counts = all.GroupBy(r => r.PartitionKey).ToDictionary(g => g.Key, g => g.Count());
        var rows = all.Skip(from).ToList();

        var seeding = Stopwatch.StartNew();
        var written = 0;
        await Progress.RunAsync($"summary: seed the grade index to {enterprises:N0}", rows.Count, report => Parallel.ForEachAsync(rows.GroupBy(r => r.PartitionKey), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (partition, ct) =>
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await index.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);
                report(Interlocked.Add(ref written, chunk.Length));
            }

            await index.UpsertEntityAsync(new GradeCounterEntity { PartitionKey = partition.Key, Count = counts[partition.Key] }, TableUpdateMode.Replace, ct);
        }));
        seeding.Stop();

        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var tokenResponse = await client.PostAsJsonAsync("/dev/token", new { roles = new[] { "Regulator" }, sub = "bench-regulator" });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());

        var product = await TimeAsync(5, async () =>
        {
            var summary = await client.GetFromJsonAsync<JsonElement>("/api/grades/summary");
            return summary.GetProperty("total").GetInt32();
        });
        var counters = await TimeAsync(5, async () =>
        {
            var reads = await Task.WhenAll(counties.SelectMany(c => Grades.Select(g => index.GetEntityIfExistsAsync<GradeCounterEntity>(GradeIndexEntity.PartitionOf(c, g), GradeCounterEntity.CounterRowKey))));
            return reads.Sum(r => r.HasValue ? r.Value!.Count : 0);
        });
        var scan = await TimeAsync(1, async () =>
        {
            var count = 0;
            await foreach (var _ in index.QueryAsync<TableEntity>("RowKey lt '~'", maxPerPage: 1000, select: ["PartitionKey"]))
            {
                count++;
            }

            return count;
        });

        return (
        [
            $"| grade summary over {enterprises:N0} graded enterprises (index seeded in {seeding.Elapsed.TotalSeconds:F1} s) | totals: product {product.Result:N0}, counters {counters.Result:N0}, scan {scan.Result:N0} |",
            $"| product: GET /api/grades/summary, median of 5 | {product.Median.TotalMilliseconds:F0} ms |",
            $"| baseline: the 44 counter rows read straight from the table, median of 5 | {counters.Median.TotalMilliseconds:F0} ms |",
            $"| ratio product / counter baseline | {product.Median.TotalMilliseconds / counters.Median.TotalMilliseconds:F2} |",
            $"| for contrast: counting by scanning the index (what counters avoid) | {scan.Median.TotalMilliseconds:F0} ms |",
        ], product.Median.TotalMilliseconds);
    }

    private static async Task<(TimeSpan Median, int Result)> TimeAsync(int runs, Func<Task<int>> action)
    {
        var times = new List<TimeSpan>();
        var result = 0;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            result = await action();
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return (times[times.Count / 2], result);
    }
}
