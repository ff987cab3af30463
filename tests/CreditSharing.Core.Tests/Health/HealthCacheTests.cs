using CreditSharing.Core.Health;

namespace CreditSharing.Core.Tests.Health;

public sealed class HealthCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswersFromTheLastProbeForFiveSeconds()
    {
        var clock = new SteppingClock(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var probe = new CountingProbe();
        using var cache = new HealthCache(probe, clock);

        await cache.CheckAsync(Ct);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        var cached = await cache.CheckAsync(Ct);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var fresh = await cache.CheckAsync(Ct);

        Assert.Equal(2, probe.Calls);
        Assert.Equal(1, cached.PoisonTotal);
        Assert.Equal(2, fresh.PoisonTotal);
    }

    [Fact]
    public async Task ConcurrentCallersShareOneProbe()
    {
        var clock = new SteppingClock(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var release = new TaskCompletionSource();
        var probe = new CountingProbe(release.Task);
        using var cache = new HealthCache(probe, clock);

        var callers = Enumerable.Range(0, 10).Select(_ => cache.CheckAsync(Ct)).ToList();
        release.SetResult();
        await Task.WhenAll(callers);

        Assert.Equal(1, probe.Calls);
    }

    /// <summary>Each probe reports one more poison message than the last, so answers tell probes apart.</summary>
    private sealed class CountingProbe(Task? gate = null) : IHealthProbe
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref calls);
            if (gate is not null)
            {
                await gate;
            }

            return new HealthReport(true, new Dictionary<string, int> { ["credit-records"] = n });
        }
    }
}
