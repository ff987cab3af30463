using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreditSharing.Core.Trace;

/// <summary>
/// The EPCIS Event Hash ID of GS1 CBV 2.0 (section 8.9): a canonical pre-hash string built from an
/// EPCIS 2.0 JSON-LD event in the canonical property order, hashed with SHA-256 and written as
/// <c>ni:///sha-256;{hex}?ver=CBV2.0</c>. Only the subset of the algorithm that our export and the
/// worked examples in <c>tests/data/epcis/hash</c> use is implemented; anything else throws
/// <see cref="NotSupportedException"/> rather than hashing it some other way (docs/trace.md).
/// </summary>
public static partial class EpcisEventHash
{
    public const string Version = "CBV2.0";

    /// <summary>Fields that never take part in the hash (recordTime, eventID, errorDeclaration, certificationInfo; type is the first line).</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "type", "@context", "eventID", "recordTime", "errorDeclaration", "certificationInfo" };

    private static readonly string[] EpcLists = ["epcList", "parentID", "inputEPCList", "childEPCs", "quantityList", "childQuantityList", "inputQuantityList", "outputEPCList", "outputQuantityList"];

    private static readonly string[] SensorMetadataOrder = ["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"];

    private static readonly string[] SensorReportOrder =
    [
        "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time", "microorganism", "chemicalSubstance", "value",
        "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue", "uom",
        "coordinateReferenceSystem",
    ];

    /// <summary>The event's hash ID, <c>ni:///sha-256;{hex}?ver=CBV2.0</c>.</summary>
    /// <param name="namespaces">CURIE prefixes of the document's <c>@context</c> (user extension namespaces).</param>
    public static string Compute(JsonObject epcisEvent, IReadOnlyDictionary<string, string> namespaces)
        => $"ni:///sha-256;{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PreHash(epcisEvent, namespaces))))}?ver={Version}";

    /// <summary>The CURIE prefixes an EPCIS document's <c>@context</c> declares in its objects.</summary>
    public static IReadOnlyDictionary<string, string> Namespaces(JsonNode? context)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in context is JsonArray array ? array : new JsonArray(context?.DeepClone()))
        {
            if (item is JsonObject definitions)
            {
                foreach (var (prefix, value) in definitions)
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var ns))
                    {
                        map[prefix] = ns;
                    }
                }
            }
        }

        return map;
    }

    /// <summary>The canonical pre-hash string of one event.</summary>
    public static string PreHash(JsonObject epcisEvent, IReadOnlyDictionary<string, string> namespaces)
    {
        ArgumentNullException.ThrowIfNull(epcisEvent);
        ArgumentNullException.ThrowIfNull(namespaces);
        var remaining = epcisEvent.Where(p => !Ignored.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var text = new StringBuilder("eventType=").Append(Text(epcisEvent["type"]) ?? throw new NotSupportedException("An EPCIS event needs a type."));
        Value(text, remaining, "eventTime", Timestamp);
        Value(text, remaining, "eventTimeZoneOffset", s => s);
        foreach (var list in EpcLists)
        {
            if (list == "parentID")
            {
                Value(text, remaining, list, Canonical);
            }
            else if (list.EndsWith("QuantityList", StringComparison.Ordinal) || list == "quantityList")
            {
                QuantityList(text, remaining, list);
            }
            else
            {
                EpcList(text, remaining, list);
            }
        }

        Value(text, remaining, "action", s => s);
        Value(text, remaining, "transformationID", Canonical);
        Value(text, remaining, "bizStep", s => Vocabulary(s, "BizStep-"));
        Value(text, remaining, "disposition", s => Vocabulary(s, "Disp-"));
        if (remaining.ContainsKey("persistentDisposition"))
        {
            throw new NotSupportedException("persistentDisposition is outside the implemented subset of the event hash.");
        }

        var leftovers = new List<string>();
        Location(text, remaining, "readPoint", leftovers, namespaces);
        Location(text, remaining, "bizLocation", leftovers, namespaces);
        TypedList(text, remaining, "bizTransactionList", "bizTransaction", "BTT-");
        TypedList(text, remaining, "sourceList", "source", "SDT-");
        TypedList(text, remaining, "destinationList", "destination", "SDT-");
        SensorElements(text, remaining);
        foreach (var (key, node) in remaining)
        {
            leftovers.Add(Generic(Key(key, namespaces), node, namespaces));
        }

        leftovers.Sort(StringComparer.Ordinal);
        return text.AppendJoin(string.Empty, leftovers).ToString();
    }

    private static void Value(StringBuilder text, Dictionary<string, JsonNode?> remaining, string key, Func<string, string> canonical)
    {
        if (remaining.Remove(key, out var node) && Text(node) is { Length: > 0 } value)
        {
            text.Append(key).Append('=').Append(canonical(value.Trim()));
        }
    }

    private static void EpcList(StringBuilder text, Dictionary<string, JsonNode?> remaining, string key)
    {
        if (remaining.Remove(key, out var node) && node is JsonArray { Count: > 0 } items)
        {
            text.Append(key).AppendJoin(string.Empty, Sorted(items.Select(i => "epc=" + Canonical(Text(i)!.Trim()))));
        }
    }

    private static void QuantityList(StringBuilder text, Dictionary<string, JsonNode?> remaining, string key)
    {
        if (remaining.Remove(key, out var node) && node is JsonArray { Count: > 0 } items)
        {
            text.Append(key).AppendJoin(string.Empty, Sorted(items.Select(i =>
            {
                var element = i!.AsObject();
                return "quantityElement" + Fields(element, ["epcClass", "quantity", "uom"], Canonical, "a quantity element");
            })));
        }
    }

    private static void Location(StringBuilder text, Dictionary<string, JsonNode?> remaining, string key, List<string> leftovers, IReadOnlyDictionary<string, string> namespaces)
    {
        if (!remaining.Remove(key, out var node) || node is not JsonObject location)
        {
            return;
        }

        if (Text(location["id"]) is { Length: > 0 } id)
        {
            text.Append(key).Append("id=").Append(Canonical(id.Trim()));
        }

        // CBV 2.0: extensions inside readPoint/bizLocation go to the trailing block, under their parent's name.
        var extensions = location.Where(p => p.Key != "id").Select(p => Generic(Key(p.Key, namespaces), p.Value, namespaces)).ToList();
        if (extensions.Count > 0)
        {
            leftovers.Add(key + string.Concat(Sorted(extensions)));
        }
    }

    private static void TypedList(StringBuilder text, Dictionary<string, JsonNode?> remaining, string key, string valueKey, string vocabulary)
    {
        if (remaining.Remove(key, out var node) && node is JsonArray { Count: > 0 } items)
        {
            text.Append(key).AppendJoin(string.Empty, Sorted(items.Select(i =>
            {
                var element = i!.AsObject();
                if (element.Any(p => p.Key != "type" && p.Key != valueKey))
                {
                    throw new NotSupportedException($"Only type and {valueKey} of a {key} entry are in the implemented subset.");
                }

                var type = Text(element["type"]);
                return (type is null ? string.Empty : "type=" + Vocabulary(type.Trim(), vocabulary)) + valueKey + "=" + Canonical(Text(element[valueKey])!.Trim());
            })));
        }
    }

    private static void SensorElements(StringBuilder text, Dictionary<string, JsonNode?> remaining)
    {
        if (!remaining.Remove("sensorElementList", out var node) || node is not JsonArray elements)
        {
            return;
        }

        // CBV 2.0 writes no sensorElementList wrapper, only each sensorElement (CBV 2.1 adds it).
        text.AppendJoin(string.Empty, Sorted(elements.Select(e =>
        {
            var element = e!.AsObject();
            if (element.Any(p => p.Key is not ("sensorMetadata" or "sensorReport")))
            {
                throw new NotSupportedException("Only sensorMetadata and sensorReport of a sensor element are in the implemented subset.");
            }

            var metadata = element["sensorMetadata"] is JsonObject m ? "sensorMetadata" + Fields(m, SensorMetadataOrder, SensorValue, "sensor metadata") : string.Empty;
            var reports = element["sensorReport"] is JsonArray r
                ? Sorted(r.Select(report => "sensorReport" + Fields(report!.AsObject(), SensorReportOrder, SensorValue, "a sensor report")))
                : [];
            return "sensorElement" + metadata + string.Concat(reports);
        })));
    }

    private static string SensorValue(string key, string value) => key switch
    {
        "type" or "exception" => Vocabulary(value, null),
        "time" or "startTime" or "endTime" => Timestamp(value),
        _ => Canonical(value),
    };

    private static string Fields(JsonObject element, string[] order, Func<string, string> canonical, string what)
        => Fields(element, order, (_, v) => canonical(v), what);

    private static string Fields(JsonObject element, string[] order, Func<string, string, string> canonical, string what)
    {
        if (element.FirstOrDefault(p => !order.Contains(p.Key)) is { Key: { } unknown })
        {
            throw new NotSupportedException($"The field {unknown} of {what} is outside the implemented subset of the event hash.");
        }

        var text = new StringBuilder();
        foreach (var key in order)
        {
            if (Text(element[key]) is { Length: > 0 } value)
            {
                text.Append(key).Append('=').Append(canonical(key, value.Trim()));
            }
        }

        return text.ToString();
    }

    /// <summary>A user extension (or a remaining standard field): <c>{namespace}name=value</c>, children sorted.</summary>
    private static string Generic(string key, JsonNode? node, IReadOnlyDictionary<string, string> namespaces) => node switch
    {
        JsonObject o => key + string.Concat(Sorted(o.Select(p => Generic(Key(p.Key, namespaces), p.Value, namespaces)))),
        JsonArray a => string.Concat(Sorted(a.Select(i => Generic(key, i, namespaces)))),
        _ when Text(node) is { Length: > 0 } value && value.Trim().Length > 0 => key + "=" + Canonical(value.Trim()),
        _ => key,
    };

    private static string Key(string key, IReadOnlyDictionary<string, string> namespaces)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return key;
        }

        return namespaces.TryGetValue(key[..colon], out var ns)
            ? "{" + ns + "}" + key[(colon + 1)..]
            : throw new NotSupportedException($"The prefix of {key} is not declared in the document's @context.");
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> values) => values.Order(StringComparer.Ordinal);

    /// <summary>A scalar as text: strings as they are, numbers as their JSON text.</summary>
    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => throw new NotSupportedException($"A {node.GetValueKind()} where a value was expected is outside the implemented subset."),
    };

    /// <summary>UTC, millisecond precision, <c>Z</c> (rules 8 and 9).</summary>
    private static string Timestamp(string value)
        => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? new DateTimeOffset(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : value;

    /// <summary>
    /// A bare CBV word (no colon) as its Web URI (rule 16); a CBV URN as its Web URI (rule 14); any
    /// other URI as it is. <paramref name="prefix"/> null: a GS1 Web Vocabulary term (sensor types).
    /// </summary>
    private static string Vocabulary(string value, string? prefix)
    {
        if (!value.Contains(':', StringComparison.Ordinal))
        {
            return prefix is null ? "https://ref.gs1.org/voc/" + value : "https://ref.gs1.org/cbv/" + prefix + value;
        }

        if (value.StartsWith("gs1:", StringComparison.Ordinal))
        {
            return "https://ref.gs1.org/voc/" + value[4..];
        }

        return Canonical(value);
    }

    /// <summary>Rules 6, 14, 17 and 18 on a value: numbers without trailing zeros, CBV URNs and EPC URIs as Web URIs.</summary>
    private static string Canonical(string value)
    {
        foreach (var (urn, web) in CbvUrns)
        {
            if (value.StartsWith(urn, StringComparison.Ordinal))
            {
                return web + value[urn.Length..];
            }
        }

        if (value.StartsWith("urn:epc:", StringComparison.Ordinal))
        {
            return DigitalLink(value);
        }

        if (ConstrainedDigitalLink().Match(value) is { Success: true } link)
        {
            return "https://id.gs1.org" + link.Groups["path"].Value;
        }

        return Number().IsMatch(value) ? NumberText(value) : value;
    }

    private static readonly (string Urn, string Web)[] CbvUrns =
    [
        ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"),
        ("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
        ("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"),
        ("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"),
        ("urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"),
    ];

    /// <summary>As the reference implementation does: the value as a double, integral values without a fraction.</summary>
    private static string NumberText(string value)
    {
        var number = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsFinite(number) && number == Math.Floor(number))
        {
            return new BigInteger(number).ToString(CultureInfo.InvariantCulture);
        }

        return number.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
    }

    /// <summary>
    /// An EPC URI as its canonical GS1 Digital Link URI (rule 17), for the schemes the worked examples
    /// use: sgtin, sscc, sgln, pgln, gdti, giai.
    /// </summary>
    private static string DigitalLink(string epc)
    {
        var parts = epc.Split(':');
        if (parts.Length != 5 || parts[2] != "id")
        {
            throw new NotSupportedException($"The EPC {epc} is outside the implemented subset of the event hash.");
        }

        var fields = parts[4].Split('.');
        return (parts[3], fields) switch
        {
            ("sgtin", [var cp, var item, var serial]) => $"https://id.gs1.org/01/{WithCheckDigit(item[..1] + cp + item[1..])}/21/{serial}",
            ("sscc", [var cp, var serial]) => $"https://id.gs1.org/00/{WithCheckDigit(serial[..1] + cp + serial[1..])}",
            ("sgln", [var cp, var loc, var ext]) => $"https://id.gs1.org/414/{WithCheckDigit(cp + loc)}" + (ext == "0" ? string.Empty : $"/254/{ext}"),
            ("pgln", [var cp, var party]) => $"https://id.gs1.org/417/{WithCheckDigit(cp + party)}",
            ("gdti", [var cp, var type, var serial]) => $"https://id.gs1.org/253/{WithCheckDigit(cp + type)}{serial}",
            ("giai", [var cp, var asset]) => $"https://id.gs1.org/8004/{cp}{asset}",
            _ => throw new NotSupportedException($"The EPC {epc} is outside the implemented subset of the event hash."),
        };
    }

    /// <summary>The GS1 mod-10 check digit appended (weights 3, 1, 3, … from the right).</summary>
    private static string WithCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            sum += (digits[digits.Length - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        }

        return digits + ((10 - (sum % 10)) % 10).ToString(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    /// <summary>A GS1 Digital Link URI on any domain (rule 18: id.gs1.org, no query string).</summary>
    [GeneratedRegex(@"^https?://[^/?#]+(?<path>/(00|01|253|255|401|402|414|417|8003|8004|8006|8010|8017|8018)/[^?#]+)(\?[^#]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ConstrainedDigitalLink();
}
