using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Grading;

/// <summary>
/// When a grade must be looked at again although no data arrives: the first day after the
/// evaluation date on which time alone changes what <see cref="GradeEngine"/> counts. Every window
/// the engine applies has an end: a record dated later starts counting on its date; a
/// <c>"window": "public"</c> factor stops counting the day after the record's disclosure window
/// (<see cref="Disclosure.WindowOf"/>, capped by <c>validUntil</c>); a look-back stops on the first
/// day the record is <c>lookbackMonths</c> old; a list entry starts on its decision, stops the day
/// after it expires or on the day it was ended. The date may change nothing (the record brought no
/// points): re-grading then leaves the grade as it was, only later dated.
/// </summary>
public static class GradeReview
{
    public static DateOnly? NextChange(IEnumerable<CreditRecord> records, IEnumerable<ListEntrySnapshot> entries, DateOnly asOf, CreditRules rules)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(rules);
        DateOnly? next = null;

        void Consider(DateOnly? day)
        {
            if (day is { } d && d > asOf && (next is null || d < next))
            {
                next = d;
            }
        }

        foreach (var record in records)
        {
            var factors = rules.Grading.Factors.Where(f => f.Category == record.Category).ToList();
            if (factors.Count == 0)
            {
                continue;
            }

            Consider(record.DecisionDate);
            foreach (var rule in factors)
            {
                if (rule.Window == "public" && Disclosure.WindowOf(record, rules.Disclosure).PublicUntil is { } until && until >= record.DecisionDate)
                {
                    Consider(until.AddDays(1));
                }

                if (rule.LookbackMonths is { } months)
                {
                    Consider(LookbackEnds(record.DecisionDate, months));
                }
            }
        }

        foreach (var entry in entries)
        {
            Consider(entry.DecidedOn);
            Consider(entry.ExpiresOn.AddDays(1));
            Consider(entry.EndedOn);
        }

        return next;
    }

    /// <summary>
    /// The first day on which a record decided on <paramref name="decisionDate"/> is outside a
    /// look-back of <paramref name="months"/> months: the engine counts it while
    /// <c>decisionDate &gt; day.AddMonths(-months)</c>.
    /// </summary>
    public static DateOnly LookbackEnds(DateOnly decisionDate, int months)
    {
        // AddMonths clamps to the month's last day, so the anniversary may be a day or three early or late.
        var day = decisionDate.AddMonths(months).AddDays(-3);
        while (!GradeEngine.OutsideLookback(decisionDate, day, months))
        {
            day = day.AddDays(1);
        }

        return day;
    }
}
