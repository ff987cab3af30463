using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CreditSharing.Cli.Commands;

/// <summary>The options every command takes.</summary>
public class GlobalSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("The API's base URL, e.g. http://localhost:7071 (else $CREDITSHARING_URL, else the URL saved by login).")]
    public string? Url { get; init; }

    [CommandOption("--token <TOKEN>")]
    [Description("A bearer token (else $CREDITSHARING_TOKEN, else the sign-in saved by login).")]
    public string? Token { get; init; }

    [CommandOption("--output <FORMAT>")]
    [Description("json or table (default).")]
    [DefaultValue("table")]
    public string Output { get; init; } = "table";

    public bool Json => string.Equals(Output, "json", StringComparison.OrdinalIgnoreCase);

    public override ValidationResult Validate()
    {
        if (!string.Equals(Output, "json", StringComparison.OrdinalIgnoreCase) && !string.Equals(Output, "table", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--output is json or table, not '{Output}'.");
        }

        if (Url is not null && !Uri.TryCreate(Url, UriKind.Absolute, out _))
        {
            return ValidationResult.Error($"--url '{Url}' is not an absolute URL.");
        }

        return ValidationResult.Success();
    }
}
