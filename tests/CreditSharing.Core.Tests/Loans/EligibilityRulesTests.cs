using CreditSharing.Core.Grading;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Tests.Loans;

/// <summary><see cref="EligibilityRules"/> with the products of the shipped rules file; the day is 2026-06-15.</summary>
public sealed class EligibilityRulesTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static LoanProduct Standard => CreditRules.Default.Loans.Products["standard"];

    private static LoanProduct AgriSupply => CreditRules.Default.Loans.Products["agri-supply"];

    private static GradeResult Grade(string letter, int score = 800, int dataSources = 2)
        => new(score, letter, [], new ListStatus(false, false, false, []), new Supervision(0.2m, []), Today, "test", dataSources);

    private static IReadOnlyList<EligibilityCheck> Evaluate(string grade = "B", IReadOnlyList<CreditRecord>? records = null, IReadOnlyList<ListEntrySnapshot>? entries = null, string product = "standard", int dataSources = 2)
        => EligibilityRules.Evaluate(product, product == "standard" ? Standard : AgriSupply, Grade(grade, dataSources: dataSources), records ?? [], entries ?? [], Today);

    /// <summary>A tax rating B decided two months ago: with two data sources, enough data for every product.</summary>
    private static CreditRecord RecentTaxRating => LoanRecords.TaxRating("T-RECENT", new DateOnly(2026, 4, 15), "B");

    private static EligibilityCheck Check(IReadOnlyList<EligibilityCheck> checks, string rule) => Assert.Single(checks, c => c.Rule == rule);

    [Fact]
    public void PassesEveryCheckOfAGradeBEnterpriseWithEnoughDataAndNothingAgainstIt()
    {
        var checks = Evaluate(records: [RecentTaxRating]);

        Assert.Equal(
            [
                new EligibilityCheck("minimum-data", true, "Enough data for standard: counting records from 2 departments, a tax-rating record within 24 months."),
                new EligibilityCheck("grade", true, "Grade B (score 800) qualifies for standard."),
                new EligibilityCheck("no-black-or-watch-entry", true, "No active black- or watch-list entry."),
                new EligibilityCheck("tax-rating", true, "Latest tax rating B (2026-04-15); excluded: C, D."),
                new EligibilityCheck("no-serious-penalty", true, "No serious penalty in the last 12 months."),
                new EligibilityCheck("no-social-security-arrears", true, "No active social-security arrears."),
                new EligibilityCheck("no-court-dishonest", true, "No active court-dishonest (失信被执行人) record."),
            ],
            checks);
    }

    [Theory]
    [InlineData("standard", "A", true)]
    [InlineData("standard", "B", true)]
    [InlineData("standard", "C", false)]
    [InlineData("standard", "D", false)]
    [InlineData("agri-supply", "A", true)]
    [InlineData("agri-supply", "B", true)]
    [InlineData("agri-supply", "C", false)]
    [InlineData("agri-supply", "D", false)]
    public void QualifiesOnGradeAloneForAOrB(string product, string grade, bool passed)
    {
        Assert.Equal(passed, Check(Evaluate(grade, product: product), "grade").Passed);
    }

    [Fact]
    public void ExplainsWhichGradesQualifyWhenTheGradeDoesNot()
    {
        Assert.Equal("Grade D (score 800) does not qualify for standard: A, B do.", Check(Evaluate("D"), "grade").Detail);
    }

    [Fact]
    public void QualifiesGradeCForAgriSupplyWithAnHonourInTheLastYear()
    {
        var honour = LoanRecords.Honour("H-1", new DateOnly(2026, 1, 10));

        var check = Check(Evaluate("C", [honour], product: "agri-supply"), "grade");

        Assert.Equal(new EligibilityCheck("grade", true, $"Grade C qualifies for agri-supply with {honour.Id} in the last 12 months."), check);
    }

    [Fact]
    public void QualifiesGradeCForAgriSupplyWithAFulfilledCommitmentInTheLastYear()
    {
        var fulfilled = LoanRecords.WithOutcome("P-1", RecordCategories.Commitment, new DateOnly(2025, 6, 16), "fulfilled");

        Assert.True(Check(Evaluate("C", [fulfilled], product: "agri-supply"), "grade").Passed);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("breached")]
    public void DoesNotCountACommitmentNotFulfilled(string outcome)
    {
        var commitment = LoanRecords.WithOutcome("P-1", RecordCategories.Commitment, new DateOnly(2026, 5, 1), outcome);

        var check = Check(Evaluate("C", [commitment], product: "agri-supply"), "grade");

        Assert.Equal(new EligibilityCheck("grade", false, "Grade C qualifies for agri-supply only with honour or commitment-fulfilled in the last 12 months; none is on file."), check);
    }

    [Theory]
    [InlineData("2025-06-15")]
    [InlineData("2025-01-01")]
    [InlineData("2026-06-16")]
    public void DoesNotCountAnHonourOutsideTheLastYear(string on)
    {
        var honour = LoanRecords.Honour("H-1", DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture));

        Assert.False(Check(Evaluate("C", [honour], product: "agri-supply"), "grade").Passed);
    }

    [Fact]
    public void DoesNotQualifyGradeCForStandardEvenWithAnHonour()
    {
        Assert.False(Check(Evaluate("C", [LoanRecords.Honour("H-1", new DateOnly(2026, 6, 1))]), "grade").Passed);
    }

    [Fact]
    public void DoesNotQualifyGradeDForAgriSupplyEvenWithAnHonour()
    {
        Assert.False(Check(Evaluate("D", [LoanRecords.Honour("H-1", new DateOnly(2026, 6, 1))], product: "agri-supply"), "grade").Passed);
    }

    [Theory]
    [InlineData("black", false)]
    [InlineData("watch", false)]
    [InlineData("red", true)]
    public void FailsOnAnActiveBlackOrWatchEntry(string listType, bool passed)
    {
        var entry = new ListEntrySnapshot("E1", listType, new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), null);

        var check = Check(Evaluate(entries: [entry]), "no-black-or-watch-entry");

        Assert.Equal(passed, check.Passed);
        Assert.Equal(passed ? "No active black- or watch-list entry." : $"Active entries: {listType} E1.", check.Detail);
    }

    [Fact]
    public void PassesWithABlackEntryThatEndedOrExpired()
    {
        var repaired = new ListEntrySnapshot("E1", "black", new DateOnly(2025, 1, 1), new DateOnly(2027, 1, 1), new DateOnly(2026, 6, 15));
        var expired = new ListEntrySnapshot("E2", "black", new DateOnly(2023, 1, 1), new DateOnly(2026, 6, 14), null);
        var future = new ListEntrySnapshot("E3", "watch", new DateOnly(2026, 6, 16), new DateOnly(2027, 6, 16), null);

        Assert.True(Check(Evaluate(entries: [repaired, expired, future]), "no-black-or-watch-entry").Passed);
    }

    [Theory]
    [InlineData("A", true)]
    [InlineData("B", true)]
    [InlineData("M", true)]
    [InlineData("C", false)]
    [InlineData("D", false)]
    public void FailsWhenTheLatestTaxRatingIsCOrD(string rating, bool passed)
    {
        var check = Check(Evaluate(records: [LoanRecords.TaxRating("T-1", new DateOnly(2026, 4, 1), rating)]), "tax-rating");

        Assert.Equal(new EligibilityCheck("tax-rating", passed, $"Latest tax rating {rating} (2026-04-01); excluded: C, D."), check);
    }

    [Fact]
    public void JudgesOnlyTheLatestTaxRating()
    {
        var older = LoanRecords.TaxRating("T-2024", new DateOnly(2024, 4, 1), "D");
        var latest = LoanRecords.TaxRating("T-2025", new DateOnly(2025, 4, 1), "B");
        var notYetDecided = LoanRecords.TaxRating("T-2026", new DateOnly(2026, 7, 1), "C");

        var check = Check(Evaluate(records: [older, latest, notYetDecided]), "tax-rating");

        Assert.Equal(new EligibilityCheck("tax-rating", true, "Latest tax rating B (2025-04-01); excluded: C, D."), check);
    }

    [Theory]
    [InlineData("2026-06-15", "serious", false)]
    [InlineData("2025-06-16", "serious", false)]
    [InlineData("2025-06-15", "serious", true)]
    [InlineData("2026-06-01", "general", true)]
    [InlineData("2026-06-01", "minor", true)]
    public void FailsOnASeriousPenaltyWithinTwelveMonths(string on, string severity, bool passed)
    {
        var penalty = LoanRecords.Penalty("F-1", DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), severity);

        var check = Check(Evaluate(records: [penalty]), "no-serious-penalty");

        Assert.Equal(passed, check.Passed);
        Assert.Equal(passed ? "No serious penalty in the last 12 months." : $"Serious penalties: {penalty.Id}.", check.Detail);
    }

    [Theory]
    [InlineData("active", false)]
    [InlineData("cleared", true)]
    public void FailsOnActiveSocialSecurityArrears(string outcome, bool passed)
    {
        var arrears = LoanRecords.WithOutcome("S-1", RecordCategories.SocialSecurityArrears, new DateOnly(2022, 1, 1), outcome);

        var check = Check(Evaluate(records: [arrears]), "no-social-security-arrears");

        Assert.Equal(passed, check.Passed);
        Assert.Equal(passed ? "No active social-security arrears." : $"Active social-security arrears: {arrears.Id}.", check.Detail);
    }

    [Theory]
    [InlineData("active", false)]
    [InlineData("cleared", true)]
    public void FailsOnAnActiveCourtDishonestRecord(string outcome, bool passed)
    {
        var dishonest = LoanRecords.WithOutcome("J-1", RecordCategories.CourtDishonest, new DateOnly(2020, 1, 1), outcome);

        Assert.Equal(passed, Check(Evaluate(records: [dishonest]), "no-court-dishonest").Passed);
    }

    [Fact]
    public void IgnoresAnActiveUtilityArrearsWhichNoCheckNames()
    {
        var utility = LoanRecords.WithOutcome("U-1", RecordCategories.UtilityArrears, new DateOnly(2026, 6, 1), "active");

        Assert.All(Evaluate(records: [utility, RecentTaxRating]), c => Assert.True(c.Passed));
    }

    [Fact]
    public void PassesArrearsAndCourtRecordsEndedByALaterClearedRecordOfTheSameProvider()
    {
        CreditRecord[] records =
        [
            LoanRecords.WithOutcome("S-1", RecordCategories.SocialSecurityArrears, new DateOnly(2026, 1, 1), "active") with { DocumentNo = null },
            LoanRecords.WithOutcome("S-2", RecordCategories.SocialSecurityArrears, new DateOnly(2026, 3, 1), "cleared") with { DocumentNo = null },
            LoanRecords.WithOutcome("J-1", RecordCategories.CourtDishonest, new DateOnly(2025, 1, 1), "active"),
            LoanRecords.WithOutcome("J-2", RecordCategories.CourtDishonest, new DateOnly(2026, 2, 1), "cleared"),
        ];

        var checks = Evaluate(records: records);

        Assert.True(Check(checks, "no-social-security-arrears").Passed);
        Assert.True(Check(checks, "no-court-dishonest").Passed);
    }

    [Fact]
    public void NamesASeriousPenaltySentByTwoProvidersOnce()
    {
        var original = LoanRecords.Penalty("F-1", new DateOnly(2026, 5, 1), "serious");
        var forwarded = original with { ProviderId = "credit-platform", SourceId = "FWD-1" };

        var check = Check(Evaluate(records: [original, forwarded]), "no-serious-penalty");

        Assert.Equal(new EligibilityCheck("no-serious-penalty", false, "Serious penalties: credit-platform~FWD-1."), check);
    }

    [Fact]
    public void RefusesAGradeBOnNoDataAsInsufficientData()
    {
        var checks = Evaluate(dataSources: 0);

        Assert.Equal(
            new EligibilityCheck("minimum-data", false, "insufficient-data: counting records from 0 of the 2 departments needed; no tax-rating record in the last 24 months. A grade on too little data is not lent on."),
            checks[0]);
        Assert.True(Check(checks, "grade").Passed);
        Assert.Equal("insufficient-data", EligibilityRules.ReasonOf(checks));
    }

    [Theory]
    [InlineData(1, "2026-04-15", false)]
    [InlineData(2, "2024-06-15", false)]
    [InlineData(2, "2024-06-16", true)]
    [InlineData(3, "2026-06-15", true)]
    public void NeedsTwoSourcesAndATaxRatingWithinTwoYearsForTheStandardLoan(int sources, string taxRatingOn, bool passed)
    {
        var tax = LoanRecords.TaxRating("T-1", DateOnly.Parse(taxRatingOn, System.Globalization.CultureInfo.InvariantCulture), "A");

        var checks = Evaluate(records: [tax], dataSources: sources);

        Assert.Equal(passed, Check(checks, "minimum-data").Passed);
        Assert.Equal(passed ? null : "insufficient-data", EligibilityRules.ReasonOf(checks));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void NeedsOneSourceAndNoTaxRatingForTheAgriSupplyLoan(int sources, bool passed)
    {
        var checks = Evaluate(product: "agri-supply", dataSources: sources);

        Assert.Equal(passed, Check(checks, "minimum-data").Passed);
    }

    [Fact]
    public void GivesChecksFailedAsTheReasonWhenEnoughDataShowsAFailure()
    {
        var checks = Evaluate(grade: "D", records: [RecentTaxRating]);

        Assert.Equal("checks-failed", EligibilityRules.ReasonOf(checks));
    }
}
