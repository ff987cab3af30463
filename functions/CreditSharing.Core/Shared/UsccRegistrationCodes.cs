using System.Collections.Frozen;
using System.Text.Json;

namespace CreditSharing.Core.Shared;

/// <summary>
/// GB 32100-2015 Table 1 as data (<c>Shared/uscc-registration-codes.json</c>, shipped inside this assembly):
/// the registration-authority codes (character 1 of a USCC) and the entity-type codes valid for each (character 2).
/// </summary>
public static class UsccRegistrationCodes
{
    private const string ResourceName = "CreditSharing.Core.Shared.uscc-registration-codes.json";

    private static readonly Lazy<Table> Shipped = new(Load);

    /// <summary>Registration-authority codes with their Chinese names.</summary>
    public static IReadOnlyDictionary<char, string> Authorities => Shipped.Value.Authorities;

    /// <summary>The Chinese name of an entity type, when <paramref name="entityType"/> is valid for <paramref name="authority"/>.</summary>
    public static string? EntityTypeName(char authority, char entityType)
        => Shipped.Value.Types.TryGetValue(authority, out var types) && types.TryGetValue(entityType, out var name) ? name : null;

    /// <summary>The entity-type codes of an authority (empty when it is not an authority).</summary>
    public static IReadOnlyCollection<char> EntityTypes(char authority)
        => Shipped.Value.Types.TryGetValue(authority, out var types) ? types.Keys : [];

    public static bool IsAuthority(char authority) => Shipped.Value.Authorities.ContainsKey(authority);

    public static bool IsEntityType(char authority, char entityType) => EntityTypeName(authority, entityType) is not null;

    private static Table Load()
    {
        using var stream = typeof(UsccRegistrationCodes).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException("The USCC registration-code table is not embedded.");
        var file = JsonSerializer.Deserialize<TableFile>(stream, WireJson.Options)
                   ?? throw new InvalidOperationException("The USCC registration-code table is empty.");
        var authorities = new Dictionary<char, string>();
        var types = new Dictionary<char, FrozenDictionary<char, string>>();
        foreach (var authority in file.Authorities)
        {
            if (authority.Code.Length != 1 || authority.Types.Count == 0 || authority.Types.Any(t => t.Code.Length != 1))
            {
                throw new InvalidOperationException($"Registration authority '{authority.Code}' is not a one-character code with one-character entity types.");
            }

            authorities.Add(authority.Code[0], authority.Name);
            types.Add(authority.Code[0], authority.Types.ToFrozenDictionary(t => t.Code[0], t => t.Name));
        }

        return new Table(authorities.ToFrozenDictionary(), types.ToFrozenDictionary());
    }

    private sealed record Table(FrozenDictionary<char, string> Authorities, FrozenDictionary<char, FrozenDictionary<char, string>> Types);

    private sealed record TableFile(string Source, IReadOnlyList<AuthorityEntry> Authorities);

    private sealed record AuthorityEntry(string Code, string Name, IReadOnlyList<TypeEntry> Types);

    private sealed record TypeEntry(string Code, string Name);
}
