namespace CreditSharing.Core.Webhooks;

/// <summary>Retry delays: 1 minute after the first failed attempt, doubling after each further one, at most an hour.</summary>
public static class WebhookBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Cap = TimeSpan.FromHours(1);

    /// <summary>How long to wait after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan After(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        return attempt > 7 ? Cap : TimeSpan.FromTicks(Math.Min(First.Ticks << (attempt - 1), Cap.Ticks));
    }
}
