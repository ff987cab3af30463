using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Tests.Grading;

/// <summary>
/// <see cref="GradeResult.ReviewOn"/> with the shipped rules: the first day on which time alone
/// changes what the engine counts. Each window is checked against the engine itself: the score
/// on the day before <c>reviewOn</c> is the score as of now, and on <c>reviewOn</c> it differs.
/// </summary>
public sealed class GradeReviewTests
{
    private const string Provider = "zmd-dept";
    private const string Uscc = "91411702MA6ULN0X2U";

    private static readonly DateOnly AsOf = new(2026, 11, 26);

    private static CreditRules Rules => CreditRules.Default;

    [Fact]
    public void AGeneralPenaltyIsReviewedTheDayAfterItsDisclosureWindowEnds()
    {
        // 2026 rules: a general penalty is public for at most 12 months.
        var penalty = Record(RecordCategories.Penalty, "P-1", D(2026, 6, 1), severity: "general");

        var reviewOn = AssertReviewChangesTheScore([penalty]);

        Assert.Equal(D(2027, 6, 1), reviewOn);
    }

    [Fact]
    public void ASeriousPenaltyIsReviewedWhenItsThreeYearWindowEnds()
    {
        var penalty = Record(RecordCategories.Penalty, "P-2", D(2026, 6, 1), severity: "serious");

        Assert.Equal(D(2029, 6, 1), AssertReviewChangesTheScore([penalty]));
    }

    [Fact]
    public void APenaltyPublicOnlyUntilItsValidUntilIsReviewedTheDayAfter()
    {
        var penalty = Record(RecordCategories.Penalty, "P-3", D(2026, 6, 1), severity: "general", validUntil: D(2027, 1, 15));

        Assert.Equal(D(2027, 1, 16), AssertReviewChangesTheScore([penalty]));
    }

    [Fact]
    public void ATaxRatingIsReviewedWhenItsTwentyFourMonthLookBackEnds()
    {
        var tax = Record(RecordCategories.TaxRating, "T-1", D(2025, 3, 10), rating: "A");

        Assert.Equal(D(2027, 3, 10), AssertReviewChangesTheScore([tax]));
    }

    [Fact]
    public void AFailedInspectionIsReviewedWhenItsTwentyFourMonthLookBackEnds()
    {
        var inspection = Record(RecordCategories.Inspection, "I-1", D(2025, 1, 20), outcome: "failed");

        Assert.Equal(D(2027, 1, 20), AssertReviewChangesTheScore([inspection]));
    }

    [Fact]
    public void AVerifiedComplaintIsReviewedWhenItsTwelveMonthLookBackEnds()
    {
        var complaint = Record(RecordCategories.Complaint, "C-1", D(2026, 2, 1), outcome: "verified");

        Assert.Equal(D(2027, 2, 1), AssertReviewChangesTheScore([complaint]));
    }

    [Fact]
    public void AnHonourIsReviewedWhenItsThirtySixMonthLookBackEnds()
    {
        var honour = Record(RecordCategories.Honour, "H-1", D(2024, 5, 5));

        Assert.Equal(D(2027, 5, 5), AssertReviewChangesTheScore([honour]));
    }

    [Fact]
    public void ABreachedCommitmentIsReviewedWhenItsThirtySixMonthLookBackEnds()
    {
        var commitment = Record(RecordCategories.Commitment, "K-1", D(2024, 12, 1), outcome: "breached");

        Assert.Equal(D(2027, 12, 1), AssertReviewChangesTheScore([commitment]));
    }

    [Fact]
    public void ACustomsRatingIsReviewedWhenItsThirtySixMonthLookBackEnds()
    {
        var customs = Record(RecordCategories.CustomsCredit, "H-2", D(2024, 1, 31), rating: "dishonest");

        Assert.Equal(D(2027, 1, 31), AssertReviewChangesTheScore([customs]));
    }

    [Fact]
    public void ALookBackFromTheTwentyNinthOfFebruaryEndsOnTheFirstOfMarch()
    {
        var asOf = D(2025, 12, 1);
        var tax = Record(RecordCategories.TaxRating, "T-leap", D(2024, 2, 29), rating: "C");

        Assert.Equal(D(2026, 3, 1), AssertReviewChangesTheScore([tax], [], asOf));
    }

    [Fact]
    public void ARecordDatedAfterTheEvaluationDateIsReviewedOnItsDate()
    {
        var penalty = Record(RecordCategories.Penalty, "P-future", D(2026, 12, 10), severity: "serious");

        Assert.Equal(D(2026, 12, 10), AssertReviewChangesTheScore([penalty]));
    }

    [Fact]
    public void ARedEntryIsReviewedTheDayAfterItExpires()
    {
        var red = new ListEntrySnapshot("E-red", "red", D(2026, 3, 1), D(2027, 3, 31), null);

        Assert.Equal(D(2027, 4, 1), AssertReviewChangesTheScore([], [red]));
    }

    [Fact]
    public void AnEntryEndedOnALaterDayOrDecidedLaterIsReviewedThen()
    {
        var ended = new ListEntrySnapshot("E-red", "red", D(2026, 3, 1), D(2027, 3, 31), D(2026, 12, 20));
        var later = new ListEntrySnapshot("E-black", "black", D(2027, 1, 5), D(2030, 1, 5), null);

        Assert.Equal(D(2026, 12, 20), AssertReviewChangesTheScore([], [ended]));
        Assert.Equal(D(2027, 1, 5), AssertReviewChangesTheScore([], [later]));
    }

    [Fact]
    public void TheEarliestChangeOfAllInputsWins()
    {
        var tax = Record(RecordCategories.TaxRating, "T-1", D(2025, 3, 10), rating: "A");
        var complaint = Record(RecordCategories.Complaint, "C-1", D(2026, 2, 1), outcome: "verified");
        var red = new ListEntrySnapshot("E-red", "red", D(2026, 3, 1), D(2028, 3, 31), null);

        Assert.Equal(D(2027, 2, 1), AssertReviewChangesTheScore([tax, complaint], [red]));
    }

    [Fact]
    public void NothingToReviewWhenNoInputChangesWithTime()
    {
        // Arrears count while active, whatever their age; a licence is not graded; an expired look-back is over.
        var arrears = Record(RecordCategories.SocialSecurityArrears, "S-1", D(2020, 1, 1), outcome: "active");
        var license = Record(RecordCategories.License, "L-1", D(2025, 1, 1));
        var oldTax = Record(RecordCategories.TaxRating, "T-old", D(2022, 1, 1), rating: "A");
        var ended = new ListEntrySnapshot("E-old", "red", D(2022, 1, 1), D(2024, 1, 1), null);

        var result = GradeEngine.Evaluate([arrears, license, oldTax], [ended], AsOf, Rules);

        Assert.Null(result.ReviewOn);
        Assert.Null(GradeEngine.Evaluate([], [], AsOf, Rules).ReviewOn);
    }

    [Fact]
    public void AMinorPenaltyNeverPublishedUnderThe2026RulesHasNoReviewDate()
    {
        var minor = Record(RecordCategories.Penalty, "P-minor", D(2026, 6, 1), severity: "minor");

        Assert.Null(GradeEngine.Evaluate([minor], [], AsOf, Rules).ReviewOn);
    }

    /// <summary>Asserts that the grade holds until the day before <c>reviewOn</c> and changes on it; returns it.</summary>
    private static DateOnly AssertReviewChangesTheScore(CreditRecord[] records, ListEntrySnapshot[]? entries = null, DateOnly? asOf = null)
    {
        entries ??= [];
        var day = asOf ?? AsOf;
        var now = GradeEngine.Evaluate(records, entries, day, Rules);
        var reviewOn = Assert.NotNull(now.ReviewOn);
        var before = GradeEngine.Evaluate(records, entries, reviewOn.AddDays(-1), Rules);
        var on = GradeEngine.Evaluate(records, entries, reviewOn, Rules);

        Assert.Equal((now.Score, now.Grade), (before.Score, before.Grade));
        Assert.NotEqual((before.Score, before.Grade, before.ListStatus.ActiveEntries.Count), (on.Score, on.Grade, on.ListStatus.ActiveEntries.Count));
        return reviewOn;
    }

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static CreditRecord Record(string category, string sourceId, DateOnly decided, string? severity = null, string? outcome = null, string? rating = null, DateOnly? validUntil = null)
        => new(Provider, sourceId, Uscc, category, $"{category} {sourceId}", null, decided, null, "驻马店市信用信息共享平台测试部门", null, null, severity, outcome, rating, null, validUntil, "public");
}
