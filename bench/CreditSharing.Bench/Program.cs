using CreditSharing.Bench;
using CreditSharing.DevHost;

// Usage: dotnet run -c Release --project bench/CreditSharing.Bench -- [rows] [graded] [codes] [seconds]
//        (defaults 100000 100000 1000 15)
var rows = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var graded = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var codes = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000;
var seconds = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 15;
var root = EmbeddedAzurite.FindRepositoryRoot();
var devHostDll = Path.Combine(AppContext.BaseDirectory, "CreditSharing.DevHost.dll");
var work = Directory.CreateTempSubdirectory("creditsharing-bench").FullName;

await using var azurite = await EmbeddedAzurite.StartAsync();
using var host = await DevHostProcess.StartAsync(devHostDll,
[
    "--urls", "http://127.0.0.1:0",
    "--Storage:ConnectionString", azurite.ConnectionString,
    "--Storage:NamePrefix", "bench",
    "--Logging:LogLevel:Default", "Warning",
]);

Console.WriteLine($"# CreditSharing benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z, {Environment.ProcessorCount} cores, Azurite in memory, repository {root}");
Console.WriteLine();
Console.WriteLine("| measure | result |");
Console.WriteLine("|---|---|");
// The summary runs first, over an index no other benchmark has touched.
foreach (var line in await SummaryBenchmark.RunAsync(host, azurite.ConnectionString, "bench", graded))
{
    Console.WriteLine(line);
}

foreach (var line in await ScanBenchmark.RunAsync(host, azurite.ConnectionString, "bench", codes, TimeSpan.FromSeconds(seconds)))
{
    Console.WriteLine(line);
}

foreach (var line in await ImportBenchmark.RunAsync(host, azurite.ConnectionString, rows, work))
{
    Console.WriteLine(line);
}

Directory.Delete(work, recursive: true);
