using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Identity;

/// <summary>How a token names who signed in: a user (delegated token: <c>oid</c>) or a daemon app (app-only token: <c>azp</c>/<c>appid</c>).</summary>
public enum IdentityKind
{
    /// <summary>An app registration's client id, from an app-only token's <c>azp</c> (v2) or <c>appid</c> (v1).</summary>
    ClientApp,

    /// <summary>A user's Entra object id, from a user token's <c>oid</c>.</summary>
    User,
}

/// <summary>One identity a registry entry lists; the id is compared case-insensitively (Entra ids are GUIDs) and kept lower-case.</summary>
public readonly record struct IdentityKey(IdentityKind Kind, string Id)
{
    public static IdentityKey App(string id) => new(IdentityKind.ClientApp, Normalize(id));

    public static IdentityKey User(string id) => new(IdentityKind.User, Normalize(id));

    public static string Normalize(string id) => id.Trim().ToLowerInvariant();

    /// <summary>"client app {id}" or "user object id {id}", for messages.</summary>
    public override string ToString() => Kind == IdentityKind.ClientApp ? $"client app {Id}" : $"user object id {Id}";
}

/// <summary>An index row: which entry holds an identity, and whether that entry's write was confirmed.</summary>
/// <param name="Confirmed">False while the entry that claimed it may not (yet) list it: from the claim until the entry is written (or for good after a crash between the two); the resolver then checks the entry.</param>
/// <param name="Version">The row's ETag.</param>
public sealed record IndexClaim(string Holder, bool Confirmed, string Version);

/// <summary>
/// A registry's identity index: one row per listed identity, found by one point read. Rows are claimed
/// (unconfirmed) before the entry listing them is written and confirmed after; rows of identities an
/// entry stops listing are deleted before the entry is written (docs/identity.md).
/// </summary>
public interface IIdentityIndex
{
    Task<IndexClaim?> GetAsync(IdentityKey key, CancellationToken cancellationToken);

    /// <summary>Writes an unconfirmed row for <paramref name="holder"/>: a new row when <paramref name="replacing"/> is null, else over that version. The new version, or null when another writer came first.</summary>
    Task<string?> TryClaimAsync(IdentityKey key, string holder, string? replacing, CancellationToken cancellationToken);

    /// <summary>Marks the row confirmed if it is still at <paramref name="version"/>.</summary>
    Task<bool> TryConfirmAsync(IdentityKey key, string holder, string version, CancellationToken cancellationToken);

    /// <summary>Deletes the row if it is still at <paramref name="version"/>.</summary>
    Task<bool> TryReleaseAsync(IdentityKey key, string version, CancellationToken cancellationToken);
}

/// <summary>Validates the <c>clientAppIds</c> and <c>userObjectIds</c> of a registry entry.</summary>
public static class IdentityIds
{
    public const int MaxIdLength = 64;
    public const int MaxClientAppIds = 20;
    public const int MaxUserObjectIds = 200;

    /// <summary>An Entra id as a registry lists it: 1–64 characters of letters, digits, <c>-</c>, <c>_</c> and <c>.</c> (a GUID in Entra ID; any such name locally).</summary>
    public static string? Error(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "An id is required.";
        }

        var trimmed = id.Trim();
        if (trimmed.Length > MaxIdLength)
        {
            return $"An id is at most {MaxIdLength} characters.";
        }

        return trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? null
            : $"{FieldErrors.Echo(id)} is not an id: use letters, digits, '-', '_' and '.' only (an Entra object or client id is a GUID).";
    }

    /// <summary>The ids of <paramref name="field"/>, normalised (trimmed, lower-case), each error naming <c>field[i]</c>; absent means none.</summary>
    public static IReadOnlyList<string> Parse(IReadOnlyList<string?>? values, string field, int max, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var result = new List<string>();
        if (values is null)
        {
            return result;
        }

        if (values.Count > max)
        {
            errors.Add(field, $"{field} lists at most {max} ids; this lists {values.Count}.");
            return result;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (Error(values[i]) is { } error)
            {
                errors.Add($"{field}[{i}]", error);
                continue;
            }

            var id = IdentityKey.Normalize(values[i]!);
            if (result.Contains(id, StringComparer.Ordinal))
            {
                errors.Add($"{field}[{i}]", $"{FieldErrors.Echo(id)} is named twice.");
            }
            else
            {
                result.Add(id);
            }
        }

        return result;
    }

    /// <summary>The identities an entry lists.</summary>
    public static IReadOnlySet<IdentityKey> Keys(IReadOnlyList<string>? clientAppIds, IReadOnlyList<string>? userObjectIds)
        => (clientAppIds ?? []).Select(IdentityKey.App).Concat((userObjectIds ?? []).Select(IdentityKey.User)).ToHashSet();

    public static bool SameSet(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
        => (a ?? []).Order(StringComparer.Ordinal).SequenceEqual((b ?? []).Order(StringComparer.Ordinal), StringComparer.Ordinal);
}
