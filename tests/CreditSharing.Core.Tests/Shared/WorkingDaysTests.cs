using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class WorkingDaysTests
{
    [Fact]
    public void SkipsTheNationalDayHolidayAndCountsTheAdjustedSaturday()
    {
        // 2026-09-30 is a Wednesday; 1–7 October are off and Saturday 10 October is a working day.
        var due = WorkingDays.Add(new DateOnly(2026, 9, 30), 7);

        Assert.Equal(new DateOnly(2026, 10, 15), due);
    }

    [Fact]
    public void CountsAWorkingWeekendBeforeTheSpringFestival()
    {
        Assert.True(WorkingDays.IsWorkingDay(new DateOnly(2026, 2, 14)));
        Assert.Equal(new DateOnly(2026, 2, 14), WorkingDays.Add(new DateOnly(2026, 2, 13), 1));
    }

    [Fact]
    public void TreatsOrdinaryWeekendsAsDaysOff()
    {
        // Friday 2026-11-27 plus one working day is Monday 30 November.
        Assert.Equal(new DateOnly(2026, 11, 30), WorkingDays.Add(new DateOnly(2026, 11, 27), 1));
    }

    [Fact]
    public void CoversTwoThousandTwentySixAndTwentySevenAndMarksTheUnconfirmedYear()
    {
        Assert.Contains(2026, WorkingDays.Years);
        Assert.Contains(2027, WorkingDays.Years);
        Assert.DoesNotContain(2026, WorkingDays.ProvisionalYears);
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2027, 2, 8)));
    }

    [Fact]
    public void AddingNoWorkingDaysIsTheSameDay()
    {
        Assert.Equal(new DateOnly(2026, 10, 1), WorkingDays.Add(new DateOnly(2026, 10, 1), 0));
    }
}
