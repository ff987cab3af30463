namespace CreditSharing.Core.Inspections;

/// <summary>Body of <c>POST /api/inspections/plans</c>; ratios default to the rules file's sampling ratios.</summary>
/// <param name="IndustryCode">A GB/T 4754-2017 code: the population is the enterprises whose code starts with it.</param>
public sealed record PlanRequest(string? County, string? Industry, string? Seed, IReadOnlyDictionary<string, decimal>? Ratios, string? IndustryCode = null);

public sealed record PlanSelection(string Uscc, string? Name, string Grade);

/// <summary>A 双随机 draw: who was drawn from which population, with the seed that lets anyone redo it.</summary>
public sealed record InspectionPlan(
    string PlanId,
    string Seed,
    IReadOnlyDictionary<string, decimal> Ratios,
    string? County,
    string? Industry,
    IReadOnlyDictionary<string, int> Population,
    IReadOnlyList<PlanSelection> Selected,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string RulesVersion,
    string? IndustryCode = null);

/// <summary>What the public sees of a plan (一公开): the seed, the ratios and who was drawn.</summary>
public sealed record PublicInspectionPlan(string PlanId, string Seed, IReadOnlyDictionary<string, decimal> Ratios, IReadOnlyList<PublicSelection> Selected, DateTimeOffset CreatedAt);

public sealed record PublicSelection(string Uscc, string? Name);

/// <summary>Where plans are kept (blob <c>published/inspection-plans/{id}.json</c>).</summary>
public interface IInspectionPlanStore
{
    Task SaveAsync(InspectionPlan plan, CancellationToken cancellationToken);

    Task<InspectionPlan?> GetAsync(string planId, CancellationToken cancellationToken);
}
