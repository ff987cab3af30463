using System.Collections.Frozen;
using System.Text.Json;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Enterprises;

/// <summary>
/// GB/T 4754-2017 国民经济行业分类 as data (<c>Enterprises/industry-codes.json</c>, shipped inside this assembly):
/// the 20 sections (门类, A–T) and the 97 divisions (大类, 01–97). An enterprise's <c>industryCode</c> is a
/// section letter, optionally followed by one of that section's divisions: <c>F</c>, <c>F51</c>, <c>G59</c>.
/// Filters take a code as a prefix: <c>F</c> matches <c>F</c>, <c>F51</c> and <c>F52</c>.
/// </summary>
public static class IndustryCodes
{
    public const string Field = "industryCode";

    private const string ResourceName = "CreditSharing.Core.Enterprises.industry-codes.json";

    private static readonly Lazy<FrozenDictionary<string, string>> Names = new(Load);

    /// <summary>Every valid code (sections and section+division) with its Chinese name.</summary>
    public static IReadOnlyDictionary<string, string> All => Names.Value;

    public static string? NameOf(string? code) => code is not null && Names.Value.TryGetValue(code, out var name) ? name : null;

    /// <summary>Reads an industry code: trimmed and upper-cased; blank is no code (null) and not an error.</summary>
    public static bool TryNormalize(string? input, out string? code, out string error)
    {
        code = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            return true;
        }

        var candidate = input.Trim().ToUpperInvariant();
        if (candidate.Length is not (1 or 3) || !char.IsAsciiLetterUpper(candidate[0]) || !candidate[1..].All(char.IsAsciiDigit))
        {
            error = "An industry code is a GB/T 4754-2017 section letter, optionally with its two-digit division (F, F51).";
            return false;
        }

        if (!Names.Value.ContainsKey(candidate))
        {
            error = candidate.Length == 1 || !Names.Value.ContainsKey(candidate[..1])
                ? $"'{candidate[..1]}' is not a section of GB/T 4754-2017 (A–T)."
                : $"Division {candidate[1..]} is not in section {candidate[0]} of GB/T 4754-2017.";
            return false;
        }

        code = candidate;
        return true;
    }

    /// <summary>Whether a stored code falls under a filter code (a prefix: <c>F</c> matches <c>F51</c>).</summary>
    public static bool Matches(string? code, string? filter)
        => filter is null || (code is not null && code.StartsWith(filter, StringComparison.Ordinal));

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(IndustryCodes).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException("The industry-code table is not embedded.");
        var file = JsonSerializer.Deserialize<TableFile>(stream, WireJson.Options)
                   ?? throw new InvalidOperationException("The industry-code table is empty.");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in file.Sections)
        {
            if (section.Code.Length != 1 || !char.IsAsciiLetterUpper(section.Code[0]))
            {
                throw new InvalidOperationException($"Section '{section.Code}' is not one capital letter.");
            }

            names.Add(section.Code, section.Name);
            foreach (var division in section.Divisions)
            {
                if (division.Code.Length != 2 || !division.Code.All(char.IsAsciiDigit))
                {
                    throw new InvalidOperationException($"Division '{division.Code}' is not two digits.");
                }

                names.Add(section.Code + division.Code, division.Name);
            }
        }

        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record TableFile(string Source, IReadOnlyList<Section> Sections);

    private sealed record Section(string Code, string Name, IReadOnlyList<Division> Divisions);

    private sealed record Division(string Code, string Name);
}
