namespace CreditSharing.Core.Grading;

/// <summary>The grading model of the rules file (section <c>grading</c>).</summary>
public sealed record GradingRules(
    int BaseScore,
    int MinScore,
    int MaxScore,
    IReadOnlyList<GradeBand> Bands,
    IReadOnlyList<FactorRule> Factors,
    IReadOnlyDictionary<string, int> GroupCaps,
    ListEffects Lists,
    IReadOnlyDictionary<string, SupervisionLevel> Supervision)
{
    public static readonly IReadOnlyList<string> Grades = ["A", "B", "C", "D"];

    public string GradeOf(int score) => Bands.OrderByDescending(b => b.MinScore).First(b => score >= b.MinScore).Grade;

    internal void Validate()
    {
        if (Bands is null || Bands.Count == 0 || Bands.Min(b => b.MinScore) > MinScore)
        {
            throw new InvalidOperationException("Grade bands must cover every score from the minimum.");
        }

        if (Factors is null || Supervision is null || Lists is null || GroupCaps is null || Grades.Any(g => !Supervision.ContainsKey(g)))
        {
            throw new InvalidOperationException("The grading rules need factors, group caps, list effects and supervision for every grade.");
        }
    }
}

public sealed record GradeBand(string Grade, int MinScore);

/// <summary>
/// One factor: which records it counts (category, the value of <c>field</c>, or "*" for any), how
/// far back, how many, and the points each brings. A cap bounds the factor's total; a group cap
/// bounds several factors together.
/// </summary>
public sealed record FactorRule(
    string Rule,
    string Description,
    string Category,
    string? Field,
    IReadOnlyDictionary<string, int> Points,
    string? Window,
    int? LookbackMonths,
    bool LatestOnly,
    int? MaxCount,
    int? Cap,
    string? Group);

public sealed record ListEffects(int RedPoints, string WatchCapGrade, string BlackGrade);

public sealed record SupervisionLevel(decimal SamplingRatio, IReadOnlyList<string> Measures);
