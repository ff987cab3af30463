using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;

namespace CreditSharing.Core.Loans;

/// <summary>The 信易贷 checks of docs/loans.md, each reported with pass/fail and the reason; pure.</summary>
public static class EligibilityRules
{
    public static IReadOnlyList<EligibilityCheck> Evaluate(
        string productName, LoanProduct product, GradeResult grade, IReadOnlyList<CreditRecord> records, IReadOnlyList<ListEntrySnapshot> entries, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(grade);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(entries);
        var known = Decisions.Counting(records, today);
        var checks = new List<EligibilityCheck>();
        if (product.MinimumData is { } minimum)
        {
            checks.Add(MinimumDataCheck(productName, minimum, grade, known, today));
        }

        checks.Add(GradeCheck(productName, product, grade, known, today));

        var listed = entries.Where(e => e.IsActiveOn(today) && e.ListType is "black" or "watch").Select(e => $"{e.ListType} {e.Id}").ToList();
        checks.Add(new EligibilityCheck("no-black-or-watch-entry", listed.Count == 0, listed.Count == 0 ? "No active black- or watch-list entry." : $"Active entries: {string.Join(", ", listed)}."));

        var tax = LatestTaxRating(known);
        checks.Add(tax is null
            ? new EligibilityCheck("tax-rating", true, "No tax rating on file.")
            : new EligibilityCheck("tax-rating", !product.ExcludedTaxRatings.Contains(tax.Rating!, StringComparer.Ordinal), $"Latest tax rating {tax.Rating} ({tax.DecisionDate:yyyy-MM-dd}); excluded: {string.Join(", ", product.ExcludedTaxRatings)}."));

        var since = today.AddMonths(-product.SeriousPenaltyMonths);
        var serious = known.Where(r => r.Category == RecordCategories.Penalty && r.Severity == "serious" && r.DecisionDate > since).Select(r => r.Id).ToList();
        checks.Add(new EligibilityCheck("no-serious-penalty", serious.Count == 0, serious.Count == 0 ? $"No serious penalty in the last {product.SeriousPenaltyMonths} months." : $"Serious penalties: {string.Join(", ", serious)}."));

        checks.Add(ActiveCheck("no-social-security-arrears", RecordCategories.SocialSecurityArrears, "social-security arrears", known));
        checks.Add(ActiveCheck("no-court-dishonest", RecordCategories.CourtDishonest, "court-dishonest (失信被执行人) record", known));
        return checks;
    }

    /// <summary>The rule of the check that fails when a product's data minimum is not met.</summary>
    public const string MinimumDataRule = "minimum-data";

    /// <summary>The answer's reason for not lending on too little data (no phantom credit).</summary>
    public const string InsufficientData = "insufficient-data";

    /// <summary>Null when every check passed; <see cref="InsufficientData"/> when the data minimum failed; otherwise <c>checks-failed</c>.</summary>
    public static string? ReasonOf(IReadOnlyList<EligibilityCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return checks.All(c => c.Passed) ? null
            : checks.Any(c => c.Rule == MinimumDataRule && !c.Passed) ? InsufficientData
            : "checks-failed";
    }

    public static CreditRecord? LatestTaxRating(IEnumerable<CreditRecord> records)
        => records.Where(r => r.Category == RecordCategories.TaxRating).OrderByDescending(r => r.DecisionDate).ThenBy(r => r.Id, StringComparer.Ordinal).FirstOrDefault();

    private static EligibilityCheck GradeCheck(string productName, LoanProduct product, GradeResult grade, IReadOnlyList<CreditRecord> records, DateOnly today)
    {
        if (product.Grades.Contains(grade.Grade, StringComparer.Ordinal))
        {
            return new EligibilityCheck("grade", true, $"Grade {grade.Grade} (score {grade.Score}) qualifies for {productName}.");
        }

        if (product.ConditionalGrades.TryGetValue(grade.Grade, out var condition))
        {
            var since = today.AddMonths(-condition.WithinMonths);
            var positive = records.Where(r => r.DecisionDate > since && condition.AnyOf.Any(kind => Matches(r, kind))).Select(r => r.Id).ToList();
            return positive.Count > 0
                ? new EligibilityCheck("grade", true, $"Grade {grade.Grade} qualifies for {productName} with {string.Join(", ", positive)} in the last {condition.WithinMonths} months.")
                : new EligibilityCheck("grade", false, $"Grade {grade.Grade} qualifies for {productName} only with {string.Join(" or ", condition.AnyOf)} in the last {condition.WithinMonths} months; none is on file.");
        }

        return new EligibilityCheck("grade", false, $"Grade {grade.Grade} (score {grade.Score}) does not qualify for {productName}: {string.Join(", ", product.Grades)} do.");
    }

    /// <summary>
    /// No phantom credit: the grade counts records from at least <see cref="MinimumData.Sources"/>
    /// providers (<see cref="GradeResult.DataSources"/>), and a record of each required category was
    /// decided within its months. Otherwise the detail starts with <c>insufficient-data</c>.
    /// </summary>
    private static EligibilityCheck MinimumDataCheck(string productName, MinimumData minimum, GradeResult grade, IReadOnlyList<CreditRecord> records, DateOnly today)
    {
        var missing = minimum.Required
            .Where(r => !records.Any(x => x.Category == r.Category && x.DecisionDate > today.AddMonths(-r.WithinMonths)))
            .Select(r => $"no {r.Category} record in the last {r.WithinMonths} months")
            .ToList();
        if (grade.DataSources < minimum.Sources)
        {
            missing.Insert(0, $"counting records from {grade.DataSources} of the {minimum.Sources} departments needed");
        }

        var required = string.Concat(minimum.Required.Select(r => $", a {r.Category} record within {r.WithinMonths} months"));
        return missing.Count == 0
            ? new EligibilityCheck(MinimumDataRule, true, $"Enough data for {productName}: counting records from {grade.DataSources} departments{required}.")
            : new EligibilityCheck(MinimumDataRule, false, $"{InsufficientData}: {string.Join("; ", missing)}. A grade on too little data is not lent on.");
    }

    private static bool Matches(CreditRecord record, string kind) => kind switch
    {
        "honour" => record.Category == RecordCategories.Honour,
        "commitment-fulfilled" => record.Category == RecordCategories.Commitment && record.Outcome == "fulfilled",
        _ => false,
    };

    private static EligibilityCheck ActiveCheck(string rule, string category, string what, IEnumerable<CreditRecord> records)
    {
        var active = records.Where(r => r.Category == category && r.Outcome == "active").Select(r => r.Id).ToList();
        return new EligibilityCheck(rule, active.Count == 0, active.Count == 0 ? $"No active {what}." : $"Active {what}: {string.Join(", ", active)}.");
    }
}
