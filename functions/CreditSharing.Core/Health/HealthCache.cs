namespace CreditSharing.Core.Health;

/// <summary>
/// <c>/api/health</c> answers from here: a probe costs one storage call per poison queue and one
/// table read, so its report is reused for <see cref="MaxAge"/> (by <see cref="TimeProvider"/>).
/// Concurrent callers of an expired report wait for one probe rather than each starting their own.
/// </summary>
public sealed class HealthCache(IHealthProbe probe, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private (HealthReport Report, DateTimeOffset At)? cached;

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } report)
        {
            return report;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } again)
            {
                return again;
            }

            var probed = await probe.CheckAsync(cancellationToken);
            if (!cancellationToken.IsCancellationRequested)
            {
                // A probe cut short by its caller says nothing about storage: not kept for others.
                cached = (probed, clock.GetUtcNow());
            }

            return probed;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private HealthReport? Fresh()
    {
        var current = cached;
        if (current is null)
        {
            return null;
        }

        var age = clock.GetUtcNow() - current.Value.At;
        return age >= TimeSpan.Zero && age < MaxAge ? current.Value.Report : null;
    }
}
