using System.Security.Cryptography;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Objections;

/// <summary>
/// An objection id is <c>{uscc}-{24 lower-case hex}</c>: it names the enterprise's partition, so
/// <c>GET /api/objections/{id}</c> is one point read and never a scan.
/// </summary>
public static class ObjectionId
{
    private const int UsccLength = 18;

    private const int RandomLength = 24;

    public static string New(string uscc) => uscc + "-" + RandomNumberGenerator.GetHexString(RandomLength, lowercase: true);

    /// <summary>The USCC an id names; false for anything <see cref="New"/> cannot have made.</summary>
    public static bool TryParse(string? id, out string uscc)
    {
        uscc = string.Empty;
        if (id is null || id.Length != UsccLength + 1 + RandomLength || id[UsccLength] != '-')
        {
            return false;
        }

        if (!id.AsSpan(UsccLength + 1).ToString().All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        if (!Uscc.TryParse(id[..UsccLength], out var parsed, out _) || parsed.Value != id[..UsccLength])
        {
            return false;
        }

        uscc = parsed.Value;
        return true;
    }
}

/// <summary>An evidence id is 32 lower-case hex characters (a random GUID).</summary>
public static class EvidenceId
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsWellFormed(string? id) => id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
