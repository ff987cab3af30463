using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Tests.Grading;

/// <summary>
/// <see cref="GradeEngine.Evaluate"/> with the shipped rules (<see cref="CreditRules.Default"/>):
/// docs/grading.md, the scoring model.
/// </summary>
public sealed class GradeEngineTests
{
    private const string Provider = "zmd-dept";
    private const string Uscc = "91411702MA6ULN0X2U";

    private static readonly DateOnly AsOf = new(2026, 11, 26);

    private static CreditRules Rules => CreditRules.Default;

    // ----- factories and helpers -----

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static string Id(string sourceId) => $"{Provider}~{sourceId}";

    private static CreditRecord Record(
        string category,
        string sourceId,
        DateOnly decided,
        string? severity = null,
        string? outcome = null,
        string? rating = null,
        DateOnly? validUntil = null,
        string provider = Provider) => new(
        provider,
        sourceId,
        Uscc,
        category,
        $"{category} {sourceId}",
        null,
        decided,
        null,
        "驻马店市信用信息共享平台测试部门",
        null,
        null,
        severity,
        outcome,
        rating,
        null,
        validUntil,
        "public");

    private static CreditRecord Penalty(string sourceId, DateOnly decided, string severity, DateOnly? validUntil = null)
        => Record(RecordCategories.Penalty, sourceId, decided, severity: severity, validUntil: validUntil);

    private static CreditRecord Tax(string sourceId, DateOnly decided, string rating)
        => Record(RecordCategories.TaxRating, sourceId, decided, rating: rating);

    private static CreditRecord Customs(string sourceId, DateOnly decided, string rating)
        => Record(RecordCategories.CustomsCredit, sourceId, decided, rating: rating);

    private static CreditRecord Transport(string sourceId, DateOnly decided, string rating)
        => Record(RecordCategories.TransportCredit, sourceId, decided, rating: rating);

    private static CreditRecord Outcome(string category, string sourceId, DateOnly decided, string outcome)
        => Record(category, sourceId, decided, outcome: outcome);

    private static CreditRecord Honour(string sourceId, DateOnly decided)
        => Record(RecordCategories.Honour, sourceId, decided);

    private static ListEntrySnapshot Entry(string id, string listType, DateOnly decidedOn, DateOnly expiresOn, DateOnly? endedOn = null)
        => new(id, listType, decidedOn, expiresOn, endedOn);

    private static GradeResult Evaluate(params CreditRecord[] records) => GradeEngine.Evaluate(records, [], AsOf, Rules);

    private static GradeResult EvaluateOn(DateOnly asOf, params CreditRecord[] records) => GradeEngine.Evaluate(records, [], asOf, Rules);

    private static GradeResult EvaluateWith(IEnumerable<ListEntrySnapshot> entries, params CreditRecord[] records)
        => GradeEngine.Evaluate(records, entries, AsOf, Rules);

    private static void AssertFactor(GradeResult result, string rule, int points, params string[] recordIds)
    {
        var factor = Assert.Single(result.Factors, f => f.Rule == rule);
        Assert.Equal(points, factor.Points);
        Assert.Equal(recordIds, factor.RecordIds);
    }

    /// <summary>The only factor of the result is <paramref name="rule"/>, and the score is the base plus its points.</summary>
    private static void AssertOnlyFactor(GradeResult result, string rule, int points, params string[] recordIds)
    {
        var factor = Assert.Single(result.Factors);
        Assert.Equal(rule, factor.Rule);
        Assert.Equal(points, factor.Points);
        Assert.Equal(recordIds, factor.RecordIds);
        Assert.Equal(800 + points, result.Score);
    }

    private static void AssertNoFactors(GradeResult result)
    {
        Assert.Empty(result.Factors);
        Assert.Equal(800, result.Score);
        Assert.Equal("B", result.Grade);
    }

    private static string[] Describe(GradeResult result)
        => result.Factors.Select(f => $"{f.Rule}|{f.Description}|{f.Points}|{string.Join(",", f.RecordIds)}").ToArray();

    // ----- baseline -----

    [Fact]
    public void WithoutRecordsScoresTheBaseAsGradeB()
    {
        var result = GradeEngine.Evaluate([], [], AsOf, Rules);

        Assert.Equal(800, result.Score);
        Assert.Equal("B", result.Grade);
        Assert.Empty(result.Factors);
        Assert.Equal(0.20m, result.Supervision.SamplingRatio);
        Assert.Equal(Rules.Grading.Supervision["B"].Measures, result.Supervision.Measures);
        Assert.False(result.ListStatus.Red);
        Assert.False(result.ListStatus.Black);
        Assert.False(result.ListStatus.Watch);
        Assert.Empty(result.ListStatus.ActiveEntries);
        Assert.Equal(AsOf, result.AsOf);
        Assert.Equal(Rules.Version, result.RulesVersion);
    }

    [Fact]
    public void RejectsNullArguments()
    {
        Assert.Throws<ArgumentNullException>(() => GradeEngine.Evaluate(null!, [], AsOf, Rules));
        Assert.Throws<ArgumentNullException>(() => GradeEngine.Evaluate([], null!, AsOf, Rules));
        Assert.Throws<ArgumentNullException>(() => GradeEngine.Evaluate([], [], AsOf, null!));
    }

    [Fact]
    public void CategoriesWithoutAFactorCountNothing()
    {
        var result = Evaluate(
            Outcome(RecordCategories.License, "LIC-1", D(2026, 6, 1), "granted"),
            Outcome(RecordCategories.License, "LIC-2", D(2026, 7, 1), "revoked"));

        AssertNoFactors(result);
    }

    [Fact]
    public void FactorRecordIdsAreTheEscapedRecordIds()
    {
        var result = Evaluate(Record(RecordCategories.Honour, "HON/1", D(2026, 6, 1), provider: "a/b"));

        AssertOnlyFactor(result, "honour", 20, "a%2Fb~HON%2F1");
    }

    // ----- penalties -----

    [Fact]
    public void AGeneralPenaltyCostsThirtyWhilePublic()
    {
        var result = Evaluate(Penalty("PEN-1", D(2026, 5, 1), "general"));

        AssertOnlyFactor(result, "penalty-general", -30, Id("PEN-1"));
        Assert.Equal(770, result.Score);
        Assert.Equal("B", result.Grade);
    }

    [Fact]
    public void ASeriousPenaltyCostsOneHundredFiftyWhilePublic()
    {
        var result = Evaluate(Penalty("PEN-1", D(2026, 5, 1), "serious"));

        AssertOnlyFactor(result, "penalty-serious", -150, Id("PEN-1"));
        Assert.Equal(650, result.Score);
        Assert.Equal("C", result.Grade);
    }

    [Theory]
    [InlineData(2026, 5, 1, -30)]
    [InlineData(2026, 11, 26, -30)]
    [InlineData(2027, 4, 30, -30)]
    [InlineData(2027, 5, 1, 0)]
    [InlineData(2028, 1, 1, 0)]
    public void AGeneralPenaltyFrom2026CountsOnlyForItsOneYearOfDisclosure(int year, int month, int day, int expected)
    {
        var result = EvaluateOn(D(year, month, day), Penalty("PEN-1", D(2026, 5, 1), "general"));

        Assert.Equal(800 + expected, result.Score);
        if (expected == 0)
        {
            Assert.Empty(result.Factors);
        }
        else
        {
            AssertOnlyFactor(result, "penalty-general", expected, Id("PEN-1"));
        }
    }

    [Fact]
    public void AGeneralPenaltyUnderThe2023RulesStaysPublicForThreeYears()
    {
        // Decided before 2026-04-01: the 2023 rules in force then publish it for 36 months (to 2028-01-14).
        var penalty = Penalty("PEN-1", D(2025, 1, 15), "general");

        AssertOnlyFactor(EvaluateOn(AsOf, penalty), "penalty-general", -30, Id("PEN-1"));
        AssertOnlyFactor(EvaluateOn(D(2028, 1, 14), penalty), "penalty-general", -30, Id("PEN-1"));
        AssertNoFactors(EvaluateOn(D(2028, 1, 15), penalty));
    }

    [Theory]
    [InlineData(2026, 5, 1)]
    [InlineData(2025, 6, 1)]
    public void AMinorPenaltyCountsNothing(int year, int month, int day)
    {
        // 2026-05-01: never published under the 2026 rules; 2025-06-01: published under the 2023 rules, but worth no points.
        var result = Evaluate(Penalty("PEN-1", D(year, month, day), "minor"));

        AssertNoFactors(result);
    }

    [Fact]
    public void APenaltyNoLongerValidIsNoLongerPublicAndCountsNothing()
    {
        var result = Evaluate(Penalty("PEN-1", D(2026, 5, 1), "general", validUntil: D(2026, 10, 1)));

        AssertNoFactors(result);
    }

    [Fact]
    public void EveryPublicGeneralPenaltyCountsNewestFirst()
    {
        var result = Evaluate(
            Penalty("PEN-A", D(2026, 5, 1), "general"),
            Penalty("PEN-B", D(2026, 9, 1), "general"));

        AssertOnlyFactor(result, "penalty-general", -60, Id("PEN-B"), Id("PEN-A"));
    }

    [Fact]
    public void GeneralAndSeriousPenaltiesAreSeparateFactors()
    {
        var result = Evaluate(
            Penalty("PEN-G", D(2026, 5, 1), "general"),
            Penalty("PEN-S", D(2026, 6, 1), "serious"),
            Penalty("PEN-M", D(2026, 7, 1), "minor"));

        Assert.Equal(2, result.Factors.Count);
        AssertFactor(result, "penalty-general", -30, Id("PEN-G"));
        AssertFactor(result, "penalty-serious", -150, Id("PEN-S"));
        Assert.Equal(620, result.Score);
        Assert.Equal("C", result.Grade);
    }

    [Fact]
    public void PenaltiesTogetherCostAtMostFourHundred()
    {
        var result = Evaluate(
            Penalty("PEN-1", D(2026, 5, 1), "serious"),
            Penalty("PEN-2", D(2026, 6, 1), "serious"),
            Penalty("PEN-3", D(2026, 7, 1), "serious"));

        Assert.Equal(2, result.Factors.Count);
        AssertFactor(result, "penalty-serious", -450, Id("PEN-3"), Id("PEN-2"), Id("PEN-1"));
        AssertFactor(result, "penalties-cap", 50);
        Assert.Equal(-400, result.Factors.Sum(f => f.Points));
        Assert.Equal(400, result.Score);
        Assert.Equal("D", result.Grade);
        Assert.Equal(1.00m, result.Supervision.SamplingRatio);
    }

    [Fact]
    public void ThePenaltyCapSpansGeneralAndSeriousPenalties()
    {
        var result = Evaluate(
            Penalty("PEN-S1", D(2026, 5, 1), "serious"),
            Penalty("PEN-S2", D(2026, 5, 2), "serious"),
            Penalty("PEN-G1", D(2026, 6, 1), "general"),
            Penalty("PEN-G2", D(2026, 6, 2), "general"),
            Penalty("PEN-G3", D(2026, 6, 3), "general"),
            Penalty("PEN-G4", D(2026, 6, 4), "general"));

        AssertFactor(result, "penalty-general", -120, Id("PEN-G4"), Id("PEN-G3"), Id("PEN-G2"), Id("PEN-G1"));
        AssertFactor(result, "penalty-serious", -300, Id("PEN-S2"), Id("PEN-S1"));
        AssertFactor(result, "penalties-cap", 20);
        Assert.Equal(400, result.Score);
    }

    [Fact]
    public void PenaltiesWithinTheCapAddNoCapFactor()
    {
        var result = Evaluate(
            Penalty("PEN-1", D(2026, 5, 1), "serious"),
            Penalty("PEN-2", D(2026, 6, 1), "serious"));

        AssertOnlyFactor(result, "penalty-serious", -300, Id("PEN-2"), Id("PEN-1"));
        Assert.DoesNotContain(result.Factors, f => f.Rule == "penalties-cap");
        Assert.Equal(500, result.Score);
        Assert.Equal("D", result.Grade);
    }

    // ----- tax rating -----

    [Theory]
    [InlineData("A", 60, "B")]
    [InlineData("B", 20, "B")]
    [InlineData("C", -80, "C")]
    [InlineData("D", -250, "D")]
    public void ATaxRatingAddsItsPoints(string rating, int points, string grade)
    {
        var result = Evaluate(Tax("TAX-1", D(2026, 4, 1), rating));

        AssertOnlyFactor(result, "tax-rating", points, Id("TAX-1"));
        Assert.Equal(grade, result.Grade);
    }

    [Fact]
    public void ATaxRatingMIsAFactorWorthZero()
    {
        var result = Evaluate(Tax("TAX-1", D(2026, 4, 1), "M"));

        AssertOnlyFactor(result, "tax-rating", 0, Id("TAX-1"));
        Assert.Equal(800, result.Score);
        Assert.Equal("B", result.Grade);
    }

    [Fact]
    public void OnlyTheLatestTaxRatingCounts()
    {
        var result = Evaluate(
            Tax("TAX-OLD", D(2025, 4, 1), "A"),
            Tax("TAX-NEW", D(2026, 4, 1), "C"));

        AssertOnlyFactor(result, "tax-rating", -80, Id("TAX-NEW"));
        Assert.Equal(720, result.Score);
    }

    [Fact]
    public void TheLatestTaxRatingCountsWhateverTheInputOrder()
    {
        var result = Evaluate(
            Tax("TAX-NEW", D(2026, 4, 1), "B"),
            Tax("TAX-OLD", D(2025, 4, 1), "D"));

        AssertOnlyFactor(result, "tax-rating", 20, Id("TAX-NEW"));
    }

    [Theory]
    [InlineData(2024, 11, 27, 60)]
    [InlineData(2024, 11, 26, 0)]
    [InlineData(2024, 1, 1, 0)]
    public void ATaxRatingOlderThanTwoYearsCountsNothing(int year, int month, int day, int expected)
    {
        var result = Evaluate(Tax("TAX-1", D(year, month, day), "A"));

        Assert.Equal(800 + expected, result.Score);
        if (expected == 0)
        {
            Assert.Empty(result.Factors);
        }
        else
        {
            AssertOnlyFactor(result, "tax-rating", expected, Id("TAX-1"));
        }
    }

    [Fact]
    public void AnExpiredLatestRatingLeavesNothingEvenIfAnOlderOneWasBad()
    {
        var result = Evaluate(
            Tax("TAX-1", D(2023, 4, 1), "D"),
            Tax("TAX-2", D(2024, 4, 1), "A"));

        AssertNoFactors(result);
    }

    // ----- social-security and utility arrears -----

    [Fact]
    public void SocialSecurityArrearsCostSixtyOnceEvenWithTwoRecords()
    {
        var result = Evaluate(
            Outcome(RecordCategories.SocialSecurityArrears, "SS-1", D(2026, 3, 1), "active"),
            Outcome(RecordCategories.SocialSecurityArrears, "SS-2", D(2026, 8, 1), "active"));

        AssertOnlyFactor(result, "social-security-arrears", -60, Id("SS-2"));
        Assert.Equal(740, result.Score);
        Assert.Equal("C", result.Grade);
    }

    [Fact]
    public void ClearedSocialSecurityArrearsCountNothing()
    {
        var result = Evaluate(Outcome(RecordCategories.SocialSecurityArrears, "SS-1", D(2026, 3, 1), "cleared"));

        AssertNoFactors(result);
    }

    [Fact]
    public void ActiveSocialSecurityArrearsCountHoweverOld()
    {
        // The shipped rule has no look-back: arrears count while active.
        var result = Evaluate(Outcome(RecordCategories.SocialSecurityArrears, "SS-1", D(2019, 1, 1), "active"));

        AssertOnlyFactor(result, "social-security-arrears", -60, Id("SS-1"));
    }

    [Theory]
    [InlineData(1, -30)]
    [InlineData(2, -60)]
    [InlineData(3, -90)]
    [InlineData(4, -90)]
    [InlineData(6, -90)]
    public void UtilityArrearsCostThirtyEachAtMostNinety(int count, int expected)
    {
        var records = Enumerable.Range(1, count)
            .Select(i => Outcome(RecordCategories.UtilityArrears, $"UT-{i}", D(2026, i, 10), "active"))
            .ToArray();

        var result = Evaluate(records);

        var factor = Assert.Single(result.Factors);
        Assert.Equal("utility-arrears", factor.Rule);
        Assert.Equal(expected, factor.Points);
        Assert.Equal(count, factor.RecordIds.Count);
        Assert.Equal(800 + expected, result.Score);
    }

    [Fact]
    public void TheUtilityArrearsFactorListsEveryRecordItCounted()
    {
        var result = Evaluate(
            Outcome(RecordCategories.UtilityArrears, "UT-1", D(2026, 1, 10), "active"),
            Outcome(RecordCategories.UtilityArrears, "UT-2", D(2026, 2, 10), "active"),
            Outcome(RecordCategories.UtilityArrears, "UT-3", D(2026, 3, 10), "active"),
            Outcome(RecordCategories.UtilityArrears, "UT-4", D(2026, 4, 10), "active"),
            Record(RecordCategories.UtilityArrears, "UT-5", D(2026, 5, 10), outcome: "cleared", provider: "another-utility"));

        AssertOnlyFactor(result, "utility-arrears", -90, Id("UT-4"), Id("UT-3"), Id("UT-2"), Id("UT-1"));
        Assert.Equal(710, result.Score);
    }

    [Fact]
    public void ClearedUtilityArrearsCountNothing()
    {
        var result = Evaluate(Outcome(RecordCategories.UtilityArrears, "UT-1", D(2026, 1, 10), "cleared"));

        AssertNoFactors(result);
    }

    // ----- customs and transport credit -----

    [Theory]
    [InlineData("advanced-certified", 40)]
    [InlineData("general", 0)]
    [InlineData("dishonest", -150)]
    public void ACustomsRatingAddsItsPoints(string rating, int points)
    {
        var result = Evaluate(Customs("CUS-1", D(2025, 6, 1), rating));

        AssertOnlyFactor(result, "customs-credit", points, Id("CUS-1"));
    }

    [Fact]
    public void OnlyTheLatestCustomsRatingCounts()
    {
        var improved = Evaluate(
            Customs("CUS-1", D(2024, 6, 1), "dishonest"),
            Customs("CUS-2", D(2026, 6, 1), "advanced-certified"));
        var worsened = Evaluate(
            Customs("CUS-1", D(2024, 6, 1), "advanced-certified"),
            Customs("CUS-2", D(2026, 6, 1), "dishonest"));

        AssertOnlyFactor(improved, "customs-credit", 40, Id("CUS-2"));
        AssertOnlyFactor(worsened, "customs-credit", -150, Id("CUS-2"));
    }

    [Theory]
    [InlineData(2023, 11, 27, -150)]
    [InlineData(2023, 11, 26, 0)]
    public void ACustomsRatingOlderThanThreeYearsCountsNothing(int year, int month, int day, int expected)
    {
        var result = Evaluate(Customs("CUS-1", D(year, month, day), "dishonest"));

        Assert.Equal(800 + expected, result.Score);
        Assert.Equal(expected == 0 ? 0 : 1, result.Factors.Count);
    }

    [Theory]
    [InlineData("good", 20)]
    [InlineData("average", 0)]
    [InlineData("poor", -60)]
    public void ATransportRatingAddsItsPoints(string rating, int points)
    {
        var result = Evaluate(Transport("TR-1", D(2025, 6, 1), rating));

        AssertOnlyFactor(result, "transport-credit", points, Id("TR-1"));
    }

    [Fact]
    public void OnlyTheLatestTransportRatingCounts()
    {
        var result = Evaluate(
            Transport("TR-1", D(2026, 6, 1), "poor"),
            Transport("TR-2", D(2024, 6, 1), "good"));

        AssertOnlyFactor(result, "transport-credit", -60, Id("TR-1"));
    }

    [Fact]
    public void ATransportRatingOlderThanThreeYearsCountsNothing()
    {
        var result = Evaluate(Transport("TR-1", D(2023, 6, 1), "poor"));

        AssertNoFactors(result);
    }

    // ----- commitments -----

    [Theory]
    [InlineData(1, 10)]
    [InlineData(4, 40)]
    [InlineData(5, 40)]
    public void FulfilledCommitmentsAddTenEachAtMostForty(int count, int expected)
    {
        var records = Enumerable.Range(1, count)
            .Select(i => Outcome(RecordCategories.Commitment, $"COM-{i}", D(2026, i, 1), "fulfilled"))
            .ToArray();

        var result = Evaluate(records);

        var ids = Enumerable.Range(1, count).Reverse().Select(i => Id($"COM-{i}")).ToArray();
        AssertOnlyFactor(result, "commitment-fulfilled", expected, ids);
    }

    [Fact]
    public void ABreachedCommitmentCostsEighty()
    {
        var result = Evaluate(Outcome(RecordCategories.Commitment, "COM-1", D(2026, 3, 1), "breached"));

        AssertOnlyFactor(result, "commitment-breached", -80, Id("COM-1"));
        Assert.Equal("C", result.Grade);
    }

    [Fact]
    public void EveryBreachedCommitmentCounts()
    {
        var result = Evaluate(
            Outcome(RecordCategories.Commitment, "COM-1", D(2026, 3, 1), "breached"),
            Outcome(RecordCategories.Commitment, "COM-2", D(2026, 4, 1), "breached"));

        AssertOnlyFactor(result, "commitment-breached", -160, Id("COM-2"), Id("COM-1"));
    }

    [Fact]
    public void APendingCommitmentCountsNothing()
    {
        var result = Evaluate(Outcome(RecordCategories.Commitment, "COM-1", D(2026, 3, 1), "pending"));

        AssertNoFactors(result);
    }

    [Fact]
    public void FulfilledAndBreachedCommitmentsAreSeparateFactors()
    {
        var result = Evaluate(
            Outcome(RecordCategories.Commitment, "COM-F", D(2026, 3, 1), "fulfilled"),
            Outcome(RecordCategories.Commitment, "COM-B", D(2026, 4, 1), "breached"),
            Outcome(RecordCategories.Commitment, "COM-P", D(2026, 5, 1), "pending"));

        Assert.Equal(2, result.Factors.Count);
        AssertFactor(result, "commitment-fulfilled", 10, Id("COM-F"));
        AssertFactor(result, "commitment-breached", -80, Id("COM-B"));
        Assert.Equal(730, result.Score);
    }

    [Fact]
    public void CommitmentsOlderThanThreeYearsCountNothing()
    {
        var result = Evaluate(
            Outcome(RecordCategories.Commitment, "COM-1", D(2023, 11, 26), "fulfilled"),
            Outcome(RecordCategories.Commitment, "COM-2", D(2023, 6, 1), "breached"));

        AssertNoFactors(result);
    }

    // ----- inspections -----

    [Theory]
    [InlineData(1, 10)]
    [InlineData(3, 30)]
    [InlineData(4, 30)]
    public void PassedInspectionsAddTenEachAtMostThirty(int count, int expected)
    {
        var records = Enumerable.Range(1, count)
            .Select(i => Outcome(RecordCategories.Inspection, $"INS-{i}", D(2026, i, 1), "passed"))
            .ToArray();

        var result = Evaluate(records);

        var ids = Enumerable.Range(1, count).Reverse().Select(i => Id($"INS-{i}")).ToArray();
        AssertOnlyFactor(result, "inspection-passed", expected, ids);
    }

    [Fact]
    public void AFailedInspectionCostsForty()
    {
        var result = Evaluate(Outcome(RecordCategories.Inspection, "INS-1", D(2026, 3, 1), "failed"));

        AssertOnlyFactor(result, "inspection-failed", -40, Id("INS-1"));
        Assert.Equal(760, result.Score);
    }

    [Theory]
    [InlineData(2024, 11, 27, true)]
    [InlineData(2024, 11, 26, false)]
    [InlineData(2024, 6, 1, false)]
    public void InspectionsOlderThanTwoYearsCountNothing(int year, int month, int day, bool counts)
    {
        var result = Evaluate(
            Outcome(RecordCategories.Inspection, "INS-P", D(year, month, day), "passed"),
            Outcome(RecordCategories.Inspection, "INS-F", D(year, month, day), "failed"));

        if (counts)
        {
            Assert.Equal(2, result.Factors.Count);
            AssertFactor(result, "inspection-passed", 10, Id("INS-P"));
            AssertFactor(result, "inspection-failed", -40, Id("INS-F"));
            Assert.Equal(770, result.Score);
        }
        else
        {
            AssertNoFactors(result);
        }
    }

    // ----- complaints -----

    [Theory]
    [InlineData(1, -10)]
    [InlineData(6, -60)]
    [InlineData(7, -60)]
    public void VerifiedComplaintsCostTenEachAtMostSixty(int count, int expected)
    {
        var records = Enumerable.Range(1, count)
            .Select(i => Outcome(RecordCategories.Complaint, $"CPL-{i}", D(2026, i, 1), "verified"))
            .ToArray();

        var result = Evaluate(records);

        var ids = Enumerable.Range(1, count).Reverse().Select(i => Id($"CPL-{i}")).ToArray();
        AssertOnlyFactor(result, "complaint-verified", expected, ids);
    }

    [Fact]
    public void UnverifiedComplaintsCountNothing()
    {
        var result = Evaluate(
            Outcome(RecordCategories.Complaint, "CPL-1", D(2026, 3, 1), "unverified"),
            Outcome(RecordCategories.Complaint, "CPL-2", D(2026, 4, 1), "unverified"));

        AssertNoFactors(result);
    }

    [Theory]
    [InlineData(2025, 11, 27, -10)]
    [InlineData(2025, 11, 26, 0)]
    [InlineData(2025, 6, 1, 0)]
    public void ComplaintsOlderThanOneYearCountNothing(int year, int month, int day, int expected)
    {
        var result = Evaluate(Outcome(RecordCategories.Complaint, "CPL-1", D(year, month, day), "verified"));

        Assert.Equal(800 + expected, result.Score);
        Assert.Equal(expected == 0 ? 0 : 1, result.Factors.Count);
    }

    // ----- honours -----

    [Theory]
    [InlineData(1, 20)]
    [InlineData(3, 60)]
    [InlineData(4, 60)]
    public void HonoursAddTwentyEachAtMostSixty(int count, int expected)
    {
        var records = Enumerable.Range(1, count)
            .Select(i => Honour($"HON-{i}", D(2025, i, 1)))
            .ToArray();

        var result = Evaluate(records);

        var ids = Enumerable.Range(1, count).Reverse().Select(i => Id($"HON-{i}")).ToArray();
        AssertOnlyFactor(result, "honour", expected, ids);
    }

    [Theory]
    [InlineData(2023, 11, 27, 20)]
    [InlineData(2023, 11, 26, 0)]
    [InlineData(2022, 1, 1, 0)]
    public void HonoursOlderThanThreeYearsCountNothing(int year, int month, int day, int expected)
    {
        var result = Evaluate(Honour("HON-1", D(year, month, day)));

        Assert.Equal(800 + expected, result.Score);
        Assert.Equal(expected == 0 ? 0 : 1, result.Factors.Count);
    }

    // ----- court dishonesty -----

    [Fact]
    public void ActiveCourtDishonestyCostsThreeHundred()
    {
        var result = Evaluate(Outcome(RecordCategories.CourtDishonest, "CRT-1", D(2026, 2, 1), "active"));

        AssertOnlyFactor(result, "court-dishonest", -300, Id("CRT-1"));
        Assert.Equal(500, result.Score);
        Assert.Equal("D", result.Grade);
    }

    [Fact]
    public void CourtDishonestyCountsOnceEvenWithTwoActiveRecords()
    {
        var result = Evaluate(
            Outcome(RecordCategories.CourtDishonest, "CRT-1", D(2025, 2, 1), "active"),
            Outcome(RecordCategories.CourtDishonest, "CRT-2", D(2026, 2, 1), "active"));

        AssertOnlyFactor(result, "court-dishonest", -300, Id("CRT-2"));
    }

    [Fact]
    public void ClearedCourtDishonestyCountsNothing()
    {
        var result = Evaluate(Outcome(RecordCategories.CourtDishonest, "CRT-1", D(2026, 2, 1), "cleared"));

        AssertNoFactors(result);
    }

    // ----- bands -----

    [Fact]
    public void ShippedPointsAreMultiplesOfTenSoOnlyScoresEndingInZeroAreReachable()
    {
        var model = Rules.Grading;

        Assert.Equal(0, model.BaseScore % 10);
        Assert.All(model.Factors.SelectMany(f => f.Points.Values), p => Assert.Equal(0, p % 10));
        Assert.All(model.Factors.Where(f => f.Cap is not null), f => Assert.Equal(0, f.Cap!.Value % 10));
        Assert.All(model.GroupCaps.Values, c => Assert.Equal(0, c % 10));
        Assert.Equal(0, model.Lists.RedPoints % 10);
    }

    [Theory]
    [InlineData("900", 900, "A")]
    [InlineData("890", 890, "B")]
    [InlineData("750", 750, "B")]
    [InlineData("740", 740, "C")]
    [InlineData("600", 600, "C")]
    [InlineData("590", 590, "D")]
    public void ScoresAtTheBandEdgesGetTheirGrade(string scenario, int score, string grade)
    {
        CreditRecord[] records = scenario switch
        {
            // 800 + 60 + 20 + 20
            "900" => [Tax("TAX-1", D(2026, 4, 1), "A"), Honour("HON-1", D(2025, 5, 1)), Honour("HON-2", D(2026, 5, 1))],

            // 800 + 60 + 20 + 10
            "890" => [Tax("TAX-1", D(2026, 4, 1), "A"), Honour("HON-1", D(2025, 5, 1)), Outcome(RecordCategories.Inspection, "INS-1", D(2026, 6, 1), "passed")],

            // 800 − 30 − 10 − 10
            "750" => [Penalty("PEN-1", D(2026, 5, 1), "general"), Outcome(RecordCategories.Complaint, "CPL-1", D(2026, 6, 1), "verified"), Outcome(RecordCategories.Complaint, "CPL-2", D(2026, 7, 1), "verified")],

            // 800 − 60
            "740" => [Outcome(RecordCategories.SocialSecurityArrears, "SS-1", D(2026, 3, 1), "active")],

            // 800 − 150 − 30 − 10 − 10
            "600" => [Penalty("PEN-S", D(2026, 5, 1), "serious"), Penalty("PEN-G", D(2026, 5, 2), "general"), Outcome(RecordCategories.Complaint, "CPL-1", D(2026, 6, 1), "verified"), Outcome(RecordCategories.Complaint, "CPL-2", D(2026, 7, 1), "verified")],

            // 800 − 150 − 60
            "590" => [Penalty("PEN-S", D(2026, 5, 1), "serious"), Outcome(RecordCategories.SocialSecurityArrears, "SS-1", D(2026, 3, 1), "active")],
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        var result = Evaluate(records);

        Assert.Equal(score, result.Score);
        Assert.Equal(score, 800 + result.Factors.Sum(f => f.Points));
        Assert.Equal(grade, result.Grade);
        Assert.Equal(Rules.Grading.Supervision[grade].SamplingRatio, result.Supervision.SamplingRatio);
    }

    [Theory]
    [InlineData(1000, "A")]
    [InlineData(900, "A")]
    [InlineData(899, "B")]
    [InlineData(750, "B")]
    [InlineData(749, "C")]
    [InlineData(600, "C")]
    [InlineData(599, "D")]
    [InlineData(0, "D")]
    public void TheShippedBandsPutEachEdgeScoreInItsGrade(int score, string grade)
    {
        Assert.Equal(grade, Rules.Grading.GradeOf(score));
    }

    [Theory]
    [InlineData(900, "A")]
    [InlineData(899, "B")]
    [InlineData(750, "B")]
    [InlineData(749, "C")]
    [InlineData(600, "C")]
    [InlineData(599, "D")]
    public void EvaluateBandsOddEdgeScoresWhenTheBaseIsShifted(int baseScore, string grade)
    {
        // 899, 749 and 599 cannot be reached with the shipped points (all multiples of ten), so shift the base instead.
        var rules = Rules with { Grading = Rules.Grading with { BaseScore = baseScore } };

        var result = GradeEngine.Evaluate([], [], AsOf, rules);

        Assert.Equal(baseScore, result.Score);
        Assert.Equal(grade, result.Grade);
    }

    // ----- clamping -----

    [Fact]
    public void TheScoreNeverFallsBelowZero()
    {
        var result = Evaluate(
            Outcome(RecordCategories.CourtDishonest, "CRT-1", D(2026, 2, 1), "active"),
            Tax("TAX-1", D(2026, 4, 1), "D"),
            Penalty("PEN-1", D(2026, 5, 1), "serious"),
            Penalty("PEN-2", D(2026, 6, 1), "serious"),
            Penalty("PEN-3", D(2026, 7, 1), "serious"),
            Customs("CUS-1", D(2026, 1, 1), "dishonest"),
            Transport("TR-1", D(2026, 1, 1), "poor"),
            Outcome(RecordCategories.SocialSecurityArrears, "SS-1", D(2026, 3, 1), "active"),
            Outcome(RecordCategories.UtilityArrears, "UT-1", D(2026, 3, 1), "active"),
            Outcome(RecordCategories.UtilityArrears, "UT-2", D(2026, 4, 1), "active"),
            Outcome(RecordCategories.UtilityArrears, "UT-3", D(2026, 5, 1), "active"),
            Outcome(RecordCategories.Commitment, "COM-1", D(2026, 3, 1), "breached"),
            Outcome(RecordCategories.Inspection, "INS-1", D(2026, 3, 1), "failed"),
            Outcome(RecordCategories.Complaint, "CPL-1", D(2026, 1, 1), "verified"),
            Outcome(RecordCategories.Complaint, "CPL-2", D(2026, 2, 1), "verified"),
            Outcome(RecordCategories.Complaint, "CPL-3", D(2026, 3, 1), "verified"),
            Outcome(RecordCategories.Complaint, "CPL-4", D(2026, 4, 1), "verified"),
            Outcome(RecordCategories.Complaint, "CPL-5", D(2026, 5, 1), "verified"),
            Outcome(RecordCategories.Complaint, "CPL-6", D(2026, 6, 1), "verified"));

        // The factors still show every point; only the score is clamped.
        Assert.Equal(-1490, result.Factors.Sum(f => f.Points));
        Assert.Equal(0, result.Score);
        Assert.Equal("D", result.Grade);
        Assert.Equal(1.00m, result.Supervision.SamplingRatio);
    }

    [Fact]
    public void TheScoreNeverRisesAboveOneThousand()
    {
        var records = new[]
        {
            Tax("TAX-1", D(2026, 4, 1), "A"),
            Customs("CUS-1", D(2026, 1, 1), "advanced-certified"),
            Transport("TR-1", D(2026, 1, 1), "good"),
            Outcome(RecordCategories.Commitment, "COM-1", D(2026, 1, 1), "fulfilled"),
            Outcome(RecordCategories.Commitment, "COM-2", D(2026, 2, 1), "fulfilled"),
            Outcome(RecordCategories.Commitment, "COM-3", D(2026, 3, 1), "fulfilled"),
            Outcome(RecordCategories.Commitment, "COM-4", D(2026, 4, 1), "fulfilled"),
            Outcome(RecordCategories.Commitment, "COM-5", D(2026, 5, 1), "fulfilled"),
            Outcome(RecordCategories.Inspection, "INS-1", D(2026, 1, 1), "passed"),
            Outcome(RecordCategories.Inspection, "INS-2", D(2026, 2, 1), "passed"),
            Outcome(RecordCategories.Inspection, "INS-3", D(2026, 3, 1), "passed"),
            Outcome(RecordCategories.Inspection, "INS-4", D(2026, 4, 1), "passed"),
            Honour("HON-1", D(2025, 1, 1)),
            Honour("HON-2", D(2025, 6, 1)),
            Honour("HON-3", D(2026, 1, 1)),
            Honour("HON-4", D(2026, 6, 1)),
        };
        ListEntrySnapshot[] red = [Entry("RED-1", "red", D(2026, 1, 1), D(2027, 12, 31))];

        var withoutRed = EvaluateWith([], records);
        var withRed = EvaluateWith(red, records);

        // Every positive factor at its maximum: 60 + 40 + 20 + 40 + 30 + 60 = 250, and the red list's 50.
        Assert.Equal(250, withoutRed.Factors.Sum(f => f.Points));
        Assert.Equal(1000, withoutRed.Score);
        Assert.Equal(300, withRed.Factors.Sum(f => f.Points));
        Assert.Equal(1000, withRed.Score);
        Assert.Equal("A", withRed.Grade);
        Assert.Equal(0.05m, withRed.Supervision.SamplingRatio);
    }

    // ----- lists -----

    [Fact]
    public void AnActiveRedEntryAddsFifty()
    {
        var result = EvaluateWith([Entry("RED-1", "red", D(2026, 1, 1), D(2027, 12, 31))]);

        AssertOnlyFactor(result, "red-list", 50, "RED-1");
        Assert.Equal(850, result.Score);
        Assert.Equal("B", result.Grade);
        Assert.True(result.ListStatus.Red);
        Assert.False(result.ListStatus.Black);
        Assert.False(result.ListStatus.Watch);
        Assert.Equal(["RED-1"], result.ListStatus.ActiveEntries);
    }

    [Fact]
    public void TwoActiveRedEntriesAddFiftyOnceAndNameBoth()
    {
        var result = EvaluateWith([
            Entry("RED-2", "red", D(2026, 3, 1), D(2027, 12, 31)),
            Entry("RED-1", "red", D(2026, 1, 1), D(2027, 12, 31)),
        ]);

        AssertOnlyFactor(result, "red-list", 50, "RED-1", "RED-2");
        Assert.Equal(850, result.Score);
    }

    [Fact]
    public void TheRedEntryIsTheLastFactorAfterRecordsAndCaps()
    {
        var result = EvaluateWith(
            [Entry("RED-1", "red", D(2026, 1, 1), D(2027, 12, 31))],
            Penalty("PEN-1", D(2026, 5, 1), "serious"),
            Penalty("PEN-2", D(2026, 6, 1), "serious"),
            Penalty("PEN-3", D(2026, 7, 1), "serious"),
            Tax("TAX-1", D(2026, 4, 1), "B"));

        Assert.Equal(["penalty-serious", "tax-rating", "penalties-cap", "red-list"], result.Factors.Select(f => f.Rule));
        Assert.Equal(800 - 450 + 20 + 50 + 50, result.Score);
    }

    [Theory]
    [InlineData(2026, 11, 25, false)]
    [InlineData(2026, 11, 26, true)]
    [InlineData(2027, 1, 1, true)]
    public void ARedEntryCountsThroughItsExpiryDay(int year, int month, int day, bool active)
    {
        var result = EvaluateWith([Entry("RED-1", "red", D(2025, 11, 26), D(year, month, day))]);

        Assert.Equal(active ? 850 : 800, result.Score);
        Assert.Equal(active, result.ListStatus.Red);
        Assert.Equal(active ? 1 : 0, result.Factors.Count);
        Assert.Equal(active ? 1 : 0, result.ListStatus.ActiveEntries.Count);
    }

    [Theory]
    [InlineData(2026, 6, 1, false)]
    [InlineData(2026, 11, 26, false)]
    [InlineData(2026, 11, 27, true)]
    public void ARedEntryEndedEarlyCountsNothingFromItsEndDay(int year, int month, int day, bool active)
    {
        var result = EvaluateWith([Entry("RED-1", "red", D(2026, 1, 1), D(2027, 12, 31), D(year, month, day))]);

        Assert.Equal(active ? 850 : 800, result.Score);
        Assert.Equal(active, result.ListStatus.Red);
        Assert.Equal(active ? 1 : 0, result.ListStatus.ActiveEntries.Count);
    }

    [Fact]
    public void ARedEntryDecidedAfterTheDateCountsNothing()
    {
        var result = EvaluateWith([Entry("RED-1", "red", D(2026, 11, 27), D(2027, 12, 31))]);

        AssertNoFactors(result);
        Assert.False(result.ListStatus.Red);
        Assert.Empty(result.ListStatus.ActiveEntries);
    }

    [Fact]
    public void AWatchEntryCapsAnAAtCWhileTheScoreStays()
    {
        var result = EvaluateWith(
            [Entry("WAT-1", "watch", D(2026, 1, 1), D(2027, 12, 31))],
            Tax("TAX-1", D(2026, 4, 1), "A"),
            Honour("HON-1", D(2025, 5, 1)),
            Honour("HON-2", D(2026, 5, 1)));

        Assert.Equal(900, result.Score);
        Assert.Equal("C", result.Grade);
        Assert.True(result.ListStatus.Watch);
        Assert.Equal(["WAT-1"], result.ListStatus.ActiveEntries);
        Assert.DoesNotContain(result.Factors, f => f.RecordIds.Contains("WAT-1"));
        Assert.Equal(0.60m, result.Supervision.SamplingRatio);
        Assert.Equal(Rules.Grading.Supervision["C"].Measures, result.Supervision.Measures);
    }

    [Fact]
    public void AWatchEntryCapsABAtC()
    {
        var result = EvaluateWith([Entry("WAT-1", "watch", D(2026, 1, 1), D(2027, 12, 31))]);

        Assert.Equal(800, result.Score);
        Assert.Equal("C", result.Grade);
        Assert.Empty(result.Factors);
    }

    [Fact]
    public void AWatchEntryLeavesACAsC()
    {
        var result = EvaluateWith(
            [Entry("WAT-1", "watch", D(2026, 1, 1), D(2027, 12, 31))],
            Outcome(RecordCategories.SocialSecurityArrears, "SS-1", D(2026, 3, 1), "active"));

        Assert.Equal(740, result.Score);
        Assert.Equal("C", result.Grade);
    }

    [Fact]
    public void AWatchEntryDoesNotImproveAD()
    {
        var result = EvaluateWith(
            [Entry("WAT-1", "watch", D(2026, 1, 1), D(2027, 12, 31))],
            Penalty("PEN-S", D(2026, 5, 1), "serious"),
            Outcome(RecordCategories.SocialSecurityArrears, "SS-1", D(2026, 3, 1), "active"));

        Assert.Equal(590, result.Score);
        Assert.Equal("D", result.Grade);
        Assert.True(result.ListStatus.Watch);
        Assert.Equal(1.00m, result.Supervision.SamplingRatio);
    }

    [Fact]
    public void ABlackEntryForcesDEvenAtNineHundredFifty()
    {
        var result = EvaluateWith(
            [Entry("BLK-1", "black", D(2026, 1, 1), D(2028, 12, 31))],
            Tax("TAX-1", D(2026, 4, 1), "A"),
            Customs("CUS-1", D(2026, 1, 1), "advanced-certified"),
            Honour("HON-1", D(2025, 5, 1)),
            Honour("HON-2", D(2026, 5, 1)),
            Outcome(RecordCategories.Inspection, "INS-1", D(2026, 6, 1), "passed"));

        Assert.Equal(950, result.Score);
        Assert.Equal("D", result.Grade);
        Assert.True(result.ListStatus.Black);
        Assert.False(result.ListStatus.Watch);
        Assert.Equal(["BLK-1"], result.ListStatus.ActiveEntries);
        Assert.Equal(1.00m, result.Supervision.SamplingRatio);
        Assert.Equal(Rules.Grading.Supervision["D"].Measures, result.Supervision.Measures);
    }

    [Fact]
    public void ABlackEntryOutranksRedAndWatchEntries()
    {
        var result = EvaluateWith([
            Entry("RED-1", "red", D(2026, 1, 1), D(2027, 12, 31)),
            Entry("WAT-1", "watch", D(2026, 1, 1), D(2027, 12, 31)),
            Entry("BLK-1", "black", D(2026, 1, 1), D(2028, 12, 31)),
        ]);

        // The red entry's points still count in the score; the grade is D all the same.
        AssertOnlyFactor(result, "red-list", 50, "RED-1");
        Assert.Equal(850, result.Score);
        Assert.Equal("D", result.Grade);
        Assert.True(result.ListStatus.Red);
        Assert.True(result.ListStatus.Black);
        Assert.True(result.ListStatus.Watch);
    }

    [Fact]
    public void ExpiredOrEndedBlackAndWatchEntriesHaveNoEffect()
    {
        var result = EvaluateWith(
            [
                Entry("BLK-1", "black", D(2023, 1, 1), D(2025, 12, 31)),
                Entry("WAT-1", "watch", D(2026, 1, 1), D(2027, 12, 31), D(2026, 10, 1)),
            ],
            Tax("TAX-1", D(2026, 4, 1), "A"),
            Honour("HON-1", D(2025, 5, 1)),
            Honour("HON-2", D(2026, 5, 1)));

        Assert.Equal(900, result.Score);
        Assert.Equal("A", result.Grade);
        Assert.False(result.ListStatus.Black);
        Assert.False(result.ListStatus.Watch);
        Assert.Empty(result.ListStatus.ActiveEntries);
        Assert.Equal(0.05m, result.Supervision.SamplingRatio);
    }

    [Fact]
    public void ActiveEntriesListsEveryActiveEntryByIdAndNoInactiveOne()
    {
        var result = EvaluateWith([
            Entry("WAT-9", "watch", D(2026, 1, 1), D(2027, 12, 31)),
            Entry("RED-2", "red", D(2026, 1, 1), D(2027, 12, 31)),
            Entry("RED-1", "red", D(2024, 1, 1), D(2025, 12, 31)),
            Entry("BLK-5", "black", D(2026, 1, 1), D(2028, 12, 31), D(2026, 9, 1)),
            Entry("BLK-3", "black", D(2026, 2, 1), D(2028, 12, 31)),
            Entry("RED-3", "red", D(2027, 1, 1), D(2028, 12, 31)),
        ]);

        Assert.Equal(["BLK-3", "RED-2", "WAT-9"], result.ListStatus.ActiveEntries);
        AssertOnlyFactor(result, "red-list", 50, "RED-2");
        Assert.True(result.ListStatus.Black);
        Assert.Equal("D", result.Grade);
    }

    // ----- as-of dates and determinism -----

    [Fact]
    public void RecordsDecidedAfterTheDateAreIgnored()
    {
        var tomorrow = AsOf.AddDays(1);

        var result = Evaluate(
            Penalty("PEN-1", tomorrow, "serious"),
            Tax("TAX-1", tomorrow, "D"),
            Outcome(RecordCategories.CourtDishonest, "CRT-1", tomorrow, "active"),
            Outcome(RecordCategories.SocialSecurityArrears, "SS-1", tomorrow, "active"),
            Honour("HON-1", tomorrow));

        AssertNoFactors(result);
    }

    [Fact]
    public void ARecordDecidedOnTheDateCounts()
    {
        var result = Evaluate(Penalty("PEN-1", AsOf, "general"), Honour("HON-1", AsOf));

        Assert.Equal(790, result.Score);
        AssertFactor(result, "penalty-general", -30, Id("PEN-1"));
        AssertFactor(result, "honour", 20, Id("HON-1"));
    }

    [Fact]
    public void ANewerTaxRatingDecidedAfterTheDateDoesNotHideTheOneInForce()
    {
        var records = new[]
        {
            Tax("TAX-1", D(2026, 4, 1), "A"),
            Tax("TAX-2", D(2026, 12, 1), "D"),
        };

        AssertOnlyFactor(EvaluateOn(AsOf, records), "tax-rating", 60, Id("TAX-1"));
        AssertOnlyFactor(EvaluateOn(D(2026, 12, 1), records), "tax-rating", -250, Id("TAX-2"));
    }

    [Fact]
    public void TheSameInputsGiveDifferentGradesAsWindowsPass()
    {
        var records = new[]
        {
            Penalty("PEN-1", D(2026, 5, 1), "general"),
            Outcome(RecordCategories.Complaint, "CPL-1", D(2026, 3, 1), "verified"),
            Tax("TAX-1", D(2025, 1, 10), "A"),
            Honour("HON-1", D(2024, 2, 1)),
        };

        var now = EvaluateOn(AsOf, records);
        var january = EvaluateOn(D(2027, 1, 15), records);
        var may = EvaluateOn(D(2027, 5, 1), records);

        Assert.Equal(840, now.Score);
        Assert.Equal(["penalty-general", "tax-rating", "complaint-verified", "honour"], now.Factors.Select(f => f.Rule));

        // The tax rating (two years) has passed; the penalty, complaint and honour still count.
        Assert.Equal(780, january.Score);
        Assert.Equal(["penalty-general", "complaint-verified", "honour"], january.Factors.Select(f => f.Rule));

        // The penalty's year of disclosure, the complaint's year and the honour's three years have all passed.
        AssertNoFactors(may);
        Assert.Equal(D(2027, 5, 1), may.AsOf);
    }

    [Fact]
    public void TheSameInputInAnotherOrderGivesTheSameResult()
    {
        var records = new[]
        {
            Penalty("PEN-1", D(2026, 5, 1), "general"),
            Penalty("PEN-2", D(2026, 5, 1), "general"),
            Tax("TAX-1", D(2026, 4, 1), "A"),
            Tax("TAX-2", D(2026, 4, 1), "C"),
            Outcome(RecordCategories.UtilityArrears, "UT-1", D(2026, 1, 1), "active"),
            Outcome(RecordCategories.UtilityArrears, "UT-2", D(2026, 1, 1), "active"),
            Outcome(RecordCategories.UtilityArrears, "UT-3", D(2026, 2, 1), "active"),
            Outcome(RecordCategories.UtilityArrears, "UT-4", D(2026, 3, 1), "active"),
            Outcome(RecordCategories.SocialSecurityArrears, "SS-1", D(2026, 3, 1), "active"),
            Outcome(RecordCategories.SocialSecurityArrears, "SS-2", D(2026, 3, 1), "active"),
            Honour("HON-1", D(2026, 1, 1)),
            Honour("HON-2", D(2026, 1, 1)),
        };
        var entries = new[]
        {
            Entry("RED-2", "red", D(2026, 1, 1), D(2027, 12, 31)),
            Entry("RED-1", "red", D(2026, 1, 1), D(2027, 12, 31)),
            Entry("WAT-1", "watch", D(2026, 1, 1), D(2027, 12, 31)),
        };

        var forward = GradeEngine.Evaluate(records, entries, AsOf, Rules);
        var reversed = GradeEngine.Evaluate(records.Reverse().ToArray(), entries.Reverse().ToArray(), AsOf, Rules);
        var shuffled = GradeEngine.Evaluate(records.OrderBy(r => r.SourceId.GetHashCode(StringComparison.Ordinal)).ToArray(), entries.Skip(1).Append(entries[0]).ToArray(), AsOf, Rules);

        foreach (var other in new[] { reversed, shuffled })
        {
            Assert.Equal(forward.Score, other.Score);
            Assert.Equal(forward.Grade, other.Grade);
            Assert.Equal(Describe(forward), Describe(other));
            Assert.Equal(forward.ListStatus.ActiveEntries, other.ListStatus.ActiveEntries);
        }

        // Same-day ties go to the lower record id: TAX-1 (A) is "the latest", SS-1 is the arrears named.
        AssertFactor(forward, "tax-rating", 60, Id("TAX-1"));
        AssertFactor(forward, "social-security-arrears", -60, Id("SS-1"));
        AssertFactor(forward, "penalty-general", -60, Id("PEN-1"), Id("PEN-2"));
        AssertFactor(forward, "utility-arrears", -90, Id("UT-4"), Id("UT-3"), Id("UT-1"), Id("UT-2"));
        AssertFactor(forward, "honour", 40, Id("HON-1"), Id("HON-2"));
        AssertFactor(forward, "red-list", 50, "RED-1", "RED-2");
        Assert.Equal(800 - 60 + 60 - 60 - 90 + 40 + 50, forward.Score);
        Assert.Equal("C", forward.Grade);
        Assert.Equal(["RED-1", "RED-2", "WAT-1"], forward.ListStatus.ActiveEntries);
    }

    [Fact]
    public void EvaluatingTwiceGivesEqualResults()
    {
        var records = new[] { Penalty("PEN-1", D(2026, 5, 1), "serious"), Tax("TAX-1", D(2026, 4, 1), "B") };

        var first = Evaluate(records);
        var second = Evaluate(records);

        Assert.Equal(Describe(first), Describe(second));
        Assert.Equal(first.Score, second.Score);
        Assert.Equal(670, first.Score);
    }

    // ----- result metadata -----

    [Fact]
    public void TheResultCarriesTheRulesVersionAndTheDate()
    {
        var date = D(2027, 3, 15);

        var result = EvaluateOn(date, Tax("TAX-1", D(2026, 4, 1), "B"));

        Assert.Equal(CreditRules.Default.Version, result.RulesVersion);
        Assert.False(string.IsNullOrWhiteSpace(result.RulesVersion));
        Assert.Equal(date, result.AsOf);
    }

    [Theory]
    [InlineData("A", "0.05")]
    [InlineData("B", "0.20")]
    [InlineData("C", "0.60")]
    [InlineData("D", "1.00")]
    public void SupervisionMatchesTheGrade(string grade, string ratio)
    {
        CreditRecord[] records = grade switch
        {
            "A" => [Tax("TAX-1", D(2026, 4, 1), "A"), Honour("HON-1", D(2025, 5, 1)), Honour("HON-2", D(2026, 5, 1))],
            "B" => [],
            "C" => [Tax("TAX-1", D(2026, 4, 1), "C")],
            "D" => [Tax("TAX-1", D(2026, 4, 1), "D")],
            _ => throw new ArgumentOutOfRangeException(nameof(grade)),
        };

        var result = Evaluate(records);

        Assert.Equal(grade, result.Grade);
        Assert.Equal(decimal.Parse(ratio, System.Globalization.CultureInfo.InvariantCulture), result.Supervision.SamplingRatio);
        Assert.Equal(Rules.Grading.Supervision[grade].Measures, result.Supervision.Measures);
        Assert.NotEmpty(result.Supervision.Measures);
    }

    [Fact]
    public void APenaltyForwardedByASecondProviderLeavesTheScoreUnchanged()
    {
        var original = Penalty("PEN-1", D(2026, 9, 1), "serious") with { DocumentNo = "驻市监罚〔2026〕12号" };
        var forwarded = original with { ProviderId = "credit-platform", SourceId = "FWD-77", DocumentNo = "驻市监罚[2026]12号" };
        var once = Evaluate(original);

        var twice = Evaluate(original, forwarded);

        Assert.Equal((650, "C"), (once.Score, once.Grade));
        Assert.Equal((once.Score, once.Grade), (twice.Score, twice.Grade));
        AssertOnlyFactor(twice, "penalty-serious", -150, "credit-platform~FWD-77");
    }

    [Fact]
    public void PenaltiesWithoutADocumentNumberCountEach()
    {
        var result = Evaluate(Penalty("PEN-1", D(2026, 9, 1), "general"), Penalty("PEN-1", D(2026, 9, 1), "general") with { ProviderId = "credit-platform" });

        Assert.Equal(740, result.Score);
    }

    [Fact]
    public void AClearedRecordFromTheSameProviderEndsTheActiveArrears()
    {
        var active = Outcome(RecordCategories.SocialSecurityArrears, "SB-1", D(2026, 3, 1), "active");
        var cleared = Outcome(RecordCategories.SocialSecurityArrears, "SB-2", D(2026, 8, 1), "cleared");

        Assert.Equal(740, EvaluateOn(D(2026, 7, 31), active, cleared).Score);
        AssertNoFactors(Evaluate(active, cleared));
    }

    [Fact]
    public void AClearedRecordEndsTheActiveCourtDishonestRecord()
    {
        var result = Evaluate(
            Outcome(RecordCategories.CourtDishonest, "SX-1", D(2025, 3, 1), "active"),
            Outcome(RecordCategories.CourtDishonest, "SX-2", D(2026, 2, 1), "cleared"));

        AssertNoFactors(result);
    }

    [Fact]
    public void CountsTheDistinctProvidersOfTheRecordsBehindTheFactorsAsDataSources()
    {
        var result = Evaluate(
            Tax("TAX-1", D(2026, 4, 1), "M"),
            Tax("TAX-0", D(2025, 4, 1), "A"),
            Record(RecordCategories.Inspection, "INS-1", D(2026, 5, 1), outcome: "passed", provider: "market-dept"),
            Record(RecordCategories.License, "LIC-1", D(2026, 5, 1), outcome: "granted", provider: "licence-dept"),
            Tax("TAX-OLD", D(2023, 4, 1), "A") with { ProviderId = "old-dept" });

        Assert.Equal(2, result.DataSources);
    }

    [Fact]
    public void GradesBOnNoDataWithNoDataSources()
    {
        var result = Evaluate(Outcome(RecordCategories.UtilityArrears, "UT-1", D(2026, 1, 10), "cleared"));

        Assert.Equal(("B", 0), (result.Grade, result.DataSources));
    }

    [Fact]
    public void CountsADecisionForwardedByASecondProviderAsOneSource()
    {
        var original = Penalty("PEN-1", D(2026, 9, 1), "general") with { DocumentNo = "驻市监罚〔2026〕12号" };

        var result = Evaluate(original, original with { ProviderId = "credit-platform", SourceId = "FWD-1" });

        Assert.Equal(1, result.DataSources);
    }
}
