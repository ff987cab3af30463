using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace CreditSharing.Core.Shared;

/// <summary>
/// The JSON that stored hashes are computed over: a record's and an enterprise's content hash, a
/// trace event's chain hash. Every setting that shapes the output is spelled out here, apart from
/// <see cref="WireJson"/>, because these bytes may never change: the API's options can evolve, but a
/// different hash of the same content would turn every redelivered record into a correction and
/// every stored trace chain into a tampered one. The settings are those the hashes were first
/// computed with (the wire options of the time), pinned by golden tests.
/// </summary>
public static class CanonicalJson
{
    private const string DateFormat = "yyyy-MM-dd";

    // Seven fractional digits: two instants that differ at all must hash differently.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz";

    /// <summary>Read-only: a caller cannot change how hashes are computed.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>SHA-256 of the value's canonical JSON in UTF-8, as lower-case hex.</summary>
    public static string Sha256<T>(T value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Serialize(value))));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            // Properties in declaration order, camelCase; dictionary keys as they are.
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,

            // Nulls are written, so a field that becomes null changes the hash; computed properties
            // (a record's id) are part of the content.
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            IgnoreReadOnlyProperties = false,
            IgnoreReadOnlyFields = false,
            IncludeFields = false,
            RespectNullableAnnotations = false,

            // Chinese written as is; HTML-sensitive characters and '+' escaped as \uXXXX.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),

            // Numbers as JSON numbers; a decimal keeps its scale (12345.50 is not 12345.5).
            NumberHandling = JsonNumberHandling.Strict,
            WriteIndented = false,
            ReferenceHandler = null,
            UnknownTypeHandling = JsonUnknownTypeHandling.JsonElement,
            Converters = { new DateOnlyConverter(), new DateTimeOffsetConverter() },
        };
        options.MakeReadOnly();
        return options;
    }

    private sealed class DateOnlyConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => DateOnly.ParseExact(reader.GetString() ?? string.Empty, DateFormat, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.ToString(DateFormat, CultureInfo.InvariantCulture));
    }

    private sealed class DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => DateTimeOffset.ParseExact(reader.GetString() ?? string.Empty, TimeFormat, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.ToString(TimeFormat, CultureInfo.InvariantCulture));
    }
}
