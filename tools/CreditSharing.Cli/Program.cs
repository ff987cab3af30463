using CreditSharing.Cli;
using Spectre.Console;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the upload cleanly (acknowledged blocks stay recorded); a rerun resumes.
    e.Cancel = true;
    cancellation.Cancel();
};

return await CliApp.RunAsync(args, AnsiConsole.Console, CliEnvironment.FromProcess(), cancellation.Token);
