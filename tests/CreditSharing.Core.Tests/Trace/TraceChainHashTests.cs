using System.Security.Cryptography;
using System.Text;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

/// <summary>
/// The chain hashes stored with every trace event. Their exact values are pinned: a change in how an
/// event is serialized for hashing would make every stored chain read as tampered.
/// </summary>
public sealed class TraceChainHashTests
{
    private const string Code = "ZMD-GOLDEN-0001";

    private const string PreviousHash = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    /// <summary>SHA-256 of <see cref="PreviousHash"/> followed by <see cref="ColdStoreJson"/>: <c>printf %s "$prev$json" | sha256sum</c>.</summary>
    private const string ChainedHash = "b57022c6d83612db64a6383f6ca75076ed507e7399b7cf0758a90bbfea9ad5a9";

    /// <summary>
    /// What the seventh event of <see cref="Code"/> is hashed as: camelCase in declaration order, the
    /// time with milliseconds and offset, the temperature as text, Chinese written as is and
    /// HTML-sensitive characters (and '+') escaped, nulls kept.
    /// </summary>
    private const string ColdStoreJson = """{"code":"ZMD-GOLDEN-0001","seq":7,"step":"store","actorUscc":"91411702MA6ULN0X2U","occurredAt":"2026-03-05T08:30:15.250\u002B08:00","location":"驻马店市驿城区 冷库 \u003C2号\u003E \u0026 \u0022北区\u0022","temperatureC":"-18.5","documents":[{"type":"检疫合格证明","number":"豫A-2026\u002B0001"},{"type":null,"number":"DOC-2"}],"sourceId":"WMS-2026-000042"}""";

    private static NewTraceEvent ColdStore => new(
        "store",
        "91411702MA6ULN0X2U",
        new DateTimeOffset(2026, 3, 5, 8, 30, 15, 250, TimeSpan.FromHours(8)),
        "驻马店市驿城区 冷库 <2号> & \"北区\"",
        -18.5m,
        [new TraceDocument("检疫合格证明", "豫A-2026+0001"), new TraceDocument(null, "DOC-2")],
        "WMS-2026-000042");

    private static NewTraceEvent Produce => new(
        "produce",
        "91411702MA6ULN0X2U",
        new DateTimeOffset(2026, 3, 1, 23, 59, 59, TimeSpan.Zero),
        "西平县养殖场",
        null,
        [],
        "FARM-1");

    [Fact]
    public void GenesisIsTheSha256OfTheCode()
    {
        Assert.Equal("65787358c9d8d53cc180cdf239e9f0fa541c5efe1cf0bf9901894b8f248be261", TraceChainHash.Genesis(Code));
    }

    [Fact]
    public void HashesTheFirstEventOntoTheGenesisOfItsCode()
    {
        var hash = TraceChainHash.Of(Code, TraceChainHash.Genesis(Code), 1, Produce);

        Assert.Equal("3a778fc8a0d85267d316f24a2371176c7640e2c0a8130928d34b9f556b3168f7", hash);
    }

    [Fact]
    public void HashesAnEventWithChineseTextTemperatureAndDocumentsOntoAPreviousHash()
    {
        var hash = TraceChainHash.Of(Code, PreviousHash, 7, ColdStore);

        Assert.Equal(ChainedHash, hash);
    }

    [Fact]
    public void ChainedHashIsTheSha256OfThePreviousHashAndTheEventsCanonicalJson()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PreviousHash + ColdStoreJson)));

        Assert.Equal(ChainedHash, expected);
        Assert.Equal(expected, TraceChainHash.Of(Code, PreviousHash, 7, ColdStore));
    }

    [Fact]
    public void ChainedEventCarriesThePreviousHashAndItsOwnHash()
    {
        var recordedAt = new DateTimeOffset(2026, 3, 5, 1, 0, 0, TimeSpan.Zero);

        var chained = TraceChainHash.Chained(Code, PreviousHash, 7, ColdStore, recordedAt);

        Assert.Equal(PreviousHash, chained.PreviousHash);
        Assert.Equal(ChainedHash, chained.Hash);
        Assert.Equal(recordedAt, chained.RecordedAt);
    }

    [Fact]
    public void RecordingTimeIsNotPartOfTheHash()
    {
        var early = TraceChainHash.Chained(Code, PreviousHash, 7, ColdStore, DateTimeOffset.UnixEpoch);
        var late = TraceChainHash.Chained(Code, PreviousHash, 7, ColdStore, DateTimeOffset.UnixEpoch.AddYears(50));

        Assert.Equal(early.Hash, late.Hash);
    }

    [Fact]
    public void SameInstantInAnotherOffsetHashesDifferently()
    {
        var utc = ColdStore with { OccurredAt = ColdStore.OccurredAt.ToUniversalTime() };

        Assert.NotEqual(TraceChainHash.Of(Code, PreviousHash, 7, ColdStore), TraceChainHash.Of(Code, PreviousHash, 7, utc));
    }

    [Fact]
    public void VerifiesAChainBuiltFromThePinnedEventsAndFindsTheEditedOne()
    {
        var first = TraceChainHash.Chained(Code, TraceChainHash.Genesis(Code), 1, Produce, DateTimeOffset.UnixEpoch);
        var second = TraceChainHash.Chained(Code, first.Hash, 2, ColdStore, DateTimeOffset.UnixEpoch);
        var edited = second with { TemperatureC = -2.0m };

        Assert.Equal(new IntegrityStatus(true, 2, null), TraceChainHash.Verify(Code, [first, second]));
        Assert.Equal(new IntegrityStatus(false, 2, 2), TraceChainHash.Verify(Code, [first, edited]));
    }
}
