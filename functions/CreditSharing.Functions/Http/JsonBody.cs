using System.Text.Json;
using CreditSharing.Core.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CreditSharing.Functions.Http;

/// <summary>Reads a JSON request body with the checks every endpoint shares: media type (415), size (413), syntax (400).</summary>
public static class JsonBody
{
    /// <summary>Default body limit for single-object endpoints.</summary>
    public const long DefaultMaxBytes = 1L * 1024 * 1024;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var document = await ReadDocumentAsync(request, maxBytes, cancellationToken);
        if (document.Problem is not null)
        {
            return new BodyResult<T>(default, document.Problem);
        }

        using var json = document.Value!;
        try
        {
            var value = json.RootElement.Deserialize<T>(WireJson.Options);
            return value is null
                ? new BodyResult<T>(default, Problems.Validation(FieldErrors.Of("body", "A JSON body is required.")))
                : new BodyResult<T>(value, null);
        }
        catch (JsonException ex)
        {
            return new BodyResult<T>(default, Problems.Validation(FieldErrors.Of(FieldOf(ex.Path), "The value has the wrong JSON type.")));
        }
    }

    /// <summary>Parses the body into a document; the caller owns (and disposes) it.</summary>
    public static async Task<BodyResult<JsonDocument>> ReadDocumentAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            return new BodyResult<JsonDocument>(null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Send the body as application/json; charset=utf-8."));
        }

        if (request.ContentLength > maxBytes)
        {
            return new BodyResult<JsonDocument>(null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new BodyResult<JsonDocument>(null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return new BodyResult<JsonDocument>(null, Problems.Validation(FieldErrors.Of("body", "A JSON body is required.")));
        }

        try
        {
            return new BodyResult<JsonDocument>(JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)), null);
        }
        catch (JsonException ex)
        {
            return new BodyResult<JsonDocument>(null, Problems.Validation(FieldErrors.Of("body", $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).")));
        }
    }

    /// <summary>Maps a System.Text.Json path such as <c>$.legalRepresentative.idNumber</c> to the field name.</summary>
    public static string FieldOf(string? path)
        => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static ObjectResult TooLarge(long maxBytes)
        => Problems.Status(StatusCodes.Status413PayloadTooLarge, "The body is too large.", $"A body here holds at most {maxBytes:N0} bytes.");

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}

public sealed record BodyResult<T>(T? Value, IActionResult? Problem);
