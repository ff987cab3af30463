namespace CreditSharing.Core.Tests;

/// <summary>A clock that moves only when told; safe from parallel writers.</summary>
internal sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    /// <summary>Moves the clock on and answers the new time.</summary>
    public DateTimeOffset Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
            return now;
        }
    }
}
