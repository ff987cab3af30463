using System.ComponentModel;
using System.Text.Json;
using CreditSharing.Cli.Infrastructure;
using CreditSharing.Client.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CreditSharing.Cli.Commands;

public sealed class EligibilityCheckSettings : GlobalSettings
{
    [CommandArgument(0, "[USCC]")]
    [Description("Unified social credit codes.")]
    public string[] Usccs { get; init; } = [];

    [CommandOption("--file <FILE>")]
    [Description("A text file of USCCs, one a line (blank lines and # comments skipped).")]
    public string? File { get; init; }

    [CommandOption("--product <PRODUCT>")]
    [Description("The loan product (default standard).")]
    [DefaultValue("standard")]
    public string Product { get; init; } = "standard";

    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        if (Usccs.Length == 0 && File is null)
        {
            return ValidationResult.Error("Give USCCs or --file usccs.txt.");
        }

        return File is not null && !System.IO.File.Exists(File) ? ValidationResult.Error($"No file '{File}'.") : ValidationResult.Success();
    }
}

/// <summary><c>creditsharing eligibility check</c>: POST /api/loans/eligibility/batch in batches of 1,000.</summary>
public sealed class EligibilityCheckCommand(IAnsiConsole console, CliEnvironment environment) : AsyncCommand<EligibilityCheckSettings>
{
    public const int BatchSize = 1000;

    public override async Task<int> ExecuteAsync(CommandContext context, EligibilityCheckSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var usccs = settings.Usccs.ToList();
        if (settings.File is not null)
        {
            usccs.AddRange((await System.IO.File.ReadAllLinesAsync(settings.File, cancellationToken)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }

        var (client, _) = await ApiConnection.CreateAsync(settings, environment, cancellationToken);
        var items = new List<EligibilityRow>();
        foreach (var batch in usccs.Chunk(BatchSize))
        {
            var answer = await client.Api.Loans.Eligibility.Batch.PostAsync(new BatchEligibilityRequest { Product = settings.Product, Usccs = [.. batch] }, cancellationToken: cancellationToken)
                ?? throw new InvalidOperationException("The API answered no batch.");
            items.AddRange((answer.Items ?? []).Select(i => new EligibilityRow(i.Uscc ?? "", i.Status ?? "", i.Result?.Eligible, Reasons(i.Result), i.AuditId)));
        }

        if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new { product = settings.Product, items }, JsonSerializerOptions.Web));
        }
        else
        {
            var table = new Table().AddColumn("uscc").AddColumn("status").AddColumn("reasons");
            foreach (var item in items)
            {
                table.AddRow(Markup.Escape(item.Uscc), Markup.Escape(item.Status), Markup.Escape(string.Join("; ", item.Reasons)));
            }

            console.Write(table);
        }

        return CliApp.ExitCodes.Ok;
    }

    private static IReadOnlyList<string> Reasons(EligibilityAnswer? result)
        => result?.Reason is { Length: > 0 } reason ? [reason] : [];

    private sealed record EligibilityRow(string Uscc, string Status, bool? Eligible, IReadOnlyList<string> Reasons, string? AuditId);
}
