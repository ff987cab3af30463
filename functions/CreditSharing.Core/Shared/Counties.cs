namespace CreditSharing.Core.Shared;

/// <summary>The division codes of Zhumadian (驻马店市, 4117xx) that the system serves.</summary>
public static class Counties
{
    public const string CityPrefix = "4117";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["411702"] = "驿城区",
        ["411721"] = "西平县",
        ["411722"] = "上蔡县",
        ["411723"] = "平舆县",
        ["411724"] = "正阳县",
        ["411725"] = "确山县",
        ["411726"] = "泌阳县",
        ["411727"] = "汝南县",
        ["411728"] = "遂平县",
        ["411729"] = "新蔡县",
    };

    public static IReadOnlyDictionary<string, string> All => Names;

    public static string? NameOf(string? code) => code is not null && Names.TryGetValue(code, out var name) ? name : null;

    public static bool IsInCity(string code) => code.StartsWith(CityPrefix, StringComparison.Ordinal);

    /// <summary>The county a code was registered in, when it was registered in one of the city's counties.</summary>
    public static string? FromUscc(Uscc uscc) => Names.ContainsKey(uscc.DivisionCode) ? uscc.DivisionCode : null;
}
