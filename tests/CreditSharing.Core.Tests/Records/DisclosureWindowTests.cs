using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests.Records;

public sealed class DisclosureWindowTests
{
    private static readonly DateOnly DecisionDate = new(2026, 5, 1);

    private static readonly DisclosureWindow GeneralPenalty = new(new DateOnly(2027, 4, 30), new DateOnly(2026, 8, 1), "2026 rules");

    [Theory]
    [InlineData(2026, 5, 1, true)]
    [InlineData(2026, 5, 2, true)]
    [InlineData(2026, 8, 1, true)]
    [InlineData(2027, 4, 29, true)]
    [InlineData(2027, 4, 30, true)]
    [InlineData(2027, 5, 1, false)]
    [InlineData(2026, 4, 30, false)]
    [InlineData(2030, 1, 1, false)]
    public void IsPublicFromTheDecisionDayThroughTheLastDay(int year, int month, int day, bool expected)
    {
        var isPublic = GeneralPenalty.IsPublicOn(new DateOnly(year, month, day), DecisionDate);

        Assert.Equal(expected, isPublic);
    }

    [Fact]
    public void IsPublicOnTheDecisionDayWhenItIsAlsoTheLastDay()
    {
        var window = new DisclosureWindow(DecisionDate, null, "r");

        Assert.True(window.IsPublicOn(DecisionDate, DecisionDate));
        Assert.False(window.IsPublicOn(DecisionDate.AddDays(1), DecisionDate));
        Assert.False(window.IsPublicOn(DecisionDate.AddDays(-1), DecisionDate));
    }

    [Theory]
    [InlineData(2026, 5, 1)]
    [InlineData(2026, 12, 1)]
    public void IsNeverPublicWithoutAPublicUntil(int year, int month, int day)
    {
        var window = new DisclosureWindow(null, null, "2026 rules");

        var isPublic = window.IsPublicOn(new DateOnly(year, month, day), DecisionDate);

        Assert.False(isPublic);
    }
}
