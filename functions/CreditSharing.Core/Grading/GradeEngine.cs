using CreditSharing.Core.Commitments;
using CreditSharing.Core.Records;
using CreditSharing.Core.Rules;

namespace CreditSharing.Core.Grading;

/// <summary>
/// 公共信用综合评价: pure and deterministic. Score = base + Σ factor points (factor caps, then
/// group caps), clamped; band by score; then list effects: an active red entry adds points, a
/// watch entry caps the grade, a black entry forces it.
/// </summary>
public static class GradeEngine
{
    /// <remarks>
    /// Records are counted as decisions (<see cref="Decisions.Counting"/>): copies of one decision
    /// count once, and an <c>active</c> record ended by a later <c>cleared</c> one does not count.
    /// </remarks>
    /// <param name="commitments">The enterprise's 信用承诺; a breached one (<see cref="CommitmentBreaches"/>) is the factor <c>commitment-breach</c> (rules file <c>commitments</c>).</param>
    public static GradeResult Evaluate(IEnumerable<CreditRecord> records, IEnumerable<ListEntrySnapshot> entries, DateOnly asOf, CreditRules rules, IEnumerable<Commitment>? commitments = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(entries);
        records = records as IReadOnlyCollection<CreditRecord> ?? records.ToList();
        entries = entries as IReadOnlyCollection<ListEntrySnapshot> ?? entries.ToList();
        ArgumentNullException.ThrowIfNull(rules);
        var model = rules.Grading;
        var known = Decisions.Counting(records, asOf).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var factors = new List<GradeFactor>();
        var providers = new HashSet<string>(StringComparer.Ordinal);

        foreach (var rule in model.Factors)
        {
            var candidates = known
                .Where(r => r.Category == rule.Category && InWindow(r, rule, asOf, rules))
                .OrderByDescending(r => r.DecisionDate)
                .ThenBy(r => r.Id, StringComparer.Ordinal)
                .ToList();
            if (rule.LatestOnly)
            {
                candidates = candidates.Take(1).ToList();
            }

            var counted = candidates
                .Select(r => (Record: r, Points: PointsOf(r, rule)))
                .Where(x => x.Points is not null)
                .Take(rule.MaxCount ?? int.MaxValue)
                .ToList();
            if (counted.Count == 0)
            {
                continue;
            }

            var total = counted.Sum(x => x.Points!.Value);
            if (rule.Cap is { } cap)
            {
                total = cap < 0 ? Math.Max(total, cap) : Math.Min(total, cap);
            }

            factors.Add(new GradeFactor(rule.Rule, rule.Description, total, counted.Select(x => x.Record.Id).ToList()));
            providers.UnionWith(counted.Select(x => x.Record.ProviderId));
        }

        if (commitments is not null && rules.Commitments is { } commitmentRules)
        {
            var breaches = commitments
                .Select(c => (Commitment: c, By: CommitmentBreaches.Breach(c, known)))
                .Where(x => x.By is not null
                            && (commitmentRules.LookbackMonths is not { } months || !OutsideLookback(x.By.DecisionDate, asOf, months)))
                .OrderBy(x => x.Commitment.Id, StringComparer.Ordinal)
                .Take(commitmentRules.MaxCount ?? int.MaxValue)
                .ToList();
            if (breaches.Count > 0)
            {
                factors.Add(new GradeFactor("commitment-breach", "违背信用承诺: a commitment breached by a penalty decided while it ran", breaches.Count * commitmentRules.BreachPoints, breaches.Select(x => x.Commitment.Id).ToList()));
            }
        }

        foreach (var (group, cap) in model.GroupCaps.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = model.Factors.Where(f => f.Group == group).Select(f => f.Rule).ToHashSet(StringComparer.Ordinal);
            var sum = factors.Where(f => members.Contains(f.Rule)).Sum(f => f.Points);
            var adjustment = cap < 0 ? Math.Max(0, cap - sum) : Math.Min(0, cap - sum);
            if (adjustment != 0)
            {
                // Reported as its own factor so that the points still add up in the answer.
                factors.Add(new GradeFactor($"{group}-cap", $"{group} count at most {cap} points together", adjustment, []));
            }
        }

        var active = entries.Where(e => e.IsActiveOn(asOf)).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var red = active.Where(e => e.ListType == "red").ToList();
        var black = active.Any(e => e.ListType == "black");
        var watch = active.Any(e => e.ListType == "watch");
        if (red.Count > 0)
        {
            factors.Add(new GradeFactor("red-list", "守信激励: an active red-list entry", model.Lists.RedPoints, red.Select(e => e.Id).ToList()));
        }

        var score = Math.Clamp(model.BaseScore + factors.Sum(f => f.Points), model.MinScore, model.MaxScore);
        var grade = model.GradeOf(score);
        if (black)
        {
            grade = model.Lists.BlackGrade;
        }
        else if (watch && string.CompareOrdinal(grade, model.Lists.WatchCapGrade) < 0)
        {
            // Grades sort A < B < C < D, so "better than the cap" is "sorts before it".
            grade = model.Lists.WatchCapGrade;
        }

        var level = model.Supervision[grade];
        return new GradeResult(
            score,
            grade,
            factors,
            new ListStatus(red.Count > 0, black, watch, active.Select(e => e.Id).ToList()),
            new Supervision(level.SamplingRatio, level.Measures),
            asOf,
            rules.Version,
            providers.Count)
        {
            ReviewOn = GradeReview.NextChange(records, entries, asOf, rules),
        };
    }

    private static int? PointsOf(CreditRecord record, FactorRule rule)
    {
        var value = rule.Field switch
        {
            null => "*",
            "severity" => record.Severity,
            "rating" => record.Rating,
            "outcome" => record.Outcome,
            _ => null,
        };
        return value is not null && rule.Points.TryGetValue(value, out var points) ? points : null;
    }

    private static bool InWindow(CreditRecord record, FactorRule rule, DateOnly asOf, CreditRules rules)
    {
        if (rule.Window == "public" && !Disclosure.WindowOf(record, rules.Disclosure).IsPublicOn(asOf, record.DecisionDate))
        {
            return false;
        }

        return rule.LookbackMonths is not { } months || !OutsideLookback(record.DecisionDate, asOf, months);
    }

    /// <summary>A look-back of whole months: a record counts while its decision is after the same day <paramref name="months"/> earlier.</summary>
    internal static bool OutsideLookback(DateOnly decisionDate, DateOnly asOf, int months) => decisionDate <= asOf.AddMonths(-months);
}
