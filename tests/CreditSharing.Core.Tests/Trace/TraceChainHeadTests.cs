using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

public sealed class TraceChainHeadTests
{
    private const string Code = "ZMD20261127000000001";
    private const string Producer = "91411702MA6ULN0X2U";

    private static readonly TraceProduct Product = new(Code, "pork", "冷鲜猪肉", "B1", null, null, Producer, "chilled", [], DateTimeOffset.UnixEpoch, "test");

    private static NewTraceEvent New(string sourceId) => new("produce", Producer, DateTimeOffset.UnixEpoch, "驻马店", null, [], sourceId);

    private static TraceChain Chain(params string[] sourceIds)
    {
        var previous = TraceChainHash.Genesis(Code);
        var events = new List<TraceEvent>();
        foreach (var (sourceId, i) in sourceIds.Select((s, i) => (s, i)))
        {
            events.Add(TraceChainHash.Chained(Code, previous, i + 1, New(sourceId), DateTimeOffset.UnixEpoch));
            previous = events[^1].Hash;
        }

        return new TraceChain(Product, events, "W/\"1\"");
    }

    [Fact]
    public void TakesTheLastEventsSeqAndHashAndAKeyPerEventFromAChain()
    {
        var chain = Chain("S-1", "S-2", "S-3");

        var head = TraceChainHead.Of(chain);

        Assert.Equal(3, head.LastSeq);
        Assert.Equal(chain.Events[^1].Hash, head.LastHash);
        Assert.Equal(3, head.Sources!.Count);
        Assert.Equal("W/\"1\"", head.Version);
    }

    [Fact]
    public void HoldsNoneOfNewEventsButSeesARepeat()
    {
        var head = TraceChainHead.Of(Chain("S-1", "S-2"));

        Assert.True(head.HoldsNoneOf([New("S-3"), New("S-4")]));
        Assert.False(head.HoldsNoneOf([New("S-3"), New("S-2")]));
    }

    [Fact]
    public void TellsNothingWhenItsSourceKeysAreUnknown()
    {
        var known = TraceChainHead.Of(Chain("S-1"));
        var withoutKeys = known with { Sources = null };
        var withoutHash = known with { LastHash = null };

        Assert.False(withoutKeys.HoldsNoneOf([New("S-2")]));
        Assert.False(withoutHash.HoldsNoneOf([New("S-2")]));
        Assert.True(TraceChainHead.Of(Chain()).HoldsNoneOf([New("S-1")]));
    }

    [Fact]
    public void KeysDependOnTheActorAsWellAsTheSourceId()
    {
        Assert.NotEqual(TraceChainHash.SourceKey(Producer, "S-1"), TraceChainHash.SourceKey("91411700MA44AAAA0X", "S-1"));
        Assert.Equal(16, TraceChainHash.SourceKey(Producer, "S-1").Length);
    }
}
