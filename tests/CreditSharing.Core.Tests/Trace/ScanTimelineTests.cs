using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Tests.Trace;

public sealed class ScanTimelineTests
{
    private const string Producer = "91411702MA6ULN0X2U";
    private static readonly DateTimeOffset At = new(2026, 11, 2, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly ActorView Actor = new(Producer, "驻马店市肉联厂", "A", []);

    [Fact]
    public void ShowsAnAnnulledRecallStruckThroughAndDoesNotCountIt()
    {
        TraceEvent Event(int seq, string step, string location, TraceEventDetails? details = null)
            => new(seq, step, Producer, At.AddHours(seq), location, null, [], $"S-{seq}", At.AddHours(seq), "prev", "hash", details);
        IReadOnlyList<TraceEvent> events = [Event(1, "produce", "驿城区"), Event(2, "recall", "驿城区"), Event(3, "annul", "误报召回", new(Annuls: 2))];

        var (shown, counted) = ScanTimeline.Of(events, new Dictionary<string, ActorView> { [Producer] = Actor });

        Assert.Equal([1, 2], shown.Select(e => e.Seq));
        Assert.Equal("误报召回", shown[1].Annulled?.Reason);
        Assert.Null(shown[0].Annulled);
        Assert.Equal([1], counted.Select(e => e.Seq));
    }
}
