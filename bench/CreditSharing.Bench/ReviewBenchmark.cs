using System.Collections.Concurrent;
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
/// The daily re-grade (<c>RegradeDueGrades</c>): 10,000 enterprises graded, each with one general
/// penalty; 1,000 of them (general penalties decided 30 days ago) share a review date, the others
/// (serious penalties) come due years later. The clock moves to 00:20 of that day (the 00:01
/// timer falls due and re-grades inline), and the measure is the time until every due grade is stored again, and the
/// storage requests made meanwhile, counted by target (table or queue) from the HTTP client's
/// activities. The DevHost runs in this process for that count.
/// </summary>
public static class ReviewBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(string connectionString, int enterprises, int due)
    {
        const string prefix = "review";
        var requests = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var counting = false;
        var tablePort = PortOf(connectionString, "TableEndpoint");
        var queuePort = PortOf(connectionString, "QueueEndpoint");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (!Volatile.Read(ref counting) || a.GetTagItem("server.port") is not int port)
                {
                    return;
                }

                var kind = port == tablePort ? "table" : port == queuePort ? "queue" : null;
                if (kind is not null)
                {
                    requests.AddOrUpdate($"{kind} {a.GetTagItem("http.request.method")} {TargetOf(a.GetTagItem("url.full") as string, prefix)}", 1, (_, n) => n + 1);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await using var host = await DevHostApp.StartAsync([], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:NamePrefix"] = prefix,
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimit:AnonymousPermitsPerMinute"] = "0",
            ["Auth:Local:TokenLifetime"] = "1.00:00:00",
        });
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        await LocalTokenClient.RegisterProviderAsync(host.BaseAddress, "bench-review", LocalTokenClient.EveryRight("bench-review"));
        using var tokenResponse = await client.PostAsJsonAsync("/dev/token", new { roles = new[] { "DataProvider", "Regulator" }, sub = "bench-review" });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());

        // Decided 30 days ago (due enterprises) or 31–330 days ago (the others): general penalties, public 12 months.
        var today = DateOnly.FromDateTime((await client.GetFromJsonAsync<JsonElement>(DevHostApp.ClockRoute)).GetProperty("now").GetDateTimeOffset().DateTime);
        var dueDecided = today.AddDays(-30);
        var reviewOn = Disclosure(dueDecided);
        var usccs = Enumerable.Range(0, enterprises).Select(i => Uscc.Compose('9', '1', $"4117{(20 + (i % 10)).ToString(CultureInfo.InvariantCulture)}", $"MR{i:D6}").Value).ToList();
        // The others' windows end later: serious penalties (public 36 months) from the last 300 days.
        var bodies = usccs.Select((uscc, i) => i < due ? Penalty(uscc, i, dueDecided, "general") : Penalty(uscc, i, today.AddDays(-(i % 300)), "serious")).Chunk(500).ToList();
        var seeding = Stopwatch.StartNew();
        await Progress.RunAsync($"review: grade {enterprises:N0} enterprises", bodies.Count, async report =>
        {
            var posted = 0;
            await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
            {
                using var response = await client.PostAsJsonAsync("/api/records", batch, ct);
                response.EnsureSuccessStatusCode();
                var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                if (receipt.GetProperty("rejected").GetArrayLength() > 0)
                {
                    throw new InvalidOperationException("Records were rejected: " + receipt.GetProperty("rejected")[0].GetRawText());
                }

                report(Interlocked.Increment(ref posted));
            });
        });
        var queues = new[] { $"{prefix}-credit-records", $"{prefix}-grade-requests" }.Select(name => new QueueClient(connectionString, name)).ToList();
        await QueueDrain.WaitAsync("review: store and grade", queues, seeding, TimeSpan.FromHours(1));
        var reviews = new TableServiceClient(connectionString).GetTableClient(prefix + "GradeReviews");
        var rowsDue = 0;
        await foreach (var _ in reviews.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {reviewOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}"), select: ["RowKey"]))
        {
            rowsDue++;
        }

        // The measured day: the clock moves to 00:20 on the review date; the timer re-grades the due enterprises before the clock answers.
        Volatile.Write(ref counting, true);
        var watch = Stopwatch.StartNew();
        using var moved = await client.PostAsJsonAsync(DevHostApp.ClockRoute, new { now = new DateTimeOffset(reviewOn.ToDateTime(new TimeOnly(0, 20)), CityClock.Offset).ToString("O", CultureInfo.InvariantCulture) });
        moved.EnsureSuccessStatusCode();
        var queued = watch.Elapsed;
        var grades = new TableServiceClient(connectionString).GetTableClient(prefix + "Grades");
        await QueueDrain.WaitAsync("review: re-grade the enterprises due", queues.Skip(1).ToList(), watch, TimeSpan.FromHours(1));
        var elapsed = watch.Elapsed;
        Volatile.Write(ref counting, false);

        var regraded = 0;
        foreach (var uscc in usccs.Take(due))
        {
            var row = await grades.GetEntityAsync<TableEntity>(uscc, "current");
            regraded += row.Value.GetInt32("Score") == 800 ? 1 : 0;
        }

        var table = requests.Where(r => r.Key.StartsWith("table", StringComparison.Ordinal)).Sum(r => r.Value);
        var queue = requests.Where(r => r.Key.StartsWith("queue", StringComparison.Ordinal)).Sum(r => r.Value);
        var detail = string.Join(", ", requests.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value:N0}"));
        return
        [
            $"| review: {enterprises:N0} graded enterprises, {rowsDue:N0} due on {reviewOn:yyyy-MM-dd}: clock to 00:20 that day until every due grade is stored again | {elapsed.TotalSeconds:F1} s (the timer's inline catch-up: {queued.TotalSeconds:F2} s; {regraded:N0} of {due:N0} re-graded to 800) |",
            $"| review: storage requests in that time (the DevHost's, by target and method; queue polling included) | table {table:N0} ({(double)table / due:F2} per enterprise due), queue {queue:N0} ({(double)queue / due:F2} per enterprise due): {detail} |",
        ];
    }

    /// <summary>The first day a general penalty decided on <paramref name="decided"/> is no longer public (2026 rules: 12 months).</summary>
    private static DateOnly Disclosure(DateOnly decided) => CreditSharing.Core.Records.Disclosure.LastDay(decided, 12).AddDays(1);

    /// <summary>The table or queue a storage request addressed, without the run's prefix: <c>/devstoreaccount1/reviewGrades(PartitionKey=…)</c> → <c>Grades</c>.</summary>
    private static string TargetOf(string? url, string prefix)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "?";
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var name = segments.Length > 1 ? segments[1] : segments.FirstOrDefault() ?? "?";
        name = name.Split('(')[0];
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..].TrimStart('-') : name;
    }

    private static int PortOf(string connectionString, string key)
        => new Uri(connectionString.Split(';').First(p => p.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..]).Port;

    private static Dictionary<string, object?> Penalty(string uscc, int i, DateOnly decided, string severity) => new()
    {
        ["sourceId"] = $"REV-{i:D8}",
        ["uscc"] = uscc,
        ["category"] = "penalty",
        ["title"] = "基准测试处罚",
        ["decisionDate"] = decided.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["documentNo"] = $"驻市监罚〔2026〕{i}号",
        ["authority"] = "驻马店市市场监督管理局",
        ["legalBasis"] = "《中华人民共和国食品安全法》第一百二十四条",
        ["severity"] = severity,
        ["disclosure"] = "public",
    };
}
