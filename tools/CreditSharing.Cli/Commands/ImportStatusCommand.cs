using System.ComponentModel;
using System.Text;
using System.Text.Json;
using CreditSharing.Cli.Imports;
using CreditSharing.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CreditSharing.Cli.Commands;

public class ImportIdSettings : GlobalSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("The import id (the upload id).")]
    public string Id { get; init; } = "";
}

/// <summary><c>creditsharing import status ID</c>: exit 0 (also while running), 3 completed with rejections, 1 failed.</summary>
public sealed class ImportStatusCommand(IAnsiConsole console, CliEnvironment environment) : AsyncCommand<ImportIdSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ImportIdSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (client, _) = await ApiConnection.CreateAsync(settings, environment, cancellationToken);
        var view = await client.Api.Imports[settings.Id].GetAsync(cancellationToken: cancellationToken) ?? throw new InvalidOperationException("No import.");
        var summary = ImportSummary.From(view);
        summary.Write(console, settings.Json);
        return summary.ExitCode;
    }
}

public sealed class ImportRejectedSettings : ImportIdSettings
{
    [CommandOption("--out <FILE>")]
    [Description("Write the rejected lines to this CSV file (line,field,message) instead of the console.")]
    public string? Out { get; init; }
}

/// <summary><c>creditsharing import rejected ID [--out rejected.csv]</c>: the first 1,000 rejected lines, one row per error.</summary>
public sealed class ImportRejectedCommand(IAnsiConsole console, CliEnvironment environment) : AsyncCommand<ImportRejectedSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ImportRejectedSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (client, _) = await ApiConnection.CreateAsync(settings, environment, cancellationToken);
        var view = await client.Api.Imports[settings.Id].GetAsync(cancellationToken: cancellationToken) ?? throw new InvalidOperationException("No import.");
        var rows = (view.RejectedLines ?? [])
            .SelectMany(line => (line.Errors?.AdditionalData ?? new Dictionary<string, object>()).Select(error => new RejectedRow(ImportSummary.Number(line.Line?.Integer, line.Line?.String), error.Key, CliApp.Flatten(error.Value))))
            .ToList();
        if (settings.Out is not null)
        {
            var csv = new StringBuilder("line,field,message\n");
            foreach (var row in rows)
            {
                csv.Append(row.Line).Append(',').Append(Quote(row.Field)).Append(',').Append(Quote(row.Message)).Append('\n');
            }

            await File.WriteAllTextAsync(settings.Out, csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
            environment.Error.WriteLine($"{rows.Count} rejection(s) written to {settings.Out}.");
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
