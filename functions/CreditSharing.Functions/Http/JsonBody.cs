using System.Text.Json;
using System.Text.Unicode;
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
        var raw = await ReadRawAsync(request, maxBytes, cancellationToken);
        return raw.Problem is not null
            ? new BodyResult<JsonDocument>(null, raw.Problem)
            : Parse(raw.Value!);
    }

    /// <summary>The body's bytes after the media type and size checks (for endpoints that also archive the original).</summary>
    public static async Task<BodyResult<byte[]>> ReadRawAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType) || !MediaTypes.IsUtf8Charset(request.ContentType))
        {
            return new BodyResult<byte[]>(null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Send the body as application/json; charset=utf-8."));
        }

        if (request.ContentLength > maxBytes)
        {
            return new BodyResult<byte[]>(null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new BodyResult<byte[]>(null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0
            ? new BodyResult<byte[]>(null, Problems.Validation(FieldErrors.Of("body", "A JSON body is required.")))
            : new BodyResult<byte[]>(buffer.ToArray(), null);
    }

    public static BodyResult<JsonDocument> Parse(ReadOnlyMemory<byte> json)
    {
        // The reader checks UTF-8 only inside strings it is asked to decode: a bad byte in a field the
        // contract ignores would be stored in the archive as received, one in a read field would throw
        // outside JsonException. JSON on the wire is UTF-8 (RFC 8259 §8.1), so check it once, here.
        if (!Utf8.IsValid(json.Span))
        {
            return new BodyResult<JsonDocument>(null, Problems.Validation(FieldErrors.Of("body", "The body is not valid UTF-8.")));
        }

        try
        {
            return new BodyResult<JsonDocument>(JsonDocument.Parse(json), null);
        }
        catch (JsonException ex)
        {
            return new BodyResult<JsonDocument>(null, Problems.Validation(FieldErrors.Of("body", $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).")));
        }
    }

    /// <summary>Reads, parses and splits a batch body in one go (see <see cref="Items{T}(JsonElement, int, bool)"/>); the raw bytes come along for archiving.</summary>
    public static async Task<BodyResult<JsonBatch<T>>> ReadBatchAsync<T>(HttpRequest request, long maxBytes, int maxItems, bool allowSingle, CancellationToken cancellationToken)
        where T : class
    {
        var raw = await ReadRawAsync(request, maxBytes, cancellationToken);
        if (raw.Problem is not null)
        {
            return new BodyResult<JsonBatch<T>>(null, raw.Problem);
        }

        var parsed = Parse(raw.Value!);
        if (parsed.Problem is not null)
        {
            return new BodyResult<JsonBatch<T>>(null, parsed.Problem);
        }

        using var document = parsed.Value!;
        var batch = Items<T>(document.RootElement, maxItems, allowSingle);
        return batch.Problem is not null ? batch : batch with { Value = batch.Value! with { Raw = raw.Value } };
    }

    /// <summary>
    /// Reads a batch: one object or an array of at most <paramref name="maxItems"/>. Each element is
    /// read on its own, so one element of the wrong shape is rejected by index, not the whole batch.
    /// </summary>
    public static BodyResult<JsonBatch<T>> Items<T>(JsonElement root, int maxItems, bool allowSingle)
        where T : class
    {
        if (root.ValueKind == JsonValueKind.Object && allowSingle)
        {
            return Items<T>([root]);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return new BodyResult<JsonBatch<T>>(null, Problems.Validation(FieldErrors.Of("body", allowSingle ? "Send one JSON object or an array of them." : "Send a JSON array.")));
        }

        if (root.GetArrayLength() > maxItems)
        {
            return new BodyResult<JsonBatch<T>>(null, Problems.Status(StatusCodes.Status413PayloadTooLarge, "Too many items.", $"A batch holds at most {maxItems:N0} items."));
        }

        return Items<T>(root.EnumerateArray());
    }

    private static BodyResult<JsonBatch<T>> Items<T>(IEnumerable<JsonElement> elements)
        where T : class
    {
        var items = new List<T?>();
        var errors = new Dictionary<int, FieldErrors>();
        foreach (var element in elements)
        {
            try
            {
                items.Add(element.ValueKind == JsonValueKind.Object ? element.Deserialize<T>(WireJson.Options) : null);
                if (element.ValueKind != JsonValueKind.Object)
                {
                    errors[items.Count - 1] = FieldErrors.Of("body", "Each item is a JSON object.");
                }
            }
            catch (JsonException ex)
            {
                errors[items.Count] = FieldErrors.Of(FieldOf(ex.Path), "The value has the wrong JSON type.");
                items.Add(null);
            }
        }

        return new BodyResult<JsonBatch<T>>(new JsonBatch<T>(items, errors), null);
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

/// <summary>The items of a batch, and the errors of those whose JSON shape was wrong (by index).</summary>
public sealed record JsonBatch<T>(IReadOnlyList<T?> Items, IReadOnlyDictionary<int, FieldErrors> ShapeErrors)
    where T : class
{
    /// <summary>The body as received.</summary>
    public ReadOnlyMemory<byte> Raw { get; init; }
}
