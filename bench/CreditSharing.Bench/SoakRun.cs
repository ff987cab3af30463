using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;

namespace CreditSharing.Bench;

/// <summary>
/// The reliability issue's soak: the DevHost on loopback under a steady mix for a fixed time —
/// 20 scans, 20 records (one POST) and 2 eligibility checks a second — counting every answer that
/// is not the expected one, and the host's resident memory at the start, every minute, and the end.
/// </summary>
public static class SoakRun
{
    private const int ScansPerSecond = 20;
    private const int RecordsPerPost = 20;
    private const int ChecksPerSecond = 2;

    public static async Task<(IReadOnlyList<string> Lines, object Json)> RunAsync(DevHostProcess host, TimeSpan duration)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var producer = Uscc.Compose('9', '1', "411702", "MA900000").Value;
        using var producerClient = await ClientAsync(host, new LocalTokenRequest(["Enterprise"], "soak-producer", producer, null));
        using var provider = await ClientAsync(host, new LocalTokenRequest(["DataProvider"], "soak-provider", null, null));
        using var bank = await ClientAsync(host, new LocalTokenRequest(["Bank"], "soak-officer", null, "soak-bank"));
        var usccs = Enumerable.Range(0, 200).Select(i => Uscc.Compose('9', '1', "411702", $"MB{i + 10:D6}").Value).ToList();

        var codes = new ConcurrentBag<string>();
        await Progress.RunAsync("soak: seed 200 codes and 200 consents", 400, async report =>
        {
            var done = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                using var created = await producerClient.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷鲜猪肉", batch = $"S{i}", producerUscc = producer, storage = "chilled" }, ct);
                var code = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString()!;
                using var added = await producerClient.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step = "produce", actorUscc = producer, occurredAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O", CultureInfo.InvariantCulture), location = "驻马店", temperatureC = 2.0m, sourceId = code + "-0" }, ct);
                added.EnsureSuccessStatusCode();
                codes.Add(code);
                report(Interlocked.Increment(ref done));

                using var enterprise = await ClientAsync(host, new LocalTokenRequest(["Enterprise"], "soak-e-" + usccs[i], usccs[i], null));
                using var granted = await enterprise.PostAsJsonAsync($"/api/enterprises/{usccs[i]}/authorizations", new { bankId = "soak-bank", purpose = "浸泡测试", expiresOn = DateTime.UtcNow.AddMonths(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, ct);
                granted.EnsureSuccessStatusCode();
                report(Interlocked.Increment(ref done));
            });
        });

        var codeList = codes.ToList();
        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var errors = new ConcurrentQueue<string>();
        var pending = new ConcurrentDictionary<Task, byte>();
        var memory = new List<(double Minute, double Rss)> { (0, host.Memory().Rss) };
        var random = new Random(20261126);
        var sequence = 0;

        void Fire(string kind, Func<Task<HttpResponseMessage>> call)
        {
            var task = Task.Run(async () =>
            {
                try
                {
                    using var response = await call();
                    await response.Content.ReadAsByteArrayAsync();
                    counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
                    if (!response.IsSuccessStatusCode)
                    {
                        errors.Enqueue($"{kind}: {(int)response.StatusCode}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    errors.Enqueue($"{kind}: {ex.GetType().Name}");
                }
            });
            pending.TryAdd(task, 0);
            task.ContinueWith(t => pending.TryRemove(t, out _), TaskScheduler.Default);
        }

        var watch = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var ticks = 0;
        await Progress.RunAsync($"soak: {duration.TotalMinutes:F0} minutes of scans, records and checks", duration.TotalSeconds, async report =>
        {
            while (watch.Elapsed < duration && await tick.WaitForNextTickAsync())
            {
                ticks++;
                for (var i = 0; i < ScansPerSecond / 10; i++)
                {
                    var code = codeList[random.Next(codeList.Count)];
                    Fire("scan", () => client.GetAsync($"/api/trace/{code}"));
                }

                if (ticks % 10 == 0)
                {
                    var batch = Enumerable.Range(0, RecordsPerPost).Select(_ => Record(usccs[random.Next(usccs.Count)], Interlocked.Increment(ref sequence))).ToList();
                    Fire("records", () => provider.PostAsJsonAsync("/api/records", batch));
                }

                if (ticks % (10 / ChecksPerSecond) == 0)
                {
                    var uscc = usccs[random.Next(usccs.Count)];
                    Fire("eligibility", () => bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" }));
                }

                if (ticks % 600 == 0)
                {
                    memory.Add((watch.Elapsed.TotalMinutes, host.Memory().Rss));
                }

                report(watch.Elapsed.TotalSeconds);
            }
        });
        await Task.WhenAll(pending.Keys);
        var end = host.Memory();
        memory.Add((watch.Elapsed.TotalMinutes, end.Rss));

        var total = counts.Values.Sum();
        var lines = new List<string>
        {
            $"| soak: {watch.Elapsed.TotalMinutes:F1} min on loopback, {ScansPerSecond} scans + {RecordsPerPost} records + {ChecksPerSecond} eligibility checks a second | {total:N0} requests ({string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value:N0}"))}) |",
            $"| errors (any non-2xx answer or failed call) | {errors.Count}{(errors.IsEmpty ? string.Empty : " — " + string.Join("; ", errors.GroupBy(e => e, StringComparer.Ordinal).Select(g => $"{g.Key} × {g.Count()}")))} |",
            $"| DevHost resident memory: start → end (peak) | {memory[0].Rss:F0} MiB → {end.Rss:F0} MiB ({end.PeakRss:F0} MiB) |",
            $"| resident memory by minute | {string.Join(", ", memory.Select(m => $"{m.Minute:F0}: {m.Rss:F0}"))} MiB |",
        };
        return (lines, new { minutes = watch.Elapsed.TotalMinutes, requests = total, errors = errors.Count, startRssMb = memory[0].Rss, endRssMb = end.Rss, peakRssMb = end.PeakRss });
    }

    private static async Task<HttpClient> ClientAsync(DevHostProcess host, LocalTokenRequest request)
    {
        var client = await LocalTokenClient.CreateRegisteredAsync(host.BaseAddress, request);
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }

    private static Dictionary<string, object?> Record(string uscc, int i) => new()
    {
        ["sourceId"] = $"SOAK-{i:D8}",
        ["uscc"] = uscc,
        ["category"] = i % 2 == 0 ? "inspection" : "honour",
        ["title"] = "浸泡测试记录",
        ["decisionDate"] = DateTime.UtcNow.AddDays(-(i % 200)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["authority"] = "驻马店市市场监督管理局",
        ["outcome"] = i % 2 == 0 ? "passed" : null,
        ["disclosure"] = "public",
    };
}
