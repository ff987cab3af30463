using System.Text;
using System.Text.Json;
using CreditSharing.Cli.Imports;
using CreditSharing.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CreditSharing.Cli.Commands;

/// <summary><c>import status ID</c> and <c>import rejected ID [--out rejected.csv]</c>.</summary>
public static class ImportReports
{
    /// <summary><c>creditsharing import status ID</c>: exit 0 (also while running), 3 completed with rejections, 1 failed.</summary>
    public static async Task<int> StatusAsync(IAnsiConsole console, CliEnvironment environment, GlobalSettings settings, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (client, _) = await ApiConnection.CreateAsync(settings, environment, cancellationToken);
        var view = await client.Api.Imports[id].GetAsync(cancellationToken: cancellationToken) ?? throw new InvalidOperationException("No import.");
        var summary = ImportSummary.From(view);
        summary.Write(console, settings.Json);
        return summary.ExitCode;
    }

    /// <summary><c>creditsharing import rejected ID [--out rejected.csv]</c>: the first 1,000 rejected lines, one row per error.</summary>
    public static async Task<int> RejectedAsync(IAnsiConsole console, CliEnvironment environment, GlobalSettings settings, string id, string? outFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (client, _) = await ApiConnection.CreateAsync(settings, environment, cancellationToken);
        var view = await client.Api.Imports[id].GetAsync(cancellationToken: cancellationToken) ?? throw new InvalidOperationException("No import.");
        var rows = (view.RejectedLines ?? [])
            .SelectMany(line => (line.Errors?.AdditionalData ?? new Dictionary<string, object>()).Select(error => new RejectedRow(ImportSummary.Number(line.Line?.Integer, line.Line?.String), error.Key, CliApp.Flatten(error.Value))))
            .ToList();
        if (outFile is not null)
        {
            var csv = new StringBuilder("line,field,message\n");
            foreach (var row in rows)
            {
                csv.Append(row.Line).Append(',').Append(Quote(row.Field)).Append(',').Append(Quote(row.Message)).Append('\n');
            }

            await File.WriteAllTextAsync(outFile, csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
            environment.Error.WriteLine($"{rows.Count} rejection(s) written to {outFile}.");
        }
        else if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(rows, JsonSerializerOptions.Web));
        }
        else
        {
            var table = new Table().AddColumn("line").AddColumn("field").AddColumn("message");
            foreach (var row in rows)
            {
                table.AddRow($"{row.Line}", Markup.Escape(row.Field), Markup.Escape(row.Message));
            }

            console.Write(table);
        }

        return CliApp.ExitCodes.Ok;
    }

    private static string Quote(string value)
        => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private sealed record RejectedRow(long Line, string Field, string Message);
}
