using System.Text.Json.Nodes;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

/// <summary>The EPCIS 2.0 document of a chain: event types, CBV vocabulary, parties, event hash IDs.</summary>
public sealed class EpcisExportTests
{
    private const string Producer = "91411702MA6ULN0X2U";

    private const string Receiver = "91411700MA44XQ3E4N";

    private const string Base = "https://trace.example.cn/t/";

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void ExportsStepsAsObjectEventsWithTheirCbvBizStepAndDisposition()
    {
        var chain = Chain("CODE-A", null, Event(1, "produce"), Event(2, "transport", temperature: -19.5m), Event(3, "retail"));

        var events = Events(chain);

        Assert.All(events, e => Assert.Equal("ObjectEvent", (string?)e["type"]));
        Assert.Equal(["ADD", "OBSERVE", "OBSERVE"], events.Select(e => (string?)e["action"]));
        Assert.Equal(["commissioning", "shipping", "retail_selling"], events.Select(e => (string?)e["bizStep"]));
        Assert.Equal(["active", "in_transit", "sellable_accessible"], events.Select(e => (string?)e["disposition"]));
        Assert.All(events, e => Assert.Equal(Base + "CODE-A", (string?)e["epcList"]![0]));
        var report = events[1]["sensorElementList"]![0]!["sensorReport"]![0]!;
        Assert.Equal(("Temperature", -19.5, "CEL"), ((string?)report["type"], (double?)report["value"], (string?)report["uom"]));
    }

    [Fact]
    public void ExportsProcessOfACodeWithParentsAsATransformationEvent()
    {
        var chain = Chain("CODE-CUTS", ["CODE-CARCASS-1", "CODE-CARCASS-2"], Event(1, "process", quantity: 12.50m, unit: "kg"), Event(2, "store", temperature: 2m));

        var events = Events(chain);

        Assert.Equal("TransformationEvent", (string?)events[0]["type"]);
        Assert.Null(events[0]["action"]);
        Assert.Null(events[0]["epcList"]);
        Assert.Equal([Base + "CODE-CARCASS-1", Base + "CODE-CARCASS-2"], events[0]["inputEPCList"]!.AsArray().Select(n => (string?)n));
        Assert.Equal([Base + "CODE-CUTS"], events[0]["outputEPCList"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("commissioning", (string?)events[0]["bizStep"]);
        var quantity = events[0]["outputQuantityList"]![0]!;
        Assert.Equal((Base + "CODE-CUTS", 12.5m, "KGM"), ((string?)quantity["epcClass"], (decimal?)quantity["quantity"], (string?)quantity["uom"]));
        Assert.Equal("ObjectEvent", (string?)events[1]["type"]);
    }

    [Fact]
    public void ExportsProcessOfACodeWithoutParentsAsAnObjectEvent()
    {
        var events = Events(Chain("CODE-B", null, Event(1, "process")));

        Assert.Equal("ObjectEvent", (string?)events[0]["type"]);
        Assert.Equal("OBSERVE", (string?)events[0]["action"]);
    }

    [Fact]
    public void ExportsARecallAsDispositionRecalledNotDelete()
    {
        var events = Events(Chain("CODE-C", null, Event(1, "produce"), Event(2, "recall")));

        Assert.Equal("OBSERVE", (string?)events[1]["action"]);
        Assert.Equal("recalled", (string?)events[1]["disposition"]);
        Assert.DoesNotContain(events, e => (string?)e["action"] == "DELETE");
    }

    [Fact]
    public void PutsActorsInSourceAndDestinationListsAndTheLocationInReadPoint()
    {
        var details = new TraceEventDetails(From: Producer, To: Receiver, Quantity: 40, Unit: "箱", Lot: "L-2026-03");
        var events = Events(Chain("CODE-D", null, Event(1, "transport", actor: Producer, details: details, location: "平舆—驻马店")));

        var e = events[0];
        Assert.Equal(
            [("owning_party", "urn:creditsharing:uscc:" + Producer), ("possessing_party", "urn:creditsharing:uscc:" + Producer)],
            e["sourceList"]!.AsArray().Select(s => ((string?)s!["type"], (string?)s["source"])));
        Assert.Equal(
            [("owning_party", "urn:creditsharing:uscc:" + Receiver), ("possessing_party", "urn:creditsharing:uscc:" + Receiver)],
            e["destinationList"]!.AsArray().Select(s => ((string?)s!["type"], (string?)s["destination"])));
        Assert.Equal("urn:creditsharing:location:" + Uri.EscapeDataString("平舆—驻马店"), (string?)e["readPoint"]!["id"]);
        Assert.DoesNotContain(Producer, e["readPoint"]!.ToJsonString(), StringComparison.Ordinal);
        var quantity = e["quantityList"]![0]!;
        Assert.Equal(40m, (decimal?)quantity["quantity"]);
        Assert.Null(quantity["uom"]);
        Assert.Equal("箱", (string?)e["cs:unit"]);
        Assert.Equal("L-2026-03", (string?)e["cs:lot"]);
    }

    [Fact]
    public void GivesEachEventTheCbvHashOfItselfAsItsId()
    {
        var document = EpcisExport.Document(Chain("CODE-E", null, Event(1, "produce"), Event(2, "store", temperature: -18m), Event(3, "store", temperature: -18m)), Base + "CODE-E", Start);
        var namespaces = EpcisEventHash.Namespaces(document["@context"]);
        var events = document["epcisBody"]!["eventList"]!.AsArray().Select(n => n!.AsObject()).ToArray();

        var ids = events.Select(e => (string?)e["eventID"]).ToArray();

        Assert.All(ids, id => Assert.Matches("^ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0$", id));
        Assert.Equal(ids, events.Select(e => EpcisEventHash.Compute(e, namespaces)));
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.DoesNotContain(events, e => ((string?)e["eventID"])!.Contains((string)e["cs:chainHash"]!, StringComparison.Ordinal));
    }

    [Fact]
    public void MarksAnAnnulledEventWithAnErrorDeclarationAndKeepsItsId()
    {
        var annul = Event(3, "annul", details: new TraceEventDetails(Annuls: 2)) with { OccurredAt = Start.AddHours(5) };
        var before = Events(Chain("CODE-F", null, Event(1, "produce"), Event(2, "transport", temperature: 9m)));

        var after = Events(Chain("CODE-F", null, Event(1, "produce"), Event(2, "transport", temperature: 9m), annul));

        Assert.Equal(2, after.Length);
        var declaration = after[1]["errorDeclaration"]!;
        Assert.Equal("incorrect_data", (string?)declaration["reason"]);
        Assert.Equal("2026-03-01T05:00:00.000Z", (string?)declaration["declarationTime"]);
        Assert.Null(after[0]["errorDeclaration"]);
        Assert.Equal(before.Select(e => (string?)e["eventID"]), after.Select(e => (string?)e["eventID"]));
    }

    private static JsonObject[] Events(TraceChain chain)
        => EpcisExport.Document(chain, Base + chain.Product.Code, Start.AddDays(1))["epcisBody"]!["eventList"]!.AsArray().Select(n => n!.AsObject()).ToArray();

    private static TraceChain Chain(string code, IReadOnlyList<string>? parents, params TraceEvent[] events)
        => new(new TraceProduct(code, "pork", "冷鲜猪肉", "B1", null, "驻马店", Producer, "chilled", [], Start, "provider-1", parents), events, "v1");

    private static TraceEvent Event(int seq, string step, decimal? temperature = null, string actor = Producer, TraceEventDetails? details = null, string location = "西平县", decimal? quantity = null, string? unit = null)
        => new(
            seq,
            step,
            actor,
            Start.AddHours(seq),
            location,
            temperature,
            [],
            $"S-{seq}",
            Start.AddHours(seq),
            new string('0', 64),
            Convert.ToHexStringLower(BitConverter.GetBytes(seq)).PadLeft(64, 'a'),
            details ?? (quantity is null ? null : new TraceEventDetails(Quantity: quantity, Unit: unit)));
}
