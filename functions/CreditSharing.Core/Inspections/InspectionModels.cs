namespace CreditSharing.Core.Inspections;

/// <summary>Body of <c>POST /api/inspections/plans</c>; ratios default to the rules file's sampling ratios.</summary>
/// <param name="IndustryCode">A GB/T 4754-2017 code: the population is the enterprises whose code starts with it.</param>
public sealed record PlanRequest(string? County, string? Industry, string? Seed, IReadOnlyDictionary<string, decimal>? Ratios, string? IndustryCode = null);

public sealed record PlanSelection(string Uscc, string? Name, string Grade);

/// <summary>One enterprise of the population a plan was drawn from, with its grade at draw time.</summary>
public sealed record PlanMember(string Uscc, string Grade);

/// <summary>
/// A 双随机 draw: who was drawn from which population, with the seed that lets anyone redo it.
/// <c>Population</c> lists every enterprise drawn from (grade, then USCC order); it is null for plans
/// drawn before it was kept (issue 20), whose <c>DrawRule</c> is <see cref="InspectionDraw.LegacyRule"/>.
/// </summary>
public sealed record InspectionPlan(
    string PlanId,
    string Seed,
    IReadOnlyDictionary<string, decimal> Ratios,
    string? County,
    string? Industry,
    IReadOnlyDictionary<string, int> PopulationByGrade,
    IReadOnlyList<PlanMember>? Population,
    string DrawRule,
    IReadOnlyList<PlanSelection> Selected,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string RulesVersion,
    string? IndustryCode = null);

/// <summary>
/// What the public sees of a plan (一公开): the seed, the ratios, the population with each grade at
/// draw time (null for plans drawn before it was kept) and who was drawn: enough to redo the draw.
/// USCCs, names and grades are public information (信用驻马店 公示); nothing personal is here.
/// </summary>
public sealed record PublicInspectionPlan(
    string PlanId,
    string Seed,
    IReadOnlyDictionary<string, decimal> Ratios,
    string DrawRule,
    IReadOnlyList<PlanMember>? Population,
    IReadOnlyList<PublicSelection> Selected,
    DateTimeOffset CreatedAt);

public sealed record PublicSelection(string Uscc, string? Name);

/// <summary>Where plans are kept (blob <c>published/inspection-plans/{id}.json</c>).</summary>
public interface IInspectionPlanStore
{
    Task SaveAsync(InspectionPlan plan, CancellationToken cancellationToken);

    Task<InspectionPlan?> GetAsync(string planId, CancellationToken cancellationToken);
}
