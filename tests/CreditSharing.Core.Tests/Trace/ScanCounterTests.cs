using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

/// <summary><see cref="ScanCounter"/>: scans counted in memory, added to the stored tally by a flush.</summary>
public sealed class ScanCounterTests
{
    private const string Code = "ZMD-SCANS-0001";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AnswersTheStoredTallyPlusThisInstancesUnflushedScansWithoutWriting()
    {
        var store = new MemoryTallyStore();
        var counter = new ScanCounter(store, new FixedTimeProvider(Now));
        var stored = new ScanTally(10, Now.AddDays(-3));

        counter.Record(Code, stored);
        var second = counter.Record(Code, stored);

        Assert.Equal(new ScanTally(12, Now.AddDays(-3)), second);
        Assert.Equal(0, store.Adds);
        Assert.Equal(2, counter.Unflushed);
    }

    [Fact]
    public void DatesTheFirstScanOfANeverScannedCodeNow()
    {
        var counter = new ScanCounter(new MemoryTallyStore(), new FixedTimeProvider(Now));

        var first = counter.Record(Code, null);

        Assert.Equal(new ScanTally(1, Now), first);
    }

    [Fact]
    public async Task FlushAddsEachCodesCountOnceAndEmptiesTheCounter()
    {
        var store = new MemoryTallyStore();
        var counter = new ScanCounter(store, new FixedTimeProvider(Now));
        counter.Record(Code, null);
        counter.Record(Code, null);
        counter.Record("ZMD-SCANS-0002", null);

        var codes = await counter.FlushAsync(Ct);
        var again = await counter.FlushAsync(Ct);

        Assert.Equal(2, codes);
        Assert.Equal(0, again);
        Assert.Equal(new ScanTally(2, Now), store.Tallies[Code]);
        Assert.Equal(0, counter.Unflushed);
        Assert.Equal(new ScanTally(3, Now), counter.Record(Code, store.Tallies[Code]));
    }

    [Fact]
    public async Task TwoInstancesFlushingIntoOneStoreSumTheirCounts()
    {
        var store = new MemoryTallyStore();
        var early = new ScanCounter(store, new FixedTimeProvider(Now.AddMinutes(-5)));
        var late = new ScanCounter(store, new FixedTimeProvider(Now));
        early.Record(Code, null);
        late.Record(Code, null);
        late.Record(Code, null);

        await late.FlushAsync(Ct);
        await early.FlushAsync(Ct);

        Assert.Equal(new ScanTally(3, Now.AddMinutes(-5)), store.Tallies[Code]);
    }

    [Fact]
    public async Task KeepsCountsThatFailedToStoreForTheNextFlush()
    {
        var store = new MemoryTallyStore { Failing = true };
        var counter = new ScanCounter(store, new FixedTimeProvider(Now));
        counter.Record(Code, null);

        await Assert.ThrowsAsync<ScanFlushException>(() => counter.FlushAsync(Ct));
        counter.Record(Code, null);
        store.Failing = false;
        await counter.FlushAsync(Ct);

        Assert.Equal(new ScanTally(2, Now), store.Tallies[Code]);
        Assert.Equal(0, counter.Unflushed);
    }

    [Fact]
    public async Task HandsTheFlushTheHeadTheLastScanReadSoItNeedNotReadAgain()
    {
        var store = new MemoryTallyStore();
        var counter = new ScanCounter(store, new FixedTimeProvider(Now));
        var stored = new ScanTally(7, Now.AddDays(-1));
        counter.Record(Code, stored, "W/\"v1\"");
        counter.Record(Code, stored, "W/\"v2\"");

        await counter.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new SeenTally(stored, "W/\"v2\""), Assert.Single(store.Seen));
    }

    private sealed class MemoryTallyStore : IScanTallyStore
    {
        public Dictionary<string, ScanTally> Tallies { get; } = new(StringComparer.Ordinal);

        public int Adds { get; private set; }

        public bool Failing { get; set; }

        public List<SeenTally?> Seen { get; } = [];

        public Task<bool> AddAsync(string code, long count, DateTimeOffset firstAt, SeenTally? seen, CancellationToken cancellationToken)
        {
            if (Failing)
            {
                throw new InvalidOperationException("Storage is down.");
            }

            lock (Tallies)
            {
                Adds++;
                Seen.Add(seen);
                Tallies[code] = Tallies.TryGetValue(code, out var t) ? new ScanTally(t.Count + count, t.FirstAt <= firstAt ? t.FirstAt : firstAt) : new ScanTally(count, firstAt);
            }

            return Task.FromResult(true);
        }
    }
}
