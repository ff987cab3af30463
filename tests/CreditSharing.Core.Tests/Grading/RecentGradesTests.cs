using CreditSharing.Core.Grading;

namespace CreditSharing.Core.Tests.Grading;

public sealed class RecentGradesTests
{
    private const string Uscc = "91411700MA00000012";
    private static readonly DateTimeOffset ComputedAt = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CoversARequestMadeBeforeOrAtTheRememberedComputation()
    {
        var recent = new RecentGrades();

        recent.Remember(Uscc, ComputedAt);

        Assert.True(recent.Covers(Uscc, ComputedAt.AddSeconds(-1)));
        Assert.True(recent.Covers(Uscc, ComputedAt));
    }

    [Fact]
    public void DoesNotCoverARequestMadeAfterTheComputationOrForAnotherEnterprise()
    {
        var recent = new RecentGrades();

        recent.Remember(Uscc, ComputedAt);

        Assert.False(recent.Covers(Uscc, ComputedAt.AddTicks(1)));
        Assert.False(recent.Covers("91411700MA00000020", ComputedAt.AddSeconds(-1)));
    }

    [Fact]
    public void KeepsTheLaterComputationWhenAnEarlierOneIsRememberedAfterIt()
    {
        var recent = new RecentGrades();

        recent.Remember(Uscc, ComputedAt);
        recent.Remember(Uscc, ComputedAt.AddMinutes(-5));

        Assert.True(recent.Covers(Uscc, ComputedAt.AddSeconds(-1)));
    }

    [Fact]
    public void ForgetsTheOldestEnterprisesOnceTwoGenerationsAreFull()
    {
        var recent = new RecentGrades(capacity: 4);

        recent.Remember("A", ComputedAt);
        recent.Remember("B", ComputedAt);
        recent.Remember("C", ComputedAt);
        var keptAfterOneTurn = recent.Covers("A", ComputedAt);
        recent.Remember("D", ComputedAt);

        Assert.True(keptAfterOneTurn);
        Assert.False(recent.Covers("A", ComputedAt));
        Assert.False(recent.Covers("B", ComputedAt));
        Assert.True(recent.Covers("C", ComputedAt));
        Assert.True(recent.Covers("D", ComputedAt));
    }
}
