using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using CreditSharing.Core.Shared;
using CreditSharing.DevHost;

namespace CreditSharing.Bench;

/// <summary>
/// Issue 3's bar: a 100,000-line CSV imported through the DevHost, the host's peak memory, against
/// a baseline that writes the same rows straight into a table (batched per partition, 16 at once).
/// </summary>
public static class ImportBenchmark
{
    private const string Header = "sourceId,uscc,category,title,content,decisionDate,documentNo,authority,legalBasis,severity,outcome,rating,amount,disclosure";

    public static async Task<(IReadOnlyList<string> Lines, double LinesPerSecond, double PeakMb)> RunAsync(DevHostProcess host, string connectionString, string prefix, int rows, string workDirectory)
    {
        var enterprises = Math.Max(1, rows / 10);
        var usccs = Enumerable.Range(0, enterprises).Select(i => Uscc.Compose('9', '1', $"4117{(i % 10 == 0 ? "02" : (20 + (i % 10)).ToString(CultureInfo.InvariantCulture))}", $"MA{i:D6}").Value).ToList();
        var file = Path.Combine(workDirectory, $"import-{rows}.csv");
        await WriteCsvAsync(file, rows, usccs);
        var size = new FileInfo(file).Length;

        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        await LocalTokenClient.RegisterProviderAsync(host.BaseAddress, "bench-provider", LocalTokenClient.EveryRight("bench-provider"));
        using var tokenResponse = await client.PostAsJsonAsync("/dev/token", new { roles = new[] { "DataProvider" }, sub = "bench-provider" });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var watch = Stopwatch.StartNew();
        await using var upload = File.OpenRead(file);
        using var content = new StreamContent(upload);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        using var response = await client.PostAsync("/api/imports", content);
        response.EnsureSuccessStatusCode();
        var uploaded = watch.Elapsed;
        var location = response.Headers.Location!.OriginalString;
        var status = default(JsonElement);
        var peak = 0d;
        await Progress.RunAsync($"import: {rows:N0} CSV lines", rows, async report =>
        {
            do
            {
                await Task.Delay(500);
                peak = Math.Max(peak, host.Memory().PeakRss);
                status = await client.GetFromJsonAsync<JsonElement>(location);
                report(status.GetProperty("total").GetInt32());
            }
            while (status.GetProperty("status").GetString() is "queued" or "running");
        });

        var product = watch.Elapsed;
        peak = Math.Max(peak, host.Memory().PeakRss);

        // The import asks for its enterprises' grades when it completes; the baseline runs once they
        // are done, so it does not share Azurite with them.
        await QueueDrain.WaitAsync("import: grade its enterprises (queued messages left)", [new Azure.Storage.Queues.QueueClient(connectionString, $"{prefix}-grade-requests")], watch, TimeSpan.FromMinutes(15));

        var graded = watch.Elapsed;
        peak = Math.Max(peak, host.Memory().PeakRss);
        var baseline = await BaselineAsync(connectionString, rows, usccs);

        var accepted = status.GetProperty("accepted").GetInt32();

        // The CLI path (issue 25): the same number of new rows (other sourceIds) through creditsharing import --wait,
        // a SAS upload to blob storage then the import, as a department would run it.
        var cliFile = Path.Combine(workDirectory, $"import-cli-{rows}.csv");
        await WriteCsvAsync(cliFile, rows, usccs, "C");
        var cliWatch = Stopwatch.StartNew();
        var cliHome = Directory.CreateTempSubdirectory("bench-cli-").FullName;
        var cliExit = await Cli.CliApp.RunAsync(
            ["import", cliFile, "--wait", "--output", "json", "--url", host.BaseAddress.ToString(), "--token", token!, "--poll-interval", "500"],
            Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null) }),
            new Cli.CliEnvironment(cliHome, Console.Error) { UrlFromEnvironment = null, TokenFromEnvironment = null },
            CancellationToken.None);
        var cli = cliWatch.Elapsed;
        peak = Math.Max(peak, host.Memory().PeakRss);
        return (
        [
            $"| import of a {rows:N0}-line CSV ({size / 1024.0 / 1024.0:F1} MiB, {enterprises:N0} enterprises) | status {status.GetProperty("status").GetString()}, total {status.GetProperty("total").GetInt32():N0}, accepted {accepted:N0}, rejected {status.GetProperty("rejected").GetInt32():N0} |",
            $"| product: upload (202) | {uploaded.TotalSeconds:F1} s |",
            $"| product: upload to completed | {product.TotalSeconds:F1} s ({rows / product.TotalSeconds:N0} rows/s; every enterprise graded after {graded.TotalSeconds:F1} s) |",
            $"| baseline: the same rows written straight to a table (entity group transactions, 16 partitions at once) | {baseline.TotalSeconds:F1} s ({rows / baseline.TotalSeconds:N0} rows/s) |",
            $"| ratio product / baseline (rates) | {baseline.TotalSeconds / product.TotalSeconds:F2} |",
            $"| product through the CLI: creditsharing import --wait (SAS upload, then the import; exit {cliExit}) | {cli.TotalSeconds:F1} s ({rows / cli.TotalSeconds:N0} lines/s) |",
            $"| DevHost peak resident memory (VmHWM) | {peak:F0} MiB |",
        ], rows / product.TotalSeconds, peak);
    }

    private static async Task WriteCsvAsync(string path, int rows, IReadOnlyList<string> usccs, string idPrefix = "B")
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(true));
        await writer.WriteAsync(Header + "\r\n");
        for (var i = 0; i < rows; i++)
        {
            var uscc = usccs[i % usccs.Count];
            var line = (i % 4) switch
            {
                0 => $"{idPrefix}-{i:D7},{uscc},penalty,\"销售不符合食品安全标准的食品，罚款\",\"经查，当事人于2026年3月销售过期食品，违反《食品安全法》第三十四条。\",2026-05-01,驻市监罚〔2026〕{i}号,驻马店市市场监督管理局,《食品安全法》第一百二十四条,general,,,5000.00,public",
                1 => $"{idPrefix}-{i:D7},{uscc},tax-rating,2025年度纳税信用评价,,2026-04-15,,国家税务总局驻马店市税务局,,,,B,,public",
                2 => $"{idPrefix}-{i:D7},{uscc},inspection,双随机抽查,,2026-06-20,,驻马店市市场监督管理局,,,passed,,,public",
                _ => $"{idPrefix}-{i:D7},{uscc},utility-arrears,欠缴水费,,2026-02-01,,驻马店市供水公司,,,active,,320.50,shared",
            };
            await writer.WriteAsync(line + "\r\n");
        }
    }

    private static async Task<TimeSpan> BaselineAsync(string connectionString, int rows, IReadOnlyList<string> usccs)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("BaselineRecords" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        var entities = Enumerable.Range(0, rows).Select(i => new TableEntity(usccs[i % usccs.Count], $"bench~B-{i:D7}")
        {
            ["Category"] = "tax-rating",
            ["Title"] = "2025年度纳税信用评价",
            ["Content"] = "经查，当事人于2026年3月销售过期食品，违反《食品安全法》第三十四条。",
            ["DecisionDate"] = "2026-04-15",
            ["Authority"] = "国家税务总局驻马店市税务局",
            ["Disclosure"] = "public",
            ["Revision"] = 1,
        }).ToList();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            entities.GroupBy(e => e.PartitionKey),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (group, ct) =>
            {
                foreach (var chunk in group.Chunk(100))
                {
                    await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct);
                }
            });
        return watch.Elapsed;
    }
}
