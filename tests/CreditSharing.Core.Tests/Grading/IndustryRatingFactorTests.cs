using CreditSharing.Core.Grading;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Tests.Grading;

/// <summary>The <c>industry-rating</c> factor of the shipped rules (行业信用评价): points by level, the latest within 24 months.</summary>
public sealed class IndustryRatingFactorTests
{
    private const string Uscc = "91411702MA6ULN0X2U";

    private static readonly DateOnly AsOf = new(2026, 11, 26);

    private static CreditRecord Rating(string sourceId, DateOnly decided, string rating, string? scheme = null) => new(
        "zmd-association", sourceId, Uscc, RecordCategories.IndustryRating, "行业信用评价", null, decided, null, "驻马店市商贸流通行业协会",
        null, null, null, null, rating, null, null, "public", scheme);

    private static GradeResult Evaluate(params CreditRecord[] records) => GradeEngine.Evaluate(records, [], AsOf, CreditRules.Default);

    [Theory]
    [InlineData("AAA", null, 60)]
    [InlineData("AA", null, 40)]
    [InlineData("A", null, 20)]
    [InlineData("C", null, -60)]
    [InlineData("5A", "logistics-a-level", 60)]
    [InlineData("4A", "logistics-a-level", 40)]
    [InlineData("3A", "logistics-a-level", 20)]
    [InlineData("2A", "logistics-a-level", 10)]
    public void ScoresEachLevelAsTheRulesFileSays(string rating, string? scheme, int points)
    {
        var result = Evaluate(Rating("R-1", new DateOnly(2026, 3, 1), rating, scheme));

        var factor = Assert.Single(result.Factors);
        Assert.Equal(("industry-rating", points, "zmd-association~R-1"), (factor.Rule, factor.Points, Assert.Single(factor.RecordIds)));
        Assert.Equal(800 + points, result.Score);
    }

    [Theory]
    [InlineData("B", null)]
    [InlineData("1A", "logistics-a-level")]
    public void LeavesTheScoreAsItIsForANeutralLevel(string rating, string? scheme)
    {
        var result = Evaluate(Rating("R-1", new DateOnly(2026, 3, 1), rating, scheme));

        Assert.Equal(800, result.Score);
        Assert.Equal(0, result.Factors.Sum(f => f.Points));
    }

    [Fact]
    public void AnAaaRaisesTheScoreOfAnEnterpriseBySixty()
    {
        var before = Evaluate(Rating("R-0", new DateOnly(2026, 3, 1), "B"));
        var after = Evaluate(Rating("R-0", new DateOnly(2026, 3, 1), "B"), Rating("R-1", new DateOnly(2026, 4, 1), "AAA"));

        Assert.Equal(800, before.Score);
        Assert.Equal(860, after.Score);
    }

    [Fact]
    public void CountsOnlyTheLatestRatingWhateverItsScheme()
    {
        var result = Evaluate(
            Rating("R-old", new DateOnly(2025, 6, 1), "AAA"),
            Rating("R-new", new DateOnly(2026, 6, 1), "C"),
            Rating("R-mid", new DateOnly(2026, 1, 1), "5A", RecordCategories.LogisticsALevel));

        var factor = Assert.Single(result.Factors);
        Assert.Equal((-60, "zmd-association~R-new"), (factor.Points, Assert.Single(factor.RecordIds)));
    }

    [Fact]
    public void IgnoresARatingOlderThanTwentyFourMonths()
    {
        var result = Evaluate(Rating("R-1", AsOf.AddMonths(-24), "AAA"));

        Assert.Empty(result.Factors);
        Assert.Equal(800, result.Score);
    }

    [Fact]
    public void TheRulesFileScoresEveryLevelTheCategoryAllows()
    {
        var factor = CreditRules.Default.Grading.Factors.Single(f => f.Category == RecordCategories.IndustryRating);

        Assert.Equal(RecordCategories.All[RecordCategories.IndustryRating].AllowedValues.Order(StringComparer.Ordinal), factor.Points.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((RecordCategories.Rating, true, 24), (factor.Field, factor.LatestOnly, factor.LookbackMonths!.Value));
    }
}
