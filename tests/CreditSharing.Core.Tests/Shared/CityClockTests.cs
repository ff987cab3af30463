using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class CityClockTests
{
    [Fact]
    public void OffsetIsEightHoursAheadOfUtc()
    {
        Assert.Equal(TimeSpan.FromHours(8), CityClock.Offset);
    }

    [Fact]
    public void NowIsTheSameInstantAtUtcPlusEight()
    {
        var utc = new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero);
        var clock = new FixedTimeProvider(utc);

        var now = CityClock.Now(clock);

        Assert.Equal(utc, now);
        Assert.Equal(TimeSpan.FromHours(8), now.Offset);
        Assert.Equal(new DateTime(2026, 11, 27, 1, 0, 0), now.DateTime);
    }

    [Fact]
    public void TodayIsAlreadyTheNextDayInTheCityAfterSixteenUtc()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero));

        var today = CityClock.Today(clock);

        Assert.Equal(new DateOnly(2026, 11, 27), today);
    }

    [Theory]
    [InlineData(2026, 11, 26, 15, 59, 59, 2026, 11, 26)]
    [InlineData(2026, 11, 26, 16, 0, 0, 2026, 11, 27)]
    [InlineData(2026, 11, 26, 0, 0, 0, 2026, 11, 26)]
    [InlineData(2026, 12, 31, 16, 0, 0, 2027, 1, 1)]
    [InlineData(2028, 2, 28, 16, 30, 0, 2028, 2, 29)]
    [InlineData(2026, 7, 1, 12, 0, 0, 2026, 7, 1)]
    public void TodayIsTheCalendarDateAtUtcPlusEight(
        int year, int month, int day, int hour, int minute, int second, int cityYear, int cityMonth, int cityDay)
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero));

        var today = CityClock.Today(clock);

        Assert.Equal(new DateOnly(cityYear, cityMonth, cityDay), today);
    }

    [Fact]
    public void TodayIgnoresTheOffsetTheClockAnswersIn()
    {
        // The same instant as 2026-11-26T17:00Z, expressed at UTC−5.
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.FromHours(-5)));

        var today = CityClock.Today(clock);

        Assert.Equal(new DateOnly(2026, 11, 27), today);
    }
}
