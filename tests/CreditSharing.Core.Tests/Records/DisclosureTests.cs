using System.Globalization;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Tests.Records;

public sealed class DisclosureTests
{
    private const string Rules2023 = "2023 rules";
    private const string Rules2026 = "2026 rules";

    private static DisclosureRules Rules => CreditRules.Default.Disclosure;

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? DayOrNull(string? text) => text is null ? null : Day(text);

    private static CreditRecord Record(string category, string decisionDate, string? severity = null, string? validUntil = null) => new(
        "sw-zmd",
        "SW-1",
        "91411702MA6ULN0X2U",
        category,
        "标题",
        null,
        Day(decisionDate),
        category is "penalty" or "license" ? "驻市监罚〔2026〕12号" : null,
        "驻马店市市场监督管理局",
        null,
        category is "penalty" or "license" ? "《中华人民共和国行政处罚法》" : null,
        severity,
        category is "penalty" or "honour" or "tax-rating" or "customs-credit" or "transport-credit" ? null : "active",
        category switch { "tax-rating" => "A", "customs-credit" => "general", "transport-credit" => "good", _ => null },
        null,
        DayOrNull(validUntil),
        "public");

    [Fact]
    public void AGeneralPenaltyFromApril2026IsPublicForOneYearAndRepairableAfterThreeMonths()
    {
        var record = Record("penalty", "2026-05-01", "general");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(new DateOnly(2027, 4, 30), window.PublicUntil);
        Assert.Equal(new DateOnly(2026, 8, 1), window.RepairEligibleFrom);
        Assert.StartsWith(Rules2026, window.RuleSet, StringComparison.Ordinal);
    }

    [Fact]
    public void ASeriousPenaltyFromApril2026IsPublicForThreeYearsAndRepairableAfterOne()
    {
        var record = Record("penalty", "2026-05-01", "serious");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(new DateOnly(2029, 4, 30), window.PublicUntil);
        Assert.Equal(new DateOnly(2027, 5, 1), window.RepairEligibleFrom);
        Assert.StartsWith(Rules2026, window.RuleSet, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-04-01")]
    [InlineData("2026-05-01")]
    [InlineData("2030-12-31")]
    public void AMinorPenaltyFromApril2026IsNeverPublished(string decisionDate)
    {
        var record = Record("penalty", decisionDate, "minor");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Null(window.PublicUntil);
        Assert.Null(window.RepairEligibleFrom);
        Assert.StartsWith(Rules2026, window.RuleSet, StringComparison.Ordinal);
        Assert.False(window.IsPublicOn(record.DecisionDate, record.DecisionDate));
    }

    [Fact]
    public void AGeneralPenaltyDecidedTheDayBeforeTheNewRulesFollowsThe2023Rules()
    {
        var record = Record("penalty", "2026-03-31", "general");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(new DateOnly(2029, 3, 30), window.PublicUntil);
        Assert.Equal(new DateOnly(2026, 6, 30), window.RepairEligibleFrom);
        Assert.StartsWith(Rules2023, window.RuleSet, StringComparison.Ordinal);
    }

    [Fact]
    public void AGeneralPenaltyDecidedOnTheFirstDayOfTheNewRulesFollowsThe2026Rules()
    {
        var record = Record("penalty", "2026-04-01", "general");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(new DateOnly(2027, 3, 31), window.PublicUntil);
        Assert.Equal(new DateOnly(2026, 7, 1), window.RepairEligibleFrom);
        Assert.StartsWith(Rules2026, window.RuleSet, StringComparison.Ordinal);
    }

    [Fact]
    public void AMinorPenaltyFrom2025IsPublishedUnderThe2023Rules()
    {
        var record = Record("penalty", "2025-12-01", "minor");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(new DateOnly(2028, 11, 30), window.PublicUntil);
        Assert.Equal(new DateOnly(2026, 3, 1), window.RepairEligibleFrom);
        Assert.StartsWith(Rules2023, window.RuleSet, StringComparison.Ordinal);
        Assert.True(window.IsPublicOn(new DateOnly(2026, 11, 26), record.DecisionDate));
    }

    [Theory]
    [InlineData("minor")]
    [InlineData("general")]
    [InlineData("serious")]
    public void EveryPenaltyBeforeApril2026IsPublicThreeMonthsToThreeYears(string severity)
    {
        var record = Record("penalty", "2024-01-15", severity);

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(new DateOnly(2027, 1, 14), window.PublicUntil);
        Assert.Equal(new DateOnly(2024, 4, 15), window.RepairEligibleFrom);
    }

    [Theory]
    [InlineData("general", "2026-05-01", "2026-12-31", "2026-12-31")]
    [InlineData("general", "2026-05-01", "2026-05-01", "2026-05-01")]
    [InlineData("general", "2026-05-01", "2027-04-30", "2027-04-30")]
    [InlineData("general", "2026-05-01", "2027-05-01", "2027-04-30")]
    [InlineData("serious", "2026-05-01", "2028-01-01", "2028-01-01")]
    [InlineData("general", "2025-06-01", "2026-06-01", "2026-06-01")]
    public void AValidUntilEarlierThanTheWindowEndsPublication(string severity, string decisionDate, string validUntil, string publicUntil)
    {
        var record = Record("penalty", decisionDate, severity, validUntil);

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(Day(publicUntil), window.PublicUntil);
    }

    [Fact]
    public void AValidUntilDoesNotMoveRepairEligibility()
    {
        var record = Record("penalty", "2026-05-01", "serious", "2026-12-31");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(new DateOnly(2027, 5, 1), window.RepairEligibleFrom);
    }

    [Fact]
    public void AValidUntilDoesNotPublishAMinorPenalty()
    {
        var record = Record("penalty", "2026-05-01", "minor", "2027-01-01");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Null(window.PublicUntil);
        Assert.Null(window.RepairEligibleFrom);
    }

    [Theory]
    [InlineData("license", "2029-04-30")]
    [InlineData("tax-rating", "2028-04-30")]
    [InlineData("social-security-arrears", "2029-04-30")]
    [InlineData("utility-arrears", "2029-04-30")]
    [InlineData("customs-credit", "2029-04-30")]
    [InlineData("transport-credit", "2029-04-30")]
    [InlineData("commitment", "2029-04-30")]
    [InlineData("inspection", "2029-04-30")]
    [InlineData("complaint", "2027-04-30")]
    [InlineData("honour", "2029-04-30")]
    [InlineData("court-dishonest", "2031-04-30")]
    public void AnotherCategoryIsPublicForItsPublicMonthsWithoutRepair(string category, string publicUntil)
    {
        var record = Record(category, "2026-05-01");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(Day(publicUntil), window.PublicUntil);
        Assert.Null(window.RepairEligibleFrom);
        Assert.StartsWith(Rules2026, window.RuleSet, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherCategoryBeforeApril2026FollowsThe2023PublicMonths()
    {
        var record = Record("tax-rating", "2025-04-01");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(new DateOnly(2027, 3, 31), window.PublicUntil);
        Assert.Null(window.RepairEligibleFrom);
        Assert.StartsWith(Rules2023, window.RuleSet, StringComparison.Ordinal);
    }

    [Fact]
    public void AValidUntilCapsAnotherCategoryToo()
    {
        var record = Record("license", "2026-05-01", validUntil: "2027-01-01");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(new DateOnly(2027, 1, 1), window.PublicUntil);
        Assert.Null(window.RepairEligibleFrom);
    }

    [Theory]
    [InlineData("2026-05-01", "2027-04-30", "2026-08-01")]
    [InlineData("2028-02-29", "2029-02-28", "2028-05-29")]
    [InlineData("2027-01-31", "2028-01-30", "2027-04-30")]
    public void AGeneralPenaltyUnderThe2026RulesIsPublicThroughTheLastDayOfItsTwelveMonths(string decisionDate, string publicUntil, string repairEligibleFrom)
    {
        var record = Record("penalty", decisionDate, "general");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(Day(publicUntil), window.PublicUntil);
        Assert.Equal(Day(repairEligibleFrom), window.RepairEligibleFrom);
        Assert.StartsWith(Rules2026, window.RuleSet, StringComparison.Ordinal);
    }

    [Fact]
    public void APenaltyDecidedOnALeapDayIsPublicThroughTheLastDayOfFebruary()
    {
        var record = Record("penalty", "2028-02-29", "general");

        var window = Disclosure.WindowOf(record, Rules);

        Assert.True(window.IsPublicOn(new DateOnly(2029, 2, 28), record.DecisionDate));
        Assert.False(window.IsPublicOn(new DateOnly(2029, 3, 1), record.DecisionDate));
    }

    [Theory]
    [InlineData("serious", "2031-02-28")]
    [InlineData(null, "2031-02-28")]
    public void AThreeYearWindowFromALeapDayEndsOnTheLastDayOfFebruary(string? severity, string publicUntil)
    {
        var record = severity is null ? Record("honour", "2028-02-29") : Record("penalty", "2028-02-29", severity);

        var window = Disclosure.WindowOf(record, Rules);

        Assert.Equal(Day(publicUntil), window.PublicUntil);
    }

    [Theory]
    [InlineData("2026-01-31", 1, "2026-02-28")]
    [InlineData("2026-03-15", 1, "2026-04-14")]
    [InlineData("2028-01-31", 1, "2028-02-29")]
    [InlineData("2028-02-29", 1, "2028-03-28")]
    [InlineData("2028-02-29", 12, "2029-02-28")]
    [InlineData("2028-02-29", 48, "2032-02-28")]
    [InlineData("2026-05-01", 12, "2027-04-30")]
    [InlineData("2026-08-31", 1, "2026-09-30")]
    [InlineData("2026-12-31", 2, "2027-02-28")]
    public void LastDayIsTheDayBeforeTheSameDayOrTheLastDayOfAShorterMonth(string from, int months, string expected)
    {
        var last = Disclosure.LastDay(Day(from), months);

        Assert.Equal(Day(expected), last);
    }

    [Fact]
    public void UsesTheRulesItIsGiven()
    {
        var rules = new DisclosureRules(
        [
            new DisclosureRuleSet(
                "test rules",
                DateOnly.MinValue,
                new Dictionary<string, PenaltyWindow> { ["general"] = new(true, 1, 2) },
                new Dictionary<string, int> { ["license"] = 6 }),
        ]);

        var penalty = Disclosure.WindowOf(Record("penalty", "2026-05-01", "general"), rules);
        var license = Disclosure.WindowOf(Record("license", "2026-05-01"), rules);
        var unlisted = Disclosure.WindowOf(Record("honour", "2026-05-01"), rules);

        Assert.Equal(new DisclosureWindow(new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 1), "test rules"), penalty);
        Assert.Equal(new DisclosureWindow(new DateOnly(2026, 10, 31), null, "test rules"), license);
        Assert.Equal(new DisclosureWindow(new DateOnly(2029, 4, 30), null, "test rules"), unlisted);
    }

    [Fact]
    public void RejectsNullArguments()
    {
        Assert.Throws<ArgumentNullException>(() => Disclosure.WindowOf(null!, Rules));
        Assert.Throws<ArgumentNullException>(() => Disclosure.WindowOf(Record("honour", "2026-05-01"), null!));
    }
}
