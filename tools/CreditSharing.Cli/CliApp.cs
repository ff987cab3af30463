using CreditSharing.Cli.Commands;
using CreditSharing.Cli.Infrastructure;
using Microsoft.Kiota.Abstractions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CreditSharing.Cli;

/// <summary>The <c>creditsharing</c> command tree and its exit codes (docs/cli.md).</summary>
public static class CliApp
{
    /// <summary>Exit codes: 0 ok; 1 failure; 2 bad usage; 3 an import completed with rejected lines.</summary>
    public static class ExitCodes
    {
        public const int Ok = 0;
        public const int Failure = 1;
        public const int Usage = 2;
        public const int Rejected = 3;
    }

    public static async Task<int> RunAsync(IEnumerable<string> args, IAnsiConsole console, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var app = new CommandApp(new Registrar(environment, console));
        app.Configure(config =>
        {
            config.SetApplicationName("creditsharing");
            config.ConfigureConsole(console);
            config.PropagateExceptions();
            config.AddCommand<LoginCommand>("login").WithDescription("Sign in: device code against Entra ID, or --dev for a DevHost's local token.");
            // One command: 'import FILE', 'import status ID' and 'import rejected ID' (Spectre's branches do not take a
            // default command with an argument beside sub-commands).
            config.AddCommand<ImportCommand>("import")
                .WithDescription("Import a file of credit records (CSV, NDJSON or XLSX) through a resumable SAS upload; 'import status ID'; 'import rejected ID --out rejected.csv'.")
                .WithExample("import", "处罚2026-11.xlsx", "--severity", "general", "--wait")
                .WithExample("import", "status", "0f3c…")
                .WithExample("import", "rejected", "0f3c…", "--out", "rejected.csv");
            config.AddBranch<GlobalSettings>("eligibility", eligibility =>
            {
                eligibility.SetDescription("Loan eligibility (banks).");
                eligibility.AddCommand<EligibilityCheckCommand>("check").WithDescription("Check enterprises in batches of 1,000.");
            });
        });

        try
        {
            return await app.RunAsync(args, cancellationToken);
        }
        catch (CommandAppException e)
        {
            environment.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (UsageException e)
        {
            environment.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            environment.Error.WriteLine(Describe(e));
            return ExitCodes.Failure;
        }
    }

    /// <summary>One line for stderr: a problem's status, title and detail; else the exception's message.</summary>
    internal static string Describe(Exception e) => e switch
    {
        Client.Models.ProblemDetails problem => $"error: {problem.Status ?? problem.ResponseStatusCode} {problem.Title}{(string.IsNullOrEmpty(problem.Detail) ? "" : ": " + problem.Detail)}{Errors(problem)}",
        ApiException api => $"error: the API answered {api.ResponseStatusCode}: {api.Message}",
        OperationCanceledException => "error: interrupted; rerun the same command to continue.",
        _ => $"error: {e.Message}",
    };

    private static string Errors(Client.Models.ProblemDetails problem)
        => problem.Errors?.AdditionalData is { Count: > 0 } errors
            ? " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {Flatten(e.Value)}")) + ")"
            : "";

    internal static string Flatten(object? value) => value switch
    {
        null => "",
        string s => s,
        System.Collections.IEnumerable items => string.Join(" ", items.Cast<object?>().Select(Flatten)),
        _ => value.ToString() ?? "",
    };
}
