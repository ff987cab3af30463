using System.Net;
using System.Net.Sockets;

namespace CreditSharing.Core.Webhooks;

/// <summary>
/// SSRF rules for callback URLs: https (in Azure), no user info, and never an address inside a private
/// network, the machine itself, link-local, multicast, unspecified or a cloud metadata endpoint. Checked when
/// subscribing (literal addresses and the host's DNS answers) and again at every connection, on the address
/// actually resolved, so a DNS answer changed after subscribing (rebinding) does not get through.
/// </summary>
public static class CallbackPolicy
{
    public const int MaxUrlLength = 2000;

    /// <summary>Why <paramref name="url"/> cannot be a callback, or null with the parsed URI.</summary>
    public static string? CheckUrl(string? url, WebhookOptions options, out Uri? uri)
    {
        ArgumentNullException.ThrowIfNull(options);
        uri = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return "A callbackUrl is required.";
        }

        if (url.Length > MaxUrlLength)
        {
            return $"A callbackUrl has at most {MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.IsFile || parsed.IsUnc)
        {
            return "The callbackUrl is not an absolute http(s) URL.";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "The callbackUrl must not carry user information.";
        }

        if (!string.IsNullOrEmpty(parsed.Fragment))
        {
            return "The callbackUrl must not carry a fragment.";
        }

        if (parsed.Scheme != Uri.UriSchemeHttps && !(parsed.Scheme == Uri.UriSchemeHttp && !options.RequireHttps))
        {
            return options.RequireHttps ? "The callbackUrl must use https." : "The callbackUrl must use http or https.";
        }

        if (IPAddress.TryParse(parsed.IdnHost.Trim('[', ']'), out var address) && Refusal(address, options.AllowLoopback) is { } refused)
        {
            return $"The callbackUrl's address is refused: {refused}.";
        }

        if (!options.AllowLoopback && (parsed.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase) || parsed.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)))
        {
            return "The callbackUrl's address is refused: localhost.";
        }

        uri = parsed;
        return null;
    }

    /// <summary>Why a connection to <paramref name="address"/> is refused, or null when it is a public address.</summary>
    public static string? Refusal(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b switch
            {
                [127, ..] => allowLoopback ? null : "loopback",
                [0, ..] => "unspecified (0.0.0.0/8)",
                [10, ..] => "private (10.0.0.0/8)",
                [172, >= 16 and <= 31, ..] => "private (172.16.0.0/12)",
                [192, 168, ..] => "private (192.168.0.0/16)",
                [169, 254, ..] => "link-local or metadata (169.254.0.0/16)",
                [100, >= 64 and <= 127, ..] => "shared address space (100.64.0.0/10)",
                [168, 63, 129, 16] => "the Azure platform endpoint",
                [192, 0, 0, _] => "IETF protocol assignments (192.0.0.0/24)",
                [198, 18 or 19, ..] => "benchmarking (198.18.0.0/15)",
                [>= 224, ..] => "multicast or reserved (224.0.0.0/3)",
                _ => null,
            };
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "not an IP address";
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified (::)";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return allowLoopback ? null : "loopback";
        }

        var v6 = address.GetAddressBytes();
        if ((v6[0] & 0xFE) == 0xFC)
        {
            return "unique local (fc00::/7)";
        }

        if (v6[0] == 0xFE && (v6[1] & 0xC0) == 0x80)
        {
            return "link-local (fe80::/10)";
        }

        if (v6[0] == 0xFE && (v6[1] & 0xC0) == 0xC0)
        {
            return "site-local (fec0::/10)";
        }

        if (v6[0] == 0xFF)
        {
            return "multicast (ff00::/8)";
        }

        // Addresses that carry an IPv4 address: 6to4 (2002::/16), NAT64 (64:ff9b::/96), IPv4-compatible (::/96).
        if (v6[0] == 0x20 && v6[1] == 0x02)
        {
            return Embedded(new IPAddress(v6.AsSpan(2, 4)));
        }

        if (v6.AsSpan(0, 12).SequenceEqual(new byte[] { 0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0 }) || v6.AsSpan(0, 12).SequenceEqual(new byte[12]))
        {
            return Embedded(new IPAddress(v6.AsSpan(12, 4)));
        }

        return null;

        string? Embedded(IPAddress v4) => Refusal(v4, allowLoopback: false) is { } inner ? $"an IPv6 address carrying {inner}" : null;
    }
}
