using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CreditSharing.Core.Shared;
using CreditSharing.DevHost;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace CreditSharing.Bench;

/// <summary>
/// Issue 24's report measure: the public 信用报告 (GET /api/public/enterprises/{uscc}/report.pdf) of an
/// enterprise with 50 public records, requested one after another against a DevHost in this process,
/// so the bytes allocated per report are counted (<see cref="GC.GetTotalAllocatedBytes(bool)"/>: the
/// whole process, the HTTP client's side included, so an upper bound). Next to it, in the same run, the
/// raw table reads a report needs (the profile and grade rows, the enterprise's Records and
/// ListEntries partitions). Also the PDF's size and its embedded font programs' sizes (a subset is
/// tens of kilobytes; Droid Sans Fallback whole is about 4 MB).
/// </summary>
public static class ReportBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(string connectionString, int reports)
    {
        const string prefix = "report";
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
        await LocalTokenClient.RegisterProviderAsync(host.BaseAddress, "bench-report", LocalTokenClient.EveryRight("bench-report"));
        using var tokenResponse = await client.PostAsJsonAsync("/dev/token", new { roles = new[] { "DataProvider", "Regulator" }, sub = "bench-report" });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());

        var uscc = Uscc.Compose('9', '1', "411702", "MP000001").Value;
        using (var put = await client.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驻马店市驿城区天中宏达粮油食品有限公司", industry = "粮油批发" }))
        {
            put.EnsureSuccessStatusCode();
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var records = Enumerable.Range(0, 50).Select(i => new Dictionary<string, object?>
        {
            ["sourceId"] = $"RPT-{i:D4}",
            ["uscc"] = uscc,
            ["category"] = "penalty",
            ["title"] = $"销售不符合食品安全标准的食品（第{i + 1}批次抽检不合格，涉及冷鲜猪肉、粮油制品）",
            ["decisionDate"] = today.AddDays(-3 * i - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["documentNo"] = $"驻市监罚〔2026〕{100 + i}号",
            ["authority"] = "驻马店市市场监督管理局",
            ["legalBasis"] = "《中华人民共和国食品安全法》第一百二十四条",
            ["severity"] = i % 5 == 0 ? "serious" : "general",
            ["disclosure"] = "public",
        }).ToList();
        var seeding = Stopwatch.StartNew();
        using (var posted = await client.PostAsJsonAsync("/api/records", records))
        {
            posted.EnsureSuccessStatusCode();
        }

        var queues = new[] { $"{prefix}-credit-records", $"{prefix}-grade-requests" }.Select(name => new QueueClient(connectionString, name)).ToList();
        await QueueDrain.WaitAsync("report: store and grade 50 records", queues, seeding, TimeSpan.FromMinutes(10));
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        var page = await anonymous.GetFromJsonAsync<JsonElement>($"/api/public/enterprises/{uscc}");
        var shown = page.GetProperty("records").GetArrayLength();

        var route = $"/api/public/enterprises/{uscc}/report.pdf";
        byte[] pdf = [];
        async Task<double> ReportOnceAsync()
        {
            var watch = Stopwatch.StartNew();
            using var response = await anonymous.GetAsync(route);
            response.EnsureSuccessStatusCode();
            pdf = await response.Content.ReadAsByteArrayAsync();
            return watch.Elapsed.TotalMilliseconds;
        }

        // Warm-up (JIT, the fonts loaded once per process), then sequential reports.
        for (var i = 0; i < 3; i++)
        {
            await ReportOnceAsync();
        }

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var total = Stopwatch.StartNew();
        var latencies = new List<double>(reports);
        for (var i = 0; i < reports; i++)
        {
            latencies.Add(await ReportOnceAsync());
        }

        total.Stop();
        var allocatedPerReport = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)reports / (1024 * 1024);

        // Raw: the reads a report's data needs, straight from the tables, in parallel as the product does.
        var tables = new TableServiceClient(connectionString);
        var profiles = tables.GetTableClient(prefix + "Enterprises");
        var grades = tables.GetTableClient(prefix + "Grades");
        var recordRows = tables.GetTableClient(prefix + "Records");
        var entries = tables.GetTableClient(prefix + "ListEntries");
        var partition = TableClient.CreateQueryFilter($"PartitionKey eq {uscc}");
        async Task<int> CountAsync(TableClient table)
        {
            var n = 0;
            await foreach (var _ in table.QueryAsync<TableEntity>(partition))
            {
                n++;
            }

            return n;
        }

        var rawLatencies = new List<double>(reports);
        var rawRows = 0;
        var rawTotal = Stopwatch.StartNew();
        for (var i = 0; i < reports; i++)
        {
            var watch = Stopwatch.StartNew();
            var counts = await Task.WhenAll(
                profiles.GetEntityAsync<TableEntity>(uscc, "profile").ContinueWith(_ => 1, TaskScheduler.Default),
                grades.GetEntityAsync<TableEntity>(uscc, "current").ContinueWith(_ => 1, TaskScheduler.Default),
                CountAsync(recordRows),
                CountAsync(entries));
            rawRows = counts.Sum();
            rawLatencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        rawTotal.Stop();
        var (p50, p95) = (Quantile(latencies, 0.50), Quantile(latencies, 0.95));
        var (rawP50, rawP95) = (Quantile(rawLatencies, 0.50), Quantile(rawLatencies, 0.95));
        var fonts = EmbeddedFonts(pdf);
        var within = p95 <= 300 && allocatedPerReport <= 60;
        return
        [
            $"| report: the public PDF of an enterprise with 50 records ({shown} shown publicly), {reports} sequential requests, in-process DevHost | p50 {p50:F1} ms, p95 {p95:F1} ms, {reports / total.Elapsed.TotalSeconds:F1}/s; {allocatedPerReport:F1} MB allocated per report (whole process, client included) |",
            $"| report: raw reads of the same data ({rawRows} rows: profile and grade point reads, Records and ListEntries partition queries, in parallel) | p50 {rawP50:F1} ms, p95 {rawP95:F1} ms |",
            $"| report: product / raw | p50 {p50 / rawP50:F1}×, p95 {p95 / rawP95:F1}× (targets p95 ≤ 300 ms, ≤ 60 MB: {(within ? "met" : "missed")}) |",
            $"| report: PDF size; embedded font programs (FontFile2, decoded bytes) | {pdf.Length:N0} bytes; {fonts} |",
        ];
    }

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }

    /// <summary>Each embedded TrueType font program: its base font name and decoded size (a subset's name starts with a 6-letter tag and '+').</summary>
    private static string EmbeddedFonts(byte[] pdf)
    {
        using var stream = new MemoryStream(pdf);
        using var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
        var found = new List<string>();
        foreach (var item in document.Internals.GetAllObjects())
        {
            if (item is PdfDictionary dictionary && dictionary.Elements.GetName("/Type") == "/FontDescriptor"
                && dictionary.Elements.GetDictionary("/FontFile2") is { Stream: { } program })
            {
                found.Add($"{dictionary.Elements.GetName("/FontName")} {program.UnfilteredValue.Length:N0} bytes");
            }
        }

        return found.Count == 0 ? "none found" : string.Join(", ", found);
    }
}
