namespace CreditSharing.DevHost;

/// <summary>
/// The product's clock in the DevHost: the system clock plus an offset that <c>POST /dev/clock</c>
/// moves forward, so time keeps flowing after a jump. Timers and delays still run on real time
/// (<see cref="TimeProvider.CreateTimer"/> is not overridden); only "now" moves.
/// </summary>
public sealed class DevHostClock : TimeProvider
{
    private readonly TimeProvider system;
    private long offsetTicks;

    public DevHostClock(TimeProvider system)
    {
        this.system = system;
    }

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow() + Offset;

    /// <summary>Moves "now" to <paramref name="target"/>; false (and nothing moves) when it lies before the current time.</summary>
    public bool TryMoveTo(DateTimeOffset target, out DateTimeOffset previous)
    {
        while (true)
        {
            var offset = Interlocked.Read(ref offsetTicks);
            var systemNow = system.GetUtcNow();
            previous = systemNow + TimeSpan.FromTicks(offset);
            if (target < previous)
            {
                return false;
            }

            var next = (target - systemNow).Ticks;
            if (Interlocked.CompareExchange(ref offsetTicks, next, offset) == offset)
            {
                return true;
            }
        }
    }
}
