using System.Security.Cryptography;
using System.Text;

namespace CreditSharing.Core.Lists;

/// <summary>
/// HMAC-SHA256 of an ID number under a configured key: the representative index can be searched
/// by a number someone already holds, but a leaked table does not yield the numbers (a plain hash
/// of an 18-digit ID with a known structure could be brute-forced).
/// </summary>
public sealed class IdentityHasher(byte[] key)
{
    public string Hash(string normalizedIdNumber)
        => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalizedIdNumber)));
}
