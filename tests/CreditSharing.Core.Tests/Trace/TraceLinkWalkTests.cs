using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

public sealed class TraceLinkWalkTests
{
    private const string Code = "ZMD-LINKS-0001";
    private const string Producer = "91411702MA6ULN0X2U";
    private const string Kept = "91411721MA9HX7K4XH";
    private const string Annulled = "91411722MA47BK2X1Y";
    private static readonly DateTimeOffset At = new(2026, 11, 2, 8, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task ListsNoReceiverOfAnAnnulledShipment()
    {
        var product = new TraceProduct(Code, "pork", "冷鲜猪肉", null, null, null, Producer, "chilled", [], At, "sw-zmd");
        TraceEvent Event(int seq, string step, TraceEventDetails? details)
            => new(seq, step, Producer, At.AddHours(seq), "驻马店", 2m, [], $"S-{seq}", At.AddHours(seq), "prev", "hash", details);
        var chain = new TraceChain(product, [Event(1, "transport", new(To: Kept)), Event(2, "transport", new(To: Annulled)), Event(3, "annul", new(Annuls: 2))], "v1");

        var result = await TraceLinkWalk.DownstreamAsync(new NoStore(), new NoLinks(), chain, TestContext.Current.CancellationToken);

        Assert.Equal([Kept], result.Receivers.Select(r => r.Uscc));
    }

    private sealed class NoLinks : ITraceLinkStore
    {
        public Task LinkAsync(string child, IReadOnlyList<string> parents, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<string>> ChildrenAsync(string parent, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
    }

    private sealed class NoStore : ITraceStore
    {
        public Task<bool> TryCreateAsync(TraceProduct product, CancellationToken cancellationToken) => throw new InvalidOperationException("Not read.");

        public Task<TraceChain?> GetAsync(string code, CancellationToken cancellationToken) => Task.FromResult<TraceChain?>(null);

        public Task<TraceChainHead?> GetHeadAsync(string code, CancellationToken cancellationToken) => Task.FromResult<TraceChainHead?>(null);

        public Task AppendAsync(TraceChainHead head, IReadOnlyList<TraceEvent> events, CancellationToken cancellationToken) => throw new InvalidOperationException("Not written.");

        public Task<IReadOnlyList<string>> CodesOfActorAsync(string actorUscc, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
    }
}
