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

        // ceil(0.5 × 5) = 3: the first three of ByKey.
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

    [Theory]
    [InlineData(0.05, 20, 1)]
    [InlineData(0.05, 21, 2)]
    [InlineData(0.05, 1, 1)]
    [InlineData(0.2, 10, 2)]
    [InlineData(0.2, 11, 3)]
    [InlineData(0.6, 5, 3)]
    [InlineData(1.0, 7, 7)]
    [InlineData(0.0, 9, 0)]
    public void DrawsTheCeilingOfRatioTimesTheGradesPopulation(double ratio, int count, int drawn)
    {
        var selection = InspectionDraw.Select(Population("C", count), Seed, new Dictionary<string, decimal> { ["C"] = (decimal)ratio });

        Assert.Equal(drawn, selection.Count);
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
