using System.Text.Json.Nodes;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

/// <summary>
/// The CBV 2.0 event hash against the worked examples of the GS1 reference implementation
/// (tests/data/epcis/hash, source in tests/data/README.md): each event's pre-hash string and hash
/// must be the published ones.
/// </summary>
public sealed class EpcisEventHashTests
{
    public static TheoryData<string> Examples => ["ReferenceEventHashAlgorithm", "ReferenceEventHashAlgorithm2", "ReferenceEventHashAlgorithm3"];

    [Theory]
    [MemberData(nameof(Examples))]
    public void ComputesThePublishedPreHashOfAWorkedExample(string example)
    {
        var (events, namespaces) = Load(example);
        var expected = Lines(example + ".prehashes");

        var preHashes = events.Select(e => EpcisEventHash.PreHash(e, namespaces)).ToArray();

        Assert.Equal(expected, preHashes);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ComputesThePublishedHashOfAWorkedExample(string example)
    {
        var (events, namespaces) = Load(example);
        var expected = Lines(example + ".hashes");

        var hashes = events.Select(e => EpcisEventHash.Compute(e, namespaces)).ToArray();

        Assert.Equal(expected, hashes);
    }

    [Fact]
    public void IgnoresEventIdRecordTimeAndErrorDeclaration()
    {
        var (events, namespaces) = Load("ReferenceEventHashAlgorithm3");
        var changed = events[0].DeepClone().AsObject();
        changed["eventID"] = "urn:uuid:6a1b1c47-5a0d-4b5e-9b8e-2a6c1e0f3d11";
        changed["recordTime"] = "2024-01-01T00:00:00.000Z";
        changed["errorDeclaration"] = new JsonObject { ["declarationTime"] = "2024-01-02T00:00:00.000Z", ["reason"] = "incorrect_data" };

        var hash = EpcisEventHash.Compute(changed, namespaces);

        Assert.Equal(EpcisEventHash.Compute(events[0], namespaces), hash);
    }

    [Fact]
    public void ChangesWhenAValueChanges()
    {
        var (events, namespaces) = Load("ReferenceEventHashAlgorithm3");
        var changed = events[0].DeepClone().AsObject();
        changed["disposition"] = "recalled";

        var hash = EpcisEventHash.Compute(changed, namespaces);

        Assert.NotEqual(EpcisEventHash.Compute(events[0], namespaces), hash);
    }

    [Fact]
    public void RefusesAFieldOutsideTheImplementedSubset()
    {
        var (events, namespaces) = Load("ReferenceEventHashAlgorithm3");
        var changed = events[0].DeepClone().AsObject();
        changed["persistentDisposition"] = new JsonObject { ["set"] = new JsonArray("completeness_verified") };

        Assert.Throws<NotSupportedException>(() => EpcisEventHash.Compute(changed, namespaces));
    }

    private static (JsonObject[] Events, IReadOnlyDictionary<string, string> Namespaces) Load(string example)
    {
        var document = JsonNode.Parse(File.ReadAllText(DataFile(example + ".jsonld")))!.AsObject();
        var events = document["epcisBody"]!["eventList"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        return (events, EpcisEventHash.Namespaces(document["@context"]));
    }

    private static string[] Lines(string file)
        => File.ReadAllLines(DataFile(file)).Where(l => l.Length > 0).ToArray();

    private static string DataFile(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "epcis", "hash", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"tests/data/epcis/hash/{name} was not copied to {AppContext.BaseDirectory}.", path);
    }
}
