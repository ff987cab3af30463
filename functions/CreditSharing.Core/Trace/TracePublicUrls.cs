namespace CreditSharing.Core.Trace;

/// <summary>
/// The public URLs of a code (scan page, QR code, EPCIS identifiers): from configuration
/// (<c>Trace:PublicBaseUrl</c>) in Azure, from the DevHost's own listening address on a developer's
/// machine, never from a request, whose <c>Host</c> header is the caller's to forge (and the QR PNG
/// is publicly cached for a day).
/// </summary>
public sealed class TracePublicUrls(Func<string> baseUrl)
{
    public const string Setting = "Trace:PublicBaseUrl";

    public string Base => baseUrl().TrimEnd('/');

    public string Scan(string code) => $"{Base}/t/{code}";

    public string Qr(string code) => $"{Base}/api/trace/{code}/qr.png";

    /// <summary>The configured base URL; a missing or malformed one stops the app at startup with this message.</summary>
    public static TracePublicUrls Configured(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"{Setting} is not configured: the public base URL (e.g. https://credit.zhumadian.gov.cn) printed in scan URLs, QR codes and EPCIS documents. It never comes from a request; the Bicep templates set it to the function app's URL.");
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new InvalidOperationException($"{Setting} must be an absolute http(s) URL without query, fragment or user info; it is '{value}'.");
        }

        var text = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new TracePublicUrls(() => text);
    }
}
