using System.Text;
using System.Text.Json;

namespace CreditSharing.Core.Shared;

/// <summary>Every answer that lists things: <c>{"items":[…],"continuationToken":"…"|null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

/// <summary>Opaque continuation tokens: base64url JSON, so clients cannot depend on what is inside.</summary>
public static class ContinuationToken
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>
    /// Positions are records whose every field is required: a token that decodes to JSON of another
    /// shape (forged, or from another endpoint) is refused rather than read as "from the start".
    /// </summary>
    private static readonly JsonSerializerOptions PositionOptions = new(WireJson.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Encode<T>(T position) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(position, WireJson.Options)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode<T>(string? token, out T? position)
        where T : class
    {
        position = null;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            position = JsonSerializer.Deserialize<T>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)), PositionOptions);
            return position is not null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Wraps a table service continuation token, so every paged answer carries one opaque format.</summary>
    public static string? WrapTableToken(string? tableToken) => tableToken is null ? null : Encode(new TablePosition(tableToken));

    /// <summary>The table service token inside a token from <see cref="WrapTableToken"/>; an error on <c>continuationToken</c> when it is not one.</summary>
    public static string? UnwrapTableToken(string? token, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (TryDecode<TablePosition>(token, out var position))
        {
            return position!.Token;
        }

        errors.Add("continuationToken", "The continuation token is not one this service issued.");
        return null;
    }

    /// <summary>Parses <c>pageSize</c> (1–500, default 50).</summary>
    public static int? PageSize(string? value, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultPageSize;
        }

        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxPageSize)
        {
            return size;
        }

        errors.Add("pageSize", $"pageSize is a whole number from 1 to {MaxPageSize}.");
        return null;
    }

    private sealed record TablePosition(string Token);
}
