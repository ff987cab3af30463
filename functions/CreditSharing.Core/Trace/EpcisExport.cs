using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditSharing.Core.Trace;

/// <summary>
/// A code's chain as a GS1 EPCIS 2.0 JSON-LD <c>EPCISDocument</c>: one ObjectEvent per event, the
/// step mapped to its CBV 2.0 business step, temperature as a sensor report. The product is
/// identified by its scan URL (a web URI, as EPCIS 2.0 allows for non-GS1 identifiers).
/// </summary>
public static class EpcisExport
{
    public const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    /// <summary>CBV 2.0 bizStep values for the plan's steps.</summary>
    public static readonly IReadOnlyDictionary<string, string> BizSteps = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["produce"] = "commissioning",
        ["process"] = "transforming",
        ["inspect"] = "inspecting",
        ["store"] = "storing",
        ["transport"] = "shipping",
        ["wholesale"] = "receiving",
        ["retail"] = "retail_selling",
        ["recall"] = "removing",
    };

    public static JsonObject Document(TraceChain chain, string scanUrl, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var events = new JsonArray();

        // An annulment is no event of its own in EPCIS: the event it annuls carries an errorDeclaration.
        var annulments = chain.Events.Where(e => e.Step == TraceVocabulary.Annul && e.Details?.Annuls is not null)
            .GroupBy(e => e.Details!.Annuls!.Value)
            .ToDictionary(g => g.Key, g => g.MinBy(e => e.Seq)!);
        foreach (var e in chain.Events.Where(e => e.Step != TraceVocabulary.Annul).OrderBy(e => e.OccurredAt).ThenBy(e => e.Seq))
        {
            var offset = e.OccurredAt.Offset;
            var item = new JsonObject
            {
                ["type"] = "ObjectEvent",
                ["eventID"] = $"ni:///sha-256;{e.Hash}?ver=CBV2.0",
                ["eventTime"] = e.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["eventTimeZoneOffset"] = (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hh\\:mm", CultureInfo.InvariantCulture),
                ["epcList"] = new JsonArray(scanUrl),
                ["action"] = e.Step == "produce" ? "ADD" : e.Step == "recall" ? "DELETE" : "OBSERVE",
                ["bizStep"] = BizSteps[e.Step],
                ["readPoint"] = new JsonObject { ["id"] = $"urn:creditsharing:actor:{e.ActorUscc}" },
            };
            if (e.TemperatureC is { } t)
            {
                item["sensorElementList"] = new JsonArray(new JsonObject
                {
                    ["sensorReport"] = new JsonArray(new JsonObject { ["type"] = "Temperature", ["value"] = (double)t, ["uom"] = "CEL" }),
                });
            }

            if (e.Documents.Count > 0)
            {
                item["bizTransactionList"] = new JsonArray(e.Documents
                    .Select(d => (JsonNode)new JsonObject { ["type"] = "urn:creditsharing:document:" + Uri.EscapeDataString(d.Type ?? "document"), ["bizTransaction"] = "urn:creditsharing:document-number:" + Uri.EscapeDataString(d.Number ?? string.Empty) })
                    .ToArray());
            }

            if (annulments.TryGetValue(e.Seq, out var annul))
            {
                item["errorDeclaration"] = new JsonObject
                {
                    ["declarationTime"] = annul.RecordedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    ["reason"] = "incorrect_data",
                };
            }

            events.Add(item);
        }

        return new JsonObject
        {
            ["@context"] = new JsonArray(Context),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = createdAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["epcisBody"] = new JsonObject { ["eventList"] = events },
        };
    }
}
