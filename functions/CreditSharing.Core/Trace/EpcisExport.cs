using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditSharing.Core.Trace;

/// <summary>
/// A code's chain as a GS1 EPCIS 2.0 JSON-LD <c>EPCISDocument</c> (docs/trace.md, "EPCIS export"):
/// a <c>process</c> event of a code with parents is a TransformationEvent (parents in, the code
/// out), every other event an ObjectEvent with its CBV 2.0 bizStep and disposition; actors and
/// counterparties in <c>sourceList</c>/<c>destinationList</c>; the location as <c>readPoint</c>;
/// temperature and logger readings as sensor reports; an annulled event carries an
/// <c>errorDeclaration</c>. Each <c>eventID</c> is the CBV 2.0 event hash
/// (<see cref="EpcisEventHash"/>). Products are identified by their scan URL (a web URI, as EPCIS
/// 2.0 allows for non-GS1 identifiers).
/// </summary>
public static class EpcisExport
{
    public const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    /// <summary>Prefix of our user extensions (<c>cs:seq</c>, <c>cs:chainHash</c>, <c>cs:lot</c>, <c>cs:unit</c>).</summary>
    public const string ExtensionPrefix = "cs";

    public const string ExtensionNamespace = "urn:creditsharing:epcis:";

    /// <summary>How a party (a USCC, GB 32100-2015) is named in source and destination lists.</summary>
    public const string PartyUrnPrefix = "urn:creditsharing:uscc:";

    /// <summary>How an event's location (free text) is named as its <c>readPoint</c>.</summary>
    public const string LocationUrnPrefix = "urn:creditsharing:location:";

    /// <summary>CBV 2.0 bizStep and disposition of each step (null: none); <c>process</c> with parents is <see cref="TransformationMapping"/>.</summary>
    public static readonly IReadOnlyDictionary<string, (string? BizStep, string? Disposition)> Mapping = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal)
    {
        ["produce"] = ("commissioning", "active"),
        ["process"] = ("other", null),
        ["inspect"] = ("inspecting", null),
        ["store"] = ("storing", null),
        ["transport"] = ("shipping", "in_transit"),
        ["wholesale"] = ("receiving", null),
        ["retail"] = ("retail_selling", "sellable_accessible"),
        ["recall"] = (null, "recalled"),
    };

    /// <summary>bizStep and disposition of a TransformationEvent (a <c>process</c> event of a code with parents).</summary>
    public static readonly (string BizStep, string Disposition) TransformationMapping = ("commissioning", "active");

    /// <summary>UN/CEFACT Recommendation 20 codes of the units we recognise; other units are counts (no <c>uom</c>) with the unit as <c>cs:unit</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> UnitCodes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["kg"] = "KGM", ["千克"] = "KGM", ["公斤"] = "KGM",
        ["g"] = "GRM", ["克"] = "GRM",
        ["t"] = "TNE", ["吨"] = "TNE",
        ["L"] = "LTR", ["升"] = "LTR",
        ["mL"] = "MLT", ["毫升"] = "MLT",
    };

    private static readonly IReadOnlyDictionary<string, string> Namespaces = new Dictionary<string, string>(StringComparer.Ordinal) { [ExtensionPrefix] = ExtensionNamespace };

    /// <param name="scanUrl">The code's scan URL, <c>{base}/t/{code}</c>; a parent's is the same with its code.</param>
    public static JsonObject Document(TraceChain chain, string scanUrl, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(scanUrl);
        var code = chain.Product.Code;
        if (!scanUrl.EndsWith("/" + code, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The scan URL {scanUrl} does not end with the code {code}.", nameof(scanUrl));
        }

        var urlOf = (string c) => scanUrl[..^code.Length] + c;
        var annulments = chain.Events
            .Where(e => e.Step == TraceVocabulary.Annul && e.Details?.Annuls is not null)
            .GroupBy(e => e.Details!.Annuls!.Value)
            .ToDictionary(g => g.Key, g => g.MinBy(e => e.Seq)!);
        var events = new JsonArray();
        foreach (var e in chain.Events.Where(e => e.Step != TraceVocabulary.Annul).OrderBy(e => e.OccurredAt).ThenBy(e => e.Seq))
        {
            var item = Event(e, chain.Product, scanUrl, urlOf);
            item["eventID"] = EpcisEventHash.Compute(item, Namespaces);
            if (annulments.TryGetValue(e.Seq, out var annulment))
            {
                item["errorDeclaration"] = new JsonObject
                {
                    ["declarationTime"] = Utc(annulment.OccurredAt),
                    ["reason"] = "incorrect_data",
                    [$"{ExtensionPrefix}:annulmentSeq"] = annulment.Seq,
                };
            }

            events.Add(item);
        }

        return new JsonObject
        {
            ["@context"] = new JsonArray(Context, new JsonObject { [ExtensionPrefix] = ExtensionNamespace }),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = Utc(createdAt),
            ["epcisBody"] = new JsonObject { ["eventList"] = events },
        };
    }

    /// <summary>A party's URN in source and destination lists.</summary>
    public static string Party(string uscc) => PartyUrnPrefix + uscc;

    private static JsonObject Event(TraceEvent e, TraceProduct product, string scanUrl, Func<string, string> urlOf)
    {
        var offset = e.OccurredAt.Offset;
        var transformation = e.Step == "process" && product.Parents is { Count: > 0 };
        var item = new JsonObject
        {
            ["type"] = transformation ? "TransformationEvent" : "ObjectEvent",
            ["eventTime"] = e.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["eventTimeZoneOffset"] = (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hh\\:mm", CultureInfo.InvariantCulture),
        };
        var details = e.Details;
        var quantity = details?.Quantity is { } q ? Quantity(scanUrl, q, details.Unit) : null;
        (string? BizStep, string? Disposition) mapping;
        if (transformation)
        {
            item["inputEPCList"] = new JsonArray(product.Parents!.Distinct(StringComparer.Ordinal).Select(p => (JsonNode)urlOf(p)).ToArray());
            item["outputEPCList"] = new JsonArray(scanUrl);
            if (quantity is not null)
            {
                item["outputQuantityList"] = new JsonArray(quantity);
            }

            mapping = TransformationMapping;
        }
        else
        {
            item["epcList"] = new JsonArray(scanUrl);
            if (quantity is not null)
            {
                item["quantityList"] = new JsonArray(quantity);
            }

            item["action"] = e.Step == "produce" ? "ADD" : "OBSERVE";
            mapping = Mapping.TryGetValue(e.Step, out var m) ? m : (null, null);
        }

        if (mapping.BizStep is { } bizStep)
        {
            item["bizStep"] = bizStep;
        }

        if (mapping.Disposition is { } disposition)
        {
            item["disposition"] = disposition;
        }

        if (!string.IsNullOrWhiteSpace(e.Location))
        {
            item["readPoint"] = new JsonObject { ["id"] = LocationUrnPrefix + Uri.EscapeDataString(e.Location.Trim()) };
        }

        if (e.Documents.Count > 0)
        {
            item["bizTransactionList"] = new JsonArray(e.Documents
                .Select(d => (JsonNode)new JsonObject { ["type"] = "urn:creditsharing:document:" + Uri.EscapeDataString(d.Type ?? "document"), ["bizTransaction"] = "urn:creditsharing:document-number:" + Uri.EscapeDataString(d.Number ?? string.Empty) })
                .ToArray());
        }

        var sources = new JsonArray();
        if (details?.From is { Length: > 0 } from)
        {
            sources.Add(Party("source", "owning_party", from));
        }

        sources.Add(Party("source", "possessing_party", e.ActorUscc));
        item["sourceList"] = sources;
        if (details?.To is { Length: > 0 } to)
        {
            item["destinationList"] = new JsonArray(Party("destination", "owning_party", to), Party("destination", "possessing_party", to));
        }

        var reports = new JsonArray();
        if (e.TemperatureC is { } t)
        {
            reports.Add(new JsonObject { ["type"] = "Temperature", ["value"] = (double)t, ["uom"] = "CEL" });
        }

        foreach (var reading in details?.Readings ?? [])
        {
            reports.Add(new JsonObject { ["type"] = "Temperature", ["time"] = Utc(reading.At), ["value"] = (double)reading.C, ["uom"] = "CEL" });
        }

        if (reports.Count > 0)
        {
            item["sensorElementList"] = new JsonArray(new JsonObject { ["sensorReport"] = reports });
        }

        item[$"{ExtensionPrefix}:seq"] = e.Seq;
        item[$"{ExtensionPrefix}:chainHash"] = e.Hash;
        if (details?.Lot is { Length: > 0 } lot)
        {
            item[$"{ExtensionPrefix}:lot"] = lot;
        }

        if (details?.Unit is { Length: > 0 } unit && !UnitCodes.ContainsKey(unit.Trim()))
        {
            item[$"{ExtensionPrefix}:unit"] = unit;
        }

        return item;
    }

    private static JsonObject Quantity(string epcClass, decimal quantity, string? unit)
    {
        var element = new JsonObject { ["epcClass"] = epcClass, ["quantity"] = quantity / 1.000000000000000000000000000000000m };
        if (unit is not null && UnitCodes.TryGetValue(unit.Trim(), out var uom))
        {
            element["uom"] = uom;
        }

        return element;
    }

    private static JsonObject Party(string key, string type, string uscc) => new() { ["type"] = type, [key] = Party(uscc) };

    private static string Utc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
