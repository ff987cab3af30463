using System.Security.Cryptography;
using System.Text;

namespace CreditSharing.Core.Webhooks;

/// <summary>
/// <c>X-CreditSharing-Signature: sha256=&lt;hex&gt;</c>: HMAC-SHA256 of the exact body bytes, keyed with the
/// UTF-8 bytes of the subscription's secret (as shown once at subscribing), lower-case hex.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-CreditSharing-Signature";
    public const string DeliveryHeader = "X-CreditSharing-Delivery";
    public const string EventHeader = "X-CreditSharing-Event";

    /// <summary>A new secret: 32 random bytes as 64 lower-case hex characters.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Sign(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string secret, string? header)
        => header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(body, secret)), Encoding.ASCII.GetBytes(header));
}
