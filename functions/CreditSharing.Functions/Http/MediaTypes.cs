namespace CreditSharing.Functions.Http;

/// <summary>Content-Type checks shared by the endpoints that read a text body (JSON, CSV, NDJSON).</summary>
public static class MediaTypes
{
    /// <summary>
    /// True when a Content-Type names no charset or UTF-8: text bodies are read as UTF-8 only, so a
    /// GBK or UTF-16 file is refused (415) rather than stored as mojibake.
    /// </summary>
    public static bool IsUtf8Charset(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        foreach (var parameter in contentType.Split(';').Skip(1))
        {
            var pair = parameter.Split('=', 2);
            if (pair[0].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                var charset = pair.Length == 2 ? pair[1].Trim().Trim('"') : string.Empty;
                return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
            }
        }

        return true;
    }
}
