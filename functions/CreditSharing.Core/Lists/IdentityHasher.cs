using System.Security.Cryptography;
using System.Text;

namespace CreditSharing.Core.Lists;

/// <summary>
/// HMAC-SHA256 of an ID number under a configured key: the representative index can be searched
/// by a number someone already holds, but a leaked table does not yield the numbers (a plain hash
/// of an 18-digit ID with a known structure could be brute-forced).
/// During a key rotation the previous key is kept too (<c>Lists:PreviousIdentityHashKey</c>):
/// searches look under both hashes until the re-hash has moved every index row to the current one.
/// </summary>
public sealed class IdentityHasher(byte[] key, byte[]? previousKey = null)
{
    /// <summary>Whether a previous key is configured, i.e. a rotation is under way.</summary>
    public bool Rotating => previousKey is not null;

    public string Hash(string normalizedIdNumber)
        => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalizedIdNumber)));

    /// <summary>The hash under the previous key, or null outside a rotation.</summary>
    public string? PreviousHash(string normalizedIdNumber)
        => previousKey is null ? null : Convert.ToHexStringLower(HMACSHA256.HashData(previousKey, Encoding.UTF8.GetBytes(normalizedIdNumber)));

    /// <summary>The hashes to look under: the current one, then the previous one during a rotation.</summary>
    public IReadOnlyList<string> Candidates(string normalizedIdNumber)
        => PreviousHash(normalizedIdNumber) is { } previous ? [Hash(normalizedIdNumber), previous] : [Hash(normalizedIdNumber)];
}
