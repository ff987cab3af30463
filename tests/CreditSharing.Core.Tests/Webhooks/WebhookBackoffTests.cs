using CreditSharing.Core.Webhooks;

namespace CreditSharing.Core.Tests.Webhooks;

public sealed class WebhookBackoffTests
{
    [Fact]
    public void DoublesFromOneMinuteAndStopsAtAnHour()
    {
        var delays = Enumerable.Range(1, 10).Select(WebhookBackoff.After).Select(d => d.TotalMinutes);

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60, 60], delays);
    }

    [Fact]
    public void StaysCappedForAttemptsThatWouldOverflow()
    {
        Assert.Equal(TimeSpan.FromHours(1), WebhookBackoff.After(int.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookBackoff.After(0));
    }

    [Fact]
    public void ReachesTheTwentyFourHourWindowInAboutThirtyAttempts()
    {
        var total = TimeSpan.Zero;
        var attempts = 0;
        while (total < WebhookOptions.RetryWindow)
        {
            total += WebhookBackoff.After(++attempts);
        }

        Assert.InRange(attempts, 25, 35);
    }
}
