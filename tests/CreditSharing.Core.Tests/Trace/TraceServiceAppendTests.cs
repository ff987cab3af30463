using System.Globalization;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

/// <summary>Appends through <see cref="TraceService"/> over an in-memory chain: when the head alone serves, and when the chain is read.</summary>
public sealed class TraceServiceAppendTests
{
    private const string Code = "ZMD-APPEND-0001";
    private const string Producer = "91411702MA6ULN0X2U";
    private const string ProviderId = "sw-trace";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TraceProduct Product => new(Code, "pork", "冷鲜猪肉", "B1", null, null, Producer, "ambient", [], Now, "test");

    private static EventInput Input(string sourceId) => new("produce", Producer, Now.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), "驻马店", null, null, null, sourceId);

    private static (TraceService Service, MemoryTraceStore Store) Create()
    {
        var clock = new FixedTimeProvider(Now);
        var store = new MemoryTraceStore(Product);
        return (new TraceService(store, null!, new ActorDirectory(null!, null!, null!, clock), CreditRules.Default, clock, new Core.Providers.ProviderGate(MemoryProviderStore.WithEveryRight(ProviderId)), new ScanCounter(null!, clock)), store);
    }

    [Fact]
    public async Task AppendsNewEventsFromTheHeadWithoutReadingTheChain()
    {
        var (service, store) = Create();

        var first = await service.AddAsync(Code, Input("S-1"), null, ProviderId, asRegulator: false, Ct);
        var second = await service.AddAsync(Code, Input("S-2"), null, ProviderId, asRegulator: false, Ct);

        Assert.Equal([1, 2], [first.Value!.Seq, second.Value!.Seq]);
        Assert.Equal(0, store.ChainReads);
        Assert.True(TraceChainHash.Verify(Code, store.Events).Intact);
    }

    [Fact]
    public async Task AnswersARepeatWithTheStoredEventFromTheChain()
    {
        var (service, store) = Create();
        var first = await service.AddAsync(Code, Input("S-1"), null, ProviderId, asRegulator: false, Ct);

        var repeat = await service.AddAsync(Code, Input("S-1"), null, ProviderId, asRegulator: false, Ct);

        Assert.Equal(first.Value, repeat.Value);
        Assert.Single(store.Events);
        Assert.Equal(1, store.ChainReads);
    }

    [Fact]
    public async Task ChainsAfterAnEventRecordedMeanwhile()
    {
        var (service, store) = Create();
        await service.AddAsync(Code, Input("S-1"), null, ProviderId, asRegulator: false, Ct);
        store.Interloper = new NewTraceEvent("inspect", Producer, Now.AddMinutes(-30), "驻马店", null, [], "OTHER-1");

        var late = await service.AddAsync(Code, Input("S-2"), null, ProviderId, asRegulator: false, Ct);

        Assert.Equal(3, late.Value!.Seq);
        Assert.Equal(["S-1", "OTHER-1", "S-2"], store.Events.Select(e => e.SourceId));
        Assert.True(TraceChainHash.Verify(Code, store.Events).Intact);
    }

    [Fact]
    public async Task ReadsTheChainWhenTheHeadKeepsNoSourceKeys()
    {
        var (service, store) = Create();
        await service.AddAsync(Code, Input("S-1"), null, ProviderId, asRegulator: false, Ct);
        store.KeepsKeys = false;

        var repeat = await service.AddAsync(Code, Input("S-1"), null, ProviderId, asRegulator: false, Ct);
        var fresh = await service.AddAsync(Code, Input("S-2"), null, ProviderId, asRegulator: false, Ct);

        Assert.Equal(1, repeat.Value!.Seq);
        Assert.Equal(2, fresh.Value!.Seq);
        Assert.Equal(["S-1", "S-2"], store.Events.Select(e => e.SourceId));
        Assert.Equal(2, store.ChainReads);
        Assert.True(TraceChainHash.Verify(Code, store.Events).Intact);
    }

    /// <summary>One chain whose head keeps its keys (or, when told, none), with a version bumped by every append.</summary>
    private sealed class MemoryTraceStore(TraceProduct product) : ITraceStore
    {
        private readonly List<TraceEvent> events = [];
        private int version = 1;

        public IReadOnlyList<TraceEvent> Events => events;

        public int ChainReads { get; private set; }

        public bool KeepsKeys { get; set; } = true;

        /// <summary>Recorded by another writer just before the next append lands, which then loses the race.</summary>
        public NewTraceEvent? Interloper { get; set; }

        private string Version => version.ToString(CultureInfo.InvariantCulture);

        public Task<bool> TryCreateAsync(TraceProduct created, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TraceChain?> GetAsync(string code, CancellationToken cancellationToken)
        {
            ChainReads++;
            return Task.FromResult<TraceChain?>(new TraceChain(product, [.. events], Version));
        }

        public Task<TraceChainHead?> GetHeadAsync(string code, CancellationToken cancellationToken)
        {
            var last = events.LastOrDefault();
            var keys = KeepsKeys ? events.Select(e => TraceChainHash.SourceKey(e.ActorUscc, e.SourceId)).ToHashSet(StringComparer.Ordinal) : null;
            return Task.FromResult<TraceChainHead?>(new TraceChainHead(product, last?.Seq ?? 0, last?.Hash, keys, Version));
        }

        public Task AppendAsync(TraceChainHead head, IReadOnlyList<TraceEvent> added, CancellationToken cancellationToken)
        {
            if (Interloper is { } other)
            {
                Interloper = null;
                var last = events.LastOrDefault();
                events.Add(TraceChainHash.Chained(product.Code, last?.Hash ?? TraceChainHash.Genesis(product.Code), (last?.Seq ?? 0) + 1, other, Now));
                version++;
            }

            if (head.Version != Version)
            {
                throw new TraceConflictException($"The chain of {product.Code} grew meanwhile.");
            }

            events.AddRange(added);
            version++;
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<string>> CodesOfActorAsync(string actorUscc, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
