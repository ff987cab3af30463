using CreditSharing.Core.Grading;
using CreditSharing.Core.Inspections;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Tests.Inspections;

/// <summary><see cref="InspectionService"/>: a plan's ratios, population and draw.</summary>
public sealed class InspectionServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>1,000 A, 800 B, 300 C and 100 D enterprises: more than two pages of the index.</summary>
    private static List<GradeListItem> Population()
        => [.. new[] { ("A", 1000), ("B", 800), ("C", 300), ("D", 100) }
            .SelectMany(g => Enumerable.Range(0, g.Item2).Select(i => new GradeListItem($"U-{g.Item1}-{i:D4}", null, i % 2 == 0 ? "411702" : "411721", null, i % 3 == 0 ? "批发业" : "零售业", g.Item1, 700)))];

    private static (InspectionService Service, MemoryGradeIndex Index, MemoryInspectionPlanStore Plans) Create()
    {
        var index = new MemoryGradeIndex(Population());
        var plans = new MemoryInspectionPlanStore();
        return (new InspectionService(index, NoReviewsDue.Reviews(Now), plans, CreditRules.Default, new FixedTimeProvider(Now)), index, plans);
    }

    [Fact]
    public async Task TakesTheRatiosFromTheRulesAndDrawsTheirShareOfEachGrade()
    {
        var (service, index, plans) = Create();

        var (plan, errors) = await service.CreateAsync(new PlanRequest(null, null, "2026-Q2", null), "regulator-1", Ct);

        Assert.True(errors.IsEmpty);
        Assert.Equal(new Dictionary<string, decimal> { ["A"] = 0.05m, ["B"] = 0.2m, ["C"] = 0.6m, ["D"] = 1.0m }, plan!.Ratios);
        Assert.Equal(new Dictionary<string, int> { ["A"] = 1000, ["B"] = 800, ["C"] = 300, ["D"] = 100 }, plan.PopulationByGrade);
        Assert.Equal(InspectionDraw.Rule, plan.DrawRule);
        Assert.Equal([("A", 50), ("B", 160), ("C", 180), ("D", 100)], plan.Selected.GroupBy(s => s.Grade).Select(g => (g.Key, g.Count())));
        Assert.Equal(3, index.PagesRead);
        Assert.Same(plan, plans.Plans[plan.PlanId]);
        Assert.Equal(("2026-Q2", CreditRules.Default.Version, Now, "regulator-1"), (plan.Seed, plan.RulesVersion, plan.CreatedAt, plan.CreatedBy));
    }

    [Fact]
    public async Task DrawsWhatAnyoneRecomputesFromTheSeedAndThePopulation()
    {
        var (service, _, _) = Create();

        var (plan, _) = await service.CreateAsync(new PlanRequest("411721", "批发业", "公开种子", null), "regulator-1", Ct);

        var population = Population().Where(p => p.County == "411721" && p.Industry == "批发业").ToList();
        Assert.Equal(InspectionDraw.Select(population, "公开种子", plan!.Ratios), plan.Selected);
        Assert.Equal(population.Count, plan.PopulationByGrade.Values.Sum());
        Assert.Equal(
            population.Select(p => new PlanMember(p.Uscc, p.Grade)).OrderBy(p => p.Grade, StringComparer.Ordinal).ThenBy(p => p.Uscc, StringComparer.Ordinal),
            plan.Population!);
    }

    [Fact]
    public async Task PublishesThePopulationWithEachGradeSoThatTheDrawCanBeRedoneFromThePublicPlanAlone()
    {
        var (service, _, _) = Create();
        var (plan, _) = await service.CreateAsync(new PlanRequest("411702", null, "一公开", new Dictionary<string, decimal> { ["A"] = 0.013m }), "regulator-1", Ct);

        var published = (await service.GetPublicAsync(plan!.PlanId, Ct)).Value!;

        Assert.Equal(InspectionDraw.Rule, published.DrawRule);
        Assert.Equal(plan.Population, published.Population);
        var redone = InspectionDraw.Select(published.Population!.Select(m => new GradeListItem(m.Uscc, null, string.Empty, null, null, m.Grade, 0)), published.Seed, published.Ratios);
        Assert.Equal(redone.Select(s => s.Uscc), published.Selected.Select(s => s.Uscc));
        Assert.Equal(plan.Selected.Select(s => (s.Uscc, s.Name)), published.Selected.Select(s => (s.Uscc, s.Name)));
    }

    [Fact]
    public async Task DrawsFromTheEnterprisesWhoseIndustryCodeStartsWithTheRequestedCode()
    {
        var index = new MemoryGradeIndex([
            new GradeListItem("U-F51", null, "411702", null, null, "D", 500, "F51"),
            new GradeListItem("U-F52", null, "411702", null, null, "D", 500, "F52"),
            new GradeListItem("U-F", null, "411702", null, null, "D", 500, "F"),
            new GradeListItem("U-G59", null, "411702", null, null, "D", 500, "G59"),
            new GradeListItem("U-none", null, "411702", null, null, "D", 500),
        ]);
        var service = new InspectionService(index, NoReviewsDue.Reviews(Now), new MemoryInspectionPlanStore(), CreditRules.Default, new FixedTimeProvider(Now));

        var (plan, errors) = await service.CreateAsync(new PlanRequest(null, null, "s", null, IndustryCode: "f"), "regulator-1", Ct);

        Assert.True(errors.IsEmpty);
        Assert.Equal("F", plan!.IndustryCode);
        Assert.Equal(["U-F", "U-F51", "U-F52"], plan.Selected.Select(s => s.Uscc).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RejectsAnIndustryCodeOutsideTheTableNamingTheField()
    {
        var (service, _, plans) = Create();

        var (plan, errors) = await service.CreateAsync(new PlanRequest(null, null, "s", null, IndustryCode: "F99"), "regulator-1", Ct);

        Assert.Null(plan);
        Assert.Equal(["industryCode"], errors.ToDictionary().Keys);
        Assert.Empty(plans.Plans);
    }

    [Fact]
    public async Task ReplacesTheRatioOfAGradeTheRequestGives()
    {
        var (service, _, _) = Create();

        var (plan, _) = await service.CreateAsync(new PlanRequest(null, null, "s", new Dictionary<string, decimal> { ["A"] = 0.1m, ["D"] = 0m }), "regulator-1", Ct);

        Assert.Equal(new Dictionary<string, decimal> { ["A"] = 0.1m, ["B"] = 0.2m, ["C"] = 0.6m, ["D"] = 0m }, plan!.Ratios);
        Assert.Equal([("A", 100), ("B", 160), ("C", 180)], plan.Selected.GroupBy(s => s.Grade).Select(g => (g.Key, g.Count())));
    }

    [Fact]
    public async Task RejectsARatioOutsideZeroToOneAndAnUnknownGrade()
    {
        var (service, index, plans) = Create();

        var (plan, errors) = await service.CreateAsync(new PlanRequest("999999", null, "s", new Dictionary<string, decimal> { ["B"] = 1.5m, ["E"] = 0.1m }), "regulator-1", Ct);

        Assert.Null(plan);
        Assert.Equal(["county", "ratios.B", "ratios.E"], errors.ToDictionary().Keys);
        Assert.Equal(0, index.PagesRead);
        Assert.Empty(plans.Plans);
    }

    [Fact]
    public async Task DrawsASeedWhenTheRequestGivesNone()
    {
        var (service, _, _) = Create();

        var (first, _) = await service.CreateAsync(null, "regulator-1", Ct);
        var (second, _) = await service.CreateAsync(null, "regulator-1", Ct);

        Assert.Matches("^[0-9a-f]{32}$", first!.Seed);
        Assert.NotEqual(first.Seed, second!.Seed);
    }
}
