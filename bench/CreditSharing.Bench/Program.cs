using System.Globalization;
using System.Text.Json;
using CreditSharing.Bench;
using CreditSharing.Core.Shared;
using CreditSharing.DevHost;

// dotnet run -c Release --project bench/CreditSharing.Bench [-- --quick | --soak [minutes]]
// Full: 10,000 enterprises, 200,000 records, trace scans over 2,000 then 20,000 codes × 6 events,
// a 100,000-line import, summaries at 10,000 and 100,000. --quick runs a tenth of each (summary
// 1,000 and 10,000; scans over 500 then 5,000 codes).
// --soak: a steady mix for 10 minutes (or the minutes given), errors and memory.
var quick = args.Contains("--quick");
var soak = Array.IndexOf(args, "--soak");

// --only ingest,import: just those measures (profiling one of them without seeding the others).
// --only large-upload [--size-mib 2048]: a SAS upload of that size and its import, the DevHost's peak memory.
// --only review: the daily re-grade of 1,000 due among 10,000 (not part of a whole run).
var onlyAt = Array.IndexOf(args, "--only");
var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
bool Runs(string measure) => only is null || only.Contains(measure, StringComparer.OrdinalIgnoreCase);
var scale = quick ? 10 : 1;
var enterprises = 10_000 / scale;
var records = 200_000 / scale;
var scanCodes = quick ? 500 : 2_000;
var importRows = 100_000 / scale;
var seconds = quick ? 5 : 15;
var root = EmbeddedAzurite.FindRepositoryRoot();
var devHostDll = Path.Combine(AppContext.BaseDirectory, "CreditSharing.DevHost.dll");
var work = Directory.CreateTempSubdirectory("creditsharing-bench").FullName;
const string prefix = "bench";

await using var azurite = await EmbeddedAzurite.StartAsync();
using var host = await DevHostProcess.StartAsync(devHostDll,
[
    "--urls", "http://127.0.0.1:0",
    "--Storage:ConnectionString", azurite.ConnectionString,
    "--Storage:NamePrefix", prefix,
    "--Logging:LogLevel:Default", "Warning",
    "--RateLimit:AnonymousPermitsPerMinute", "0",

    // Each measure takes one token at its start, and a full run's seeding can outlast the default
    // 1-hour token.
    "--Auth:Local:TokenLifetime", "1.00:00:00",
    .. (Environment.GetEnvironmentVariable("BENCH_DEVHOST_ARGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []),
]);

if (soak >= 0)
{
    var minutes = soak + 1 < args.Length && double.TryParse(args[soak + 1], CultureInfo.InvariantCulture, out var m) ? m : 10;
    var (soakLines, soakJson) = await SoakRun.RunAsync(host, TimeSpan.FromMinutes(minutes));
    Console.WriteLine($"# CreditSharing soak {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z, {Environment.ProcessorCount} cores, Azurite in memory");
    Console.WriteLine();
    Console.WriteLine("| measure | result |");
    Console.WriteLine("|---|---|");
    soakLines.ToList().ForEach(Console.WriteLine);
    Directory.CreateDirectory(Path.Combine(root, "bench", "results"));
    await File.WriteAllTextAsync(Path.Combine(root, "bench", "results", "soak.json"), JsonSerializer.Serialize(soakJson, new JsonSerializerOptions { WriteIndented = true }));
    return;
}

var lines = new List<string>();
void Report(IEnumerable<string> more)
{
    foreach (var line in more)
    {
        lines.Add(line);
        Console.Error.WriteLine(line);
    }
}

// Summaries first, over an index nothing else has touched yet.
var summarySmall = Runs("summary") ? await SummaryBenchmark.MeasureAsync(host, azurite.ConnectionString, prefix, 0, 100_000 / scale / 10) : default;
Report(summarySmall.Lines ?? []);
var summaryLarge = Runs("summary") ? await SummaryBenchmark.MeasureAsync(host, azurite.ConnectionString, prefix, 100_000 / scale / 10, 100_000 / scale) : default;
Report(summaryLarge.Lines ?? []);

var usccs = Enumerable.Range(0, enterprises).Select(i => Uscc.Compose('9', '1', $"4117{(20 + (i % 10)).ToString(CultureInfo.InvariantCulture)}", $"MD{i:D6}").Value).ToList();
var ingest = Runs("ingest") ? await IngestBenchmark.RunAsync(host, azurite.ConnectionString, prefix, usccs, records) : default;
Report(ingest.Lines ?? []);
var scan = Runs("scan") ? await ScanBenchmark.RunAsync(host, azurite.ConnectionString, prefix, scanCodes, TimeSpan.FromSeconds(seconds)) : null;
Report(scan?.Lines ?? []);
var eligibility = Runs("eligibility") ? await EligibilityBenchmark.RunAsync(host, usccs, TimeSpan.FromSeconds(seconds)) : default;
Report(eligibility.Lines ?? []);
var import = Runs("import") ? await ImportBenchmark.RunAsync(host, azurite.ConnectionString, prefix, importRows, work) : default;
Report(import.Lines ?? []);
var search = Runs("search") ? await SearchBenchmark.RunAsync(host, azurite.ConnectionString, prefix, enterprises, TimeSpan.FromSeconds(seconds)) : null;
Report(search ?? []);
// Runs its own DevHost in this process, to count the bytes allocated per report.
var report = Runs("report") ? await ReportBenchmark.RunAsync(azurite.ConnectionString, quick ? 20 : 50) : null;
Report(report ?? []);
// Only on request: it runs its own DevHost in this process to count the storage requests.
// Only on request: a SAS upload of --size-mib (default 2,048) MiB and its import, against the 500 MB bar.
var sizeAt = Array.IndexOf(args, "--size-mib");
var largeMib = sizeAt >= 0 && sizeAt + 1 < args.Length ? long.Parse(args[sizeAt + 1], CultureInfo.InvariantCulture) : 2048;
var large = only is not null && Runs("large-upload") ? await LargeUploadBenchmark.RunAsync(host, azurite.ConnectionString, prefix, largeMib * 1024 * 1024) : null;
Report(large ?? []);
var review = only is not null && Runs("review") ? await ReviewBenchmark.RunAsync(azurite.ConnectionString, enterprises, enterprises / 10) : null;
Report(review ?? []);
var peak = host.Memory().PeakRss;
Report([$"| DevHost peak resident memory over the whole run (VmHWM) | {peak:F0} MiB |"]);

Console.WriteLine($"# CreditSharing benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z{(quick ? " (--quick)" : string.Empty)}{(only is null ? string.Empty : $" (--only {string.Join(',', only)})")}, {Environment.ProcessorCount} cores, Azurite in memory");
Console.WriteLine();
Console.WriteLine("| measure | result |");
Console.WriteLine("|---|---|");
lines.ForEach(Console.WriteLine);

// A partial run is for profiling; latest.json always holds a whole run.
if (only is null)
{
    var (scan1, scan16) = (scan!.Results[1], scan.Results[16]);
    var results = new
    {
        ingest = new { product = ingest.Product, raw = ingest.Raw, ratio = ingest.Product / ingest.Raw },
        scan1 = new { product = scan1.Product.Rate, raw = scan1.Raw.Rate, ratio = scan1.Product.Rate / scan1.Raw.Rate, p50Ms = scan1.Product.P50, p95Ms = scan1.Product.P95, p99Ms = scan1.Product.P99, rawP99Ms = scan1.Raw.P99 },
        scan16 = new { product = scan16.Product.Rate, raw = scan16.Raw.Rate, ratio = scan16.Product.Rate / scan16.Raw.Rate, p50Ms = scan16.Product.P50, p95Ms = scan16.Product.P95, p99Ms = scan16.Product.P99, rawP99Ms = scan16.Raw.P99 },
        scanFlat = new { smallCodes = scan.SmallCodes, small16 = scan.Small16.Rate, largeCodes = scan.LargeCodes, large16 = scan.Large16.Rate, ratio = scan.Ratio, small16P99Ms = scan.Small16.P99, large16P99Ms = scan.Large16.P99 },
        pointRead16 = scan.PointRead16.Rate,
        pointRead16P99Ms = scan.PointRead16.P99,
        eligibility = new { p50Ms = eligibility.Load.P50, p99Ms = eligibility.Load.P99 },
        summary = new { ms10k = summarySmall.ProductMs, ms100k = summaryLarge.ProductMs },
        import = new { linesPerSecond = import.LinesPerSecond },
        peakWorkingSetMb = peak,
        quick,
    };
    var output = Path.Combine(root, "bench", "results");
    Directory.CreateDirectory(output);
    await File.WriteAllTextAsync(Path.Combine(output, "latest.json"), JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
}

Directory.Delete(work, recursive: true);
