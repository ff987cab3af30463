using System.Text.Json;
using System.Text.Json.Serialization;
using CreditSharing.Client.Models;
using Spectre.Console;

namespace CreditSharing.Cli.Imports;

/// <summary>An import as the CLI prints it (json or a table); the generated model's number wrappers flattened.</summary>
public sealed record ImportSummary(string ImportId, string Status, string? Format, long Total, long Accepted, long Rejected, string? Error)
{
    public static ImportSummary From(ImportView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new ImportSummary(view.ImportId ?? "", view.Status ?? "", view.Format, Number(view.Total?.Integer, view.Total?.String), Number(view.Accepted?.Integer, view.Accepted?.String), Number(view.Rejected?.Integer, view.Rejected?.String), view.Error);
    }

    [JsonIgnore]
    public bool Finished => Status is "completed" or "failed";

    /// <summary>0 completed without rejections, 3 completed with rejected lines, 1 failed.</summary>
    [JsonIgnore]
    public int ExitCode => Status switch
    {
        "completed" when Rejected > 0 => CliApp.ExitCodes.Rejected,
        "completed" => CliApp.ExitCodes.Ok,
        "failed" => CliApp.ExitCodes.Failure,
        _ => CliApp.ExitCodes.Ok,
    };

    public void Write(IAnsiConsole console, bool json)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (json)
        {
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(this, JsonSerializerOptions.Web));
            return;
        }

        var table = new Table().AddColumn("import").AddColumn("status").AddColumn("format").AddColumn("total").AddColumn("accepted").AddColumn("rejected").AddColumn("error");
        table.AddRow(Markup.Escape(ImportId), Markup.Escape(Status), Markup.Escape(Format ?? ""), $"{Total}", $"{Accepted}", $"{Rejected}", Markup.Escape(Error ?? ""));
        console.Write(table);
    }

    internal static long Number(int? integer, string? text) => integer ?? (long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0);
}
