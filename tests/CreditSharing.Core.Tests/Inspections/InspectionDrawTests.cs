using CreditSharing.Core.Grading;
using CreditSharing.Core.Inspections;

namespace CreditSharing.Core.Tests.Inspections;

public sealed class InspectionDrawTests
{
    private const string Seed = "双随机-2026-06";

    /// <summary>
    /// SHA-256 of "双随机-2026-06:{uscc}" for five enterprises, lowest first, each recomputable with
    /// <c>printf %s "双随机-2026-06:91411722MAP5C64K8Q" | sha256sum</c>.
    /// </summary>
    private static readonly (string Uscc, string Key)[] ByKey =
    [
        ("91411722MAP5C64K8Q", "68156a98c2926cfae561abc0936da9de3ed61ec41a625a8560f10707d5ef64e6"),
        ("91411729MAU4W56P62", "828d0245c89f34fed9c21a7de3d80b2f61d5d6ee347adf1aa724b7363c4abe9b"),
        ("91411721MA95XDFT69", "a785689812ee72771a6eb79f1077b7cd3fdaf4f1d70ff1cc930656f08a5ea0e1"),
        ("91411727MAB7J7KH22", "ace11c47f95d9b745af5629f1575dfd99d05fb616d678882d51d9cf7f960de40"),
        ("91411702MA6ULN0X2U", "b812d8a5b47717597d00a44b87b49c8ff58a325c1a4a3c35c14f7a89b1202ec3"),
    ];

    private static readonly string[] Usccs = ["91411702MA6ULN0X2U", "91411721MA95XDFT69", "91411722MAP5C64K8Q", "91411727MAB7J7KH22", "91411729MAU4W56P62"];

    private static GradeListItem Item(string uscc, string grade) => new(uscc, $"企业{uscc[^4..]}", "411702", "驿城区", null, grade, 800);

    private static List<GradeListItem> Population(string grade, int count)
        => [.. Enumerable.Range(0, count).Select(i => Item($"UNIT-{grade}-{i:D4}", grade))];

    [Fact]
    public void KeyIsTheLowerHexSha256OfSeedColonUscc()
    {
        Assert.All(ByKey, x => Assert.Equal(x.Key, InspectionDraw.Key(Seed, x.Uscc)));
    }

    [Fact]
    public void DrawsTheEnterprisesWithTheLowestKeysAsComputedByHand()
    {
        var drawn = InspectionDraw.Select(Usccs.Select(u => Item(u, "B")), Seed, new Dictionary<string, decimal> { ["B"] = 0.5m });

        // 0.5 × 5 = 2.5: k = 2, and u of "双随机-2026-06:B" is 0x1f8f7e4fc5dec7c0 / 2^64 ≈ 0.1233 < 0.5, so 3: the first three of ByKey.
        Assert.Equal(["91411722MAP5C64K8Q", "91411729MAU4W56P62", "91411721MA95XDFT69"], drawn.Select(s => s.Uscc));
        Assert.Equal(new PlanSelection("91411722MAP5C64K8Q", "企业4K8Q", "B"), drawn[0]);
    }

    [Fact]
    public void DrawsTheSameEnterprisesForTheSameSeedWhateverTheOrderOfThePopulation()
    {
        var ratios = new Dictionary<string, decimal> { ["B"] = 0.4m };

        var forward = InspectionDraw.Select(Usccs.Select(u => Item(u, "B")), Seed, ratios);
        var backward = InspectionDraw.Select(Usccs.Reverse().Select(u => Item(u, "B")), Seed, ratios);

        Assert.Equal(forward, backward);
        Assert.Equal(["91411722MAP5C64K8Q", "91411729MAU4W56P62"], forward.Select(s => s.Uscc));
    }

    [Fact]
    public void DrawsOtherEnterprisesForAnotherSeed()
    {
        // SHA-256 of "seed-2:{uscc}" starts 2d5d… for …0X2U and 40cf… for …DFT69, the two lowest.
        var drawn = InspectionDraw.Select(Usccs.Select(u => Item(u, "B")), "seed-2", new Dictionary<string, decimal> { ["B"] = 0.4m });

        Assert.Equal(["91411702MA6ULN0X2U", "91411721MA95XDFT69"], drawn.Select(s => s.Uscc));
    }

    [Fact]
    public void UIsTheFirstEightBytesOfSha256OfSeedColonGradeBigEndian()
    {
        // printf %s "双随机-2026-06:A" | sha256sum | cut -c1-16 → 597001347088f8f9 (u ≈ 0.3494)
        // printf %s "双随机-2026-06:C" | sha256sum | cut -c1-16 → f21bd142e4b6f878 (u ≈ 0.9457)
        Assert.Equal(0x597001347088f8f9UL, InspectionDraw.GradeDraw(Seed, "A"));
        Assert.Equal(0xf21bd142e4b6f878UL, InspectionDraw.GradeDraw(Seed, "C"));
        Assert.Equal(0x149d69ac85c01595UL, InspectionDraw.GradeDraw("县抽查-1", "A"));
    }

    /// <summary>Grade C of <see cref="Seed"/> has u ≈ 0.9457: only a fraction above it adds one.</summary>
    [Theory]
    [InlineData(0.05, 20, 1)]
    [InlineData(0.05, 21, 1)]
    [InlineData(0.05, 1, 0)]
    [InlineData(0.2, 10, 2)]
    [InlineData(0.2, 11, 2)]
    [InlineData(0.6, 5, 3)]
    [InlineData(0.99, 1, 1)]
    [InlineData(0.19, 5, 1)]
    [InlineData(1.0, 7, 7)]
    [InlineData(0.0, 9, 0)]
    public void DrawsTheFloorOfRatioTimesTheGroupAndOneMoreWhenUIsBelowTheFraction(double ratio, int count, int drawn)
    {
        var selection = InspectionDraw.Select(Population("C", count), Seed, new Dictionary<string, decimal> { ["C"] = (decimal)ratio });

        Assert.Equal(drawn, selection.Count);
    }

    private static readonly string[] ThreeAGradeFirms = ["91411702MA6ULN0X2U", "91411721MA95XDFT69", "91411722MAP5C64K8Q"];

    [Fact]
    public void InspectsOneOfACountysThreeAGradeFirmsAt5PercentWhenUIsBelowFifteenHundredths()
    {
        // 0.05 × 3 = 0.15, k = 0. printf %s "县抽查-1:A" | sha256sum → 149d69ac85c01595…: u ≈ 0.0805 < 0.15, so one.
        // The lowest of printf %s "县抽查-1:{uscc}" | sha256sum is 1dd132be… for …C64K8Q (…0X2U 216097…, …DFT69 892fb3…).
        var drawn = InspectionDraw.Select(ThreeAGradeFirms.Select(u => Item(u, "A")), "县抽查-1", new Dictionary<string, decimal> { ["A"] = 0.05m });

        Assert.Equal(["91411722MAP5C64K8Q"], drawn.Select(s => s.Uscc));
    }

    [Fact]
    public void InspectsNoneOfACountysThreeAGradeFirmsAt5PercentWhenUIsAboveFifteenHundredths()
    {
        // printf %s "县抽查-2:A" | sha256sum → 394969a4562bbfe8…: u ≈ 0.2238 ≥ 0.15, so none (the old ceiling drew one: 33 %).
        var drawn = InspectionDraw.Select(ThreeAGradeFirms.Select(u => Item(u, "A")), "县抽查-2", new Dictionary<string, decimal> { ["A"] = 0.05m });

        Assert.Empty(drawn);
    }

    [Fact]
    public void InspectsRatioTimesTheGroupOnAverageOverManySeeds()
    {
        var firms = ThreeAGradeFirms.Select(u => Item(u, "A")).ToList();
        var ratios = new Dictionary<string, decimal> { ["A"] = 0.05m };

        var counts = Enumerable.Range(0, 2000).Select(i => InspectionDraw.Select(firms, $"季度-{i}", ratios).Count).ToList();

        Assert.All(counts, c => Assert.InRange(c, 0, 1));
        Assert.InRange(counts.Average(), 0.12, 0.18);
    }

    [Theory]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFUL, 1)]
    [InlineData(0x8000_0000_0000_0000UL, 0)]
    public void ComparesUWithTheFractionExactly(ulong u, int drawn)
    {
        // 0.5 × 1 = 0.5 exactly: u = 2^63 / 2^64 is 0.5, not below it.
        Assert.Equal(drawn, InspectionDraw.Count(0.5m, 1, u));
    }

    [Fact]
    public void KeepsEveryDigitOfARatioTimesALargeGroup()
    {
        // 0.1234567890123456789012345678 × 10,000 = 1234.567890123456789012345678: beyond decimal's 96-bit mantissa, exact here.
        const decimal ratio = 0.1234567890123456789012345678m;

        Assert.Equal(1235, InspectionDraw.Count(ratio, 10_000, 0));
        Assert.Equal(1234, InspectionDraw.Count(ratio, 10_000, ulong.MaxValue));
        Assert.Equal(1235, InspectionDraw.Count(ratio, 10_000, (ulong)(0.5678901234 * Math.Pow(2, 64))));
        Assert.Equal(1234, InspectionDraw.Count(ratio, 10_000, (ulong)(0.5678901235 * Math.Pow(2, 64))));
    }

    [Fact]
    public void DrawsEachGradeByItsOwnRatioAndListsGradesInOrder()
    {
        var population = Population("D", 3).Concat(Population("A", 40)).Concat(Population("B", 10)).Concat(Population("C", 5)).ToList();
        var ratios = new Dictionary<string, decimal> { ["A"] = 0.05m, ["B"] = 0.2m, ["C"] = 0.6m, ["D"] = 1.0m };

        var selection = InspectionDraw.Select(population, Seed, ratios);

        Assert.Equal(
            [("A", 2), ("B", 2), ("C", 3), ("D", 3)],
            selection.GroupBy(s => s.Grade).Select(g => (g.Key, g.Count())));
        Assert.Equal(selection.Select(s => s.Grade).Order(StringComparer.Ordinal), selection.Select(s => s.Grade));
    }

    [Fact]
    public void OrdersWithinAGradeByKey()
    {
        var selection = InspectionDraw.Select(Population("A", 30), Seed, new Dictionary<string, decimal> { ["A"] = 1.0m });

        var keys = selection.Select(s => InspectionDraw.Key(Seed, s.Uscc)).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public void DrawsNobodyFromAGradeWithoutARatio()
    {
        var selection = InspectionDraw.Select(Population("A", 4).Concat(Population("B", 4)), Seed, new Dictionary<string, decimal> { ["B"] = 0.5m });

        Assert.Equal(["B", "B"], selection.Select(s => s.Grade));
    }
}
