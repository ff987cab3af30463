using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

public sealed class TraceMessagePackingTests
{
    private const string Code = "ZMD-PACKING-0001";
    private const string Actor = "91411702MA6ULN0X2U";

    private static NewTraceEvent Event(int i, int documents)
        => new("store", Actor, DateTimeOffset.UnixEpoch.AddMinutes(i), new string('库', 200), null,
            [.. Enumerable.Range(0, documents).Select(d => new TraceDocument(new string('检', 200), new string('号', 200)))], $"S-{i}");

    [Fact]
    public void PacksLargeEventsByBytesSoEveryMessageFitsTheQueue()
    {
        var events = Enumerable.Range(0, 150).Select(i => Event(i, documents: 20)).ToList();

        var messages = TraceService.Messages(Code, events).ToList();

        Assert.All(messages, m => Assert.True(JsonSerializer.SerializeToUtf8Bytes(m, WireJson.Options).Length <= MessagePacking.MaxMessageJsonBytes));
        Assert.Equal(events, messages.SelectMany(m => m.Events));
        Assert.All(messages, m => Assert.Equal(Code, m.Code));
    }

    [Fact]
    public void PutsAtMost99SmallEventsInAMessageForOneAppendTransaction()
    {
        var events = Enumerable.Range(0, 250).Select(i => new NewTraceEvent("store", Actor, DateTimeOffset.UnixEpoch, "库", null, [], $"S-{i}")).ToList();

        var messages = TraceService.Messages(Code, events).ToList();

        Assert.Equal([99, 99, 52], messages.Select(m => m.Events.Count));
    }
}
