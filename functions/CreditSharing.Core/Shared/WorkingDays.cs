using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace CreditSharing.Core.Shared;

/// <summary>
/// The national working-day calendar, data in <c>Shared/working-days.json</c>: a working day is a
/// weekday that is not a holiday, or a weekend day the State Council made a working day (调休上班).
/// Deadlines counted in working days (an objection's 异议处理 time) are counted on it.
/// </summary>
public static class WorkingDays
{
    private const string ResourceName = "CreditSharing.Core.Shared.working-days.json";

    private static readonly Lazy<Calendar> Shipped = new(Load);

    /// <summary>The years the calendar covers; outside them only weekends are days off.</summary>
    public static IReadOnlyCollection<int> Years => Shipped.Value.Years;

    /// <summary>Years whose holidays are statutory days only, awaiting the State Council's notice.</summary>
    public static IReadOnlyCollection<int> ProvisionalYears => Shipped.Value.Provisional;

    public static bool IsWorkingDay(DateOnly day)
    {
        var calendar = Shipped.Value;
        if (calendar.WorkingWeekends.Contains(day))
        {
            return true;
        }

        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !calendar.Holidays.Contains(day);
    }

    /// <summary>
    /// The day <paramref name="count"/> working days after <paramref name="from"/>: the day of filing
    /// does not count, so a Monday filing with 1 working day is due on Tuesday (or the next working day).
    /// </summary>
    public static DateOnly Add(DateOnly from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = from;
        for (var added = 0; added < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                added++;
            }
        }

        return day;
    }

    private static Calendar Load()
    {
        using var stream = typeof(WorkingDays).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException("The working-day calendar is not embedded.");
        var file = JsonSerializer.Deserialize<CalendarFile>(stream, WireJson.Options)
                   ?? throw new InvalidOperationException("The working-day calendar is empty.");
        var holidays = new HashSet<DateOnly>();
        var weekends = new HashSet<DateOnly>();
        var provisional = new List<int>();
        foreach (var (yearText, year) in file.Years)
        {
            var number = int.Parse(yearText, NumberStyles.None, CultureInfo.InvariantCulture);
            if (year.Provisional)
            {
                provisional.Add(number);
            }

            foreach (var day in year.Holidays)
            {
                var date = Parse(day, number);
                holidays.Add(date);
            }

            foreach (var day in year.WorkingWeekends)
            {
                var date = Parse(day, number);
                if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    throw new InvalidOperationException($"{day} is listed as a working weekend but is a weekday.");
                }

                weekends.Add(date);
            }
        }

        return new Calendar(holidays.ToFrozenSet(), weekends.ToFrozenSet(), file.Years.Keys.Select(int.Parse).Order().ToList(), provisional);
    }

    private static DateOnly Parse(string day, int year)
    {
        var date = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return date.Year == year ? date : throw new InvalidOperationException($"{day} is listed under {year}.");
    }

    private sealed record Calendar(FrozenSet<DateOnly> Holidays, FrozenSet<DateOnly> WorkingWeekends, IReadOnlyCollection<int> Years, IReadOnlyCollection<int> Provisional);

    private sealed record CalendarFile(Dictionary<string, CalendarYear> Years);

    private sealed record CalendarYear(string Source, bool Provisional, IReadOnlyList<string> Holidays, IReadOnlyList<string> WorkingWeekends);
}
