using System.Security.Cryptography;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Inspections;

/// <summary>双随机、一公开: risk-based inspection plans drawn from the graded population.</summary>
public sealed class InspectionService(IGradeStore grades, GradeReviews reviews, IInspectionPlanStore plans, CreditRules rules, TimeProvider clock)
{
    public const int MaxSeedLength = 128;

    public async Task<(InspectionPlan? Plan, FieldErrors Errors)> CreateAsync(PlanRequest? request, string createdBy, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        request ??= new PlanRequest(null, null, null, null);
        var county = string.IsNullOrWhiteSpace(request.County) ? null : request.County.Trim();
        if (county is not null && county != GradeIndex.OtherCounty && Counties.NameOf(county) is null)
        {
            errors.Add("county", $"A county is one of {string.Join(", ", Counties.All.Keys)} or '{GradeIndex.OtherCounty}'.");
        }

        var seed = string.IsNullOrWhiteSpace(request.Seed) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : request.Seed.Trim();
        if (seed.Length > MaxSeedLength || seed.Any(char.IsControl))
        {
            errors.Add("seed", $"A seed is at most {MaxSeedLength} printable characters.");
        }

        var ratios = GradingRules.Grades.ToDictionary(g => g, g => rules.Grading.Supervision[g].SamplingRatio);
        foreach (var (grade, ratio) in request.Ratios ?? new Dictionary<string, decimal>())
        {
            if (!GradingRules.Grades.Contains(grade, StringComparer.Ordinal))
            {
                errors.Add($"ratios.{grade}", "Ratios are given per grade A, B, C, D.");
            }
            else if (ratio is < 0 or > 1)
            {
                errors.Add($"ratios.{grade}", "A ratio is from 0 to 1.");
            }
            else
            {
                ratios[grade] = ratio;
            }
        }

        // The industry filters the population and is published with the plan: the profile's own rules apply.
        var industry = string.IsNullOrWhiteSpace(request.Industry) ? null : request.Industry.Trim();
        if (industry is { Length: > Enterprises.EnterpriseValidator.MaxIndustryLength })
        {
            errors.Add("industry", $"An industry has at most {Enterprises.EnterpriseValidator.MaxIndustryLength} characters.");
        }

        PlainText.Check(industry, "industry", errors);
        if (!Enterprises.IndustryCodes.TryNormalize(request.IndustryCode, out var industryCode, out var industryCodeError))
        {
            errors.Add(Enterprises.IndustryCodes.Field, industryCodeError);
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        // The population's grades are today's: every grade past its review date is re-computed first.
        await reviews.CatchUpAsync(cancellationToken);
        var population = new List<GradeListItem>();
        string? token = null;
        do
        {
            var (items, next) = await grades.ListAsync(county, industry, industryCode, null, 1000, token, cancellationToken);
            population.AddRange(items);
            token = next;
        }
        while (token is not null);

        var plan = new InspectionPlan(
            Guid.NewGuid().ToString("N"),
            seed,
            ratios,
            county,
            industry,
            GradingRules.Grades.ToDictionary(g => g, g => population.Count(p => p.Grade == g)),
            [.. population.Select(p => new PlanMember(p.Uscc, p.Grade)).OrderBy(p => p.Grade, StringComparer.Ordinal).ThenBy(p => p.Uscc, StringComparer.Ordinal)],
            InspectionDraw.Rule,
            InspectionDraw.Select(population, seed, ratios),
            clock.GetUtcNow(),
            createdBy,
            rules.Version,
            industryCode);
        await plans.SaveAsync(plan, cancellationToken);
        return (plan, errors);
    }

    public async Task<QueryResult<InspectionPlan>> GetAsync(string planId, CancellationToken cancellationToken)
    {
        var plan = IsPlanId(planId) ? await plans.GetAsync(planId, cancellationToken) : null;
        return plan is null ? QueryResult<InspectionPlan>.NotFound($"No inspection plan {planId}.") : QueryResult<InspectionPlan>.Ok(plan);
    }

    public async Task<QueryResult<PublicInspectionPlan>> GetPublicAsync(string planId, CancellationToken cancellationToken)
    {
        var plan = IsPlanId(planId) ? await plans.GetAsync(planId, cancellationToken) : null;
        return plan is null
            ? QueryResult<PublicInspectionPlan>.NotFound($"No inspection plan {planId}.")
            : QueryResult<PublicInspectionPlan>.Ok(new PublicInspectionPlan(plan.PlanId, plan.Seed, plan.Ratios, plan.DrawRule, plan.Population, plan.Selected.Select(s => new PublicSelection(s.Uscc, s.Name)).ToList(), plan.CreatedAt));
    }

    private static bool IsPlanId(string planId) => planId.Length == 32 && planId.All(char.IsAsciiHexDigitLower);
}
