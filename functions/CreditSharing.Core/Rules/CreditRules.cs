using System.Text.Json;
using CreditSharing.Core.Commitments;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Objections;
using CreditSharing.Core.RepairApplications;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Rules;

/// <summary>The versioned rules file (<c>Rules/rules.json</c>, shipped inside this assembly).</summary>
public sealed record CreditRules(string Version, DisclosureRules Disclosure, GradingRules Grading, ListRules Lists, LoanRules Loans, TraceRules Trace, ObjectionRules? Objections = null, RepairApplicationRules? RepairApplications = null, CommitmentRules? Commitments = null)
{
    private static readonly Lazy<CreditRules> Shipped = new(() =>
    {
        using var stream = typeof(CreditRules).Assembly.GetManifestResourceStream("CreditSharing.Core.Rules.rules.json")
                           ?? throw new InvalidOperationException("The rules file is not embedded.");
        return Parse(stream);
    });

    /// <summary>The rules shipped with this build.</summary>
    public static CreditRules Default => Shipped.Value;

    public static CreditRules Parse(Stream json)
    {
        var rules = JsonSerializer.Deserialize<CreditRules>(json, WireJson.Options)
                    ?? throw new InvalidOperationException("The rules file is empty.");
        if (string.IsNullOrWhiteSpace(rules.Version))
        {
            throw new InvalidOperationException("The rules file has no version.");
        }

        if (rules.Disclosure?.RuleSets is null)
        {
            throw new InvalidOperationException("The rules file has no disclosure rule sets.");
        }

        rules.Disclosure.Validate();
        if (rules.Grading is null)
        {
            throw new InvalidOperationException("The rules file has no grading model.");
        }

        rules.Grading.Validate();
        if (rules.Lists?.Black is null || rules.Lists.Red is null || rules.Lists.Watch is null)
        {
            throw new InvalidOperationException("The rules file needs list durations for red, black and watch.");
        }

        if (rules.Loans?.Products is null || rules.Loans.Products.Count == 0)
        {
            throw new InvalidOperationException("The rules file needs at least one loan product.");
        }

        if (rules.Objections is not { DueWorkingDays: > 0 })
        {
            throw new InvalidOperationException("The rules file needs objections.dueWorkingDays (a positive number of working days).");
        }

        // Optional (the shipped file has it; RepairApplicationService falls back to 10), but never zero or negative.
        if (rules.RepairApplications is { DueWorkingDays: <= 0 })
        {
            throw new InvalidOperationException("repairApplications.dueWorkingDays is a positive number of working days.");
        }

        if (rules.Commitments is { } commitments && (commitments.BreachPoints > 0 || commitments.PublicByDefault is null))
        {
            throw new InvalidOperationException("The rules file needs commitments.breachPoints zero or negative, and commitments.publicByDefault, when it has a commitments section.");
        }

        if (rules.Trace?.ColdChain is null)
        {
            throw new InvalidOperationException("The rules file needs cold-chain temperature ranges.");
        }

        rules.Trace.ColdChain.Validate();

        return rules;
    }
}

public sealed record DisclosureRules(IReadOnlyList<DisclosureRuleSet> RuleSets)
{
    /// <summary>The rule set in force on a decision date: the latest one that took effect on or before it.</summary>
    public DisclosureRuleSet InForceOn(DateOnly decisionDate)
        => RuleSets.Where(r => r.EffectiveFrom <= decisionDate).MaxBy(r => r.EffectiveFrom)
           ?? throw new InvalidOperationException($"No disclosure rules cover {decisionDate:yyyy-MM-dd}.");

    internal void Validate()
    {
        if (RuleSets.Count == 0 || RuleSets.Any(r => r is null) || RuleSets.Min(r => r.EffectiveFrom) != DateOnly.MinValue)
        {
            throw new InvalidOperationException("Disclosure rules must start with a rule set effective from 0001-01-01.");
        }

        foreach (var ruleSet in RuleSets)
        {
            if (ruleSet.Penalty is null || ruleSet.PublicMonths is null)
            {
                throw new InvalidOperationException($"Rule set '{ruleSet.Name}' needs penalty windows and publicMonths.");
            }

            foreach (var (severity, window) in ruleSet.Penalty)
            {
                if (window is null || window.MinMonths < 0 || (window.Published && (window.MaxMonths < 1 || window.MinMonths > window.MaxMonths)))
                {
                    throw new InvalidOperationException($"Rule set '{ruleSet.Name}': the {severity} penalty window must have 0 ≤ minMonths ≤ maxMonths and maxMonths ≥ 1.");
                }
            }
        }
    }
}

public sealed record DisclosureRuleSet(
    string Name,
    DateOnly EffectiveFrom,
    IReadOnlyDictionary<string, PenaltyWindow> Penalty,
    IReadOnlyDictionary<string, int> PublicMonths);

/// <summary>How long a penalty of one severity is public: at least <c>MinMonths</c> (then repair may end it), at most <c>MaxMonths</c>.</summary>
public sealed record PenaltyWindow(bool Published, int MinMonths, int MaxMonths);
