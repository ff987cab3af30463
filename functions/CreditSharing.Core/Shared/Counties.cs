using System.Collections.ObjectModel;
using System.Text.Json;

namespace CreditSharing.Core.Shared;

/// <summary>
/// The division codes of Zhumadian (驻马店市, 4117xx) that the system serves: the city itself (411700, 驻马店市本级)
/// and its ten counties. The table is data, <c>Shared/divisions.json</c> (GB/T 2260), shipped inside this assembly.
/// </summary>
public static class Counties
{
    public const string CityPrefix = "4117";

    /// <summary>The city's own division code: registrations by the city-level authorities (市本级).</summary>
    public const string City = "411700";

    private const string ResourceName = "CreditSharing.Core.Shared.divisions.json";

    private static readonly Lazy<ReadOnlyDictionary<string, string>> Names = new(Load);

    /// <summary>Every division the system files enterprises under, with its Chinese name (the city first).</summary>
    public static IReadOnlyDictionary<string, string> All => Names.Value;

    public static string? NameOf(string? code) => code is not null && Names.Value.TryGetValue(code, out var name) ? name : null;

    public static bool IsInCity(string code) => code.StartsWith(CityPrefix, StringComparison.Ordinal);

    /// <summary>The division a code was registered in, when it was registered by the city or one of its counties.</summary>
    public static string? FromUscc(Uscc uscc) => Names.Value.ContainsKey(uscc.DivisionCode) ? uscc.DivisionCode : null;

    /// <summary>Kept in the file's order (a dictionary that is only added to enumerates in insertion order): pages list the divisions as the file does.</summary>
    private static ReadOnlyDictionary<string, string> Load()
    {
        using var stream = typeof(Counties).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException("The division table is not embedded.");
        var file = JsonSerializer.Deserialize<DivisionFile>(stream, WireJson.Options)
                   ?? throw new InvalidOperationException("The division table is empty.");
        if (file.CityPrefix != CityPrefix || file.Divisions.Any(d => d.Code.Length != 6 || !d.Code.All(char.IsAsciiDigit) || !IsInCity(d.Code)))
        {
            throw new InvalidOperationException($"Every division is a 6-digit code starting {CityPrefix}.");
        }

        return file.Divisions.ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal).AsReadOnly();
    }

    private sealed record DivisionFile(string Source, string CityPrefix, IReadOnlyList<Division> Divisions);

    private sealed record Division(string Code, string Name);
}
