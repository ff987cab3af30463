using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Records;

/// <summary>A record's disclosure window under the rules in force on its decision date.</summary>
/// <param name="PublicUntil">The last day the record may be public; null when it is never published (e.g. a minor penalty from 2026-04-01).</param>
/// <param name="RepairEligibleFrom">The first day credit repair may end disclosure early (penalties only).</param>
public sealed record DisclosureWindow(DateOnly? PublicUntil, DateOnly? RepairEligibleFrom, string RuleSet)
{
    public bool IsPublicOn(DateOnly day, DateOnly decisionDate) => PublicUntil is { } until && decisionDate <= day && day <= until;
}

public static class Disclosure
{
    public static DisclosureWindow WindowOf(CreditRecord record, DisclosureRules rules)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(rules);
        var ruleSet = rules.InForceOn(record.DecisionDate);
        if (record.Category == RecordCategories.Penalty)
        {
            var window = ruleSet.Penalty[record.Severity!];
            return window.Published
                ? new DisclosureWindow(Cap(LastDay(record.DecisionDate, window.MaxMonths), record.ValidUntil), record.DecisionDate.AddMonths(window.MinMonths), ruleSet.Name)
                : new DisclosureWindow(null, null, ruleSet.Name);
        }

        var months = ruleSet.PublicMonths.TryGetValue(record.Category, out var m) ? m : 36;
        return new DisclosureWindow(Cap(LastDay(record.DecisionDate, months), record.ValidUntil), null, ruleSet.Name);
    }

    /// <summary>
    /// The last day of a window of whole months: the day before the same day <paramref name="months"/>
    /// later; when that month is too short (a 29 February decision), its last day.
    /// </summary>
    public static DateOnly LastDay(DateOnly from, int months)
    {
        var anniversary = from.AddMonths(months);
        return anniversary.Day == from.Day ? anniversary.AddDays(-1) : anniversary;
    }

    /// <summary>A record that stops being valid (a licence that expires, a debt removed) stops being public then too.</summary>
    private static DateOnly Cap(DateOnly until, DateOnly? validUntil) => validUntil is { } v && v < until ? v : until;
}
