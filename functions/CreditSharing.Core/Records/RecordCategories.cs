namespace CreditSharing.Core.Records;

/// <summary>Which of <c>severity</c>, <c>rating</c>, <c>outcome</c> a category uses, and its allowed values.</summary>
/// <param name="AllowedValues">Every value the category's qualifier can hold (under any scheme).</param>
/// <param name="Schemes">
/// For a category rated under more than one published scheme: the values of each, by the record's <c>scheme</c>;
/// the empty key is the scheme of a record that names none. Null for a category that takes no <c>scheme</c>.
/// </param>
public sealed record CategorySpec(string Name, string? QualifierField, IReadOnlyList<string> AllowedValues, bool NeedsDocument, IReadOnlyDictionary<string, IReadOnlyList<string>>? Schemes = null);

/// <summary>The credit record categories of docs/records.md with their per-category field.</summary>
public static class RecordCategories
{
    public const string License = "license";
    public const string Penalty = "penalty";
    public const string TaxRating = "tax-rating";
    public const string SocialSecurityArrears = "social-security-arrears";
    public const string UtilityArrears = "utility-arrears";
    public const string CustomsCredit = "customs-credit";
    public const string TransportCredit = "transport-credit";
    public const string Commitment = "commitment";
    public const string Inspection = "inspection";
    public const string Complaint = "complaint";
    public const string Honour = "honour";
    public const string CourtDishonest = "court-dishonest";

    /// <summary>行业信用评价: an industry's credit evaluation of the enterprise (GB/T 39450 商贸流通企业信用评价, or an association's published AAA–C scheme; logistics A-levels under <see cref="LogisticsALevel"/>).</summary>
    public const string IndustryRating = "industry-rating";

    /// <summary>The <c>scheme</c> of an <see cref="IndustryRating"/> record that is a GB/T 19680 物流企业 A-level (5A … 1A).</summary>
    public const string LogisticsALevel = "logistics-a-level";

    public const string Severity = "severity";
    public const string Rating = "rating";
    public const string Outcome = "outcome";
    public const string Scheme = "scheme";

    /// <summary>三等五级 AAA, AA, A, B, C: the default scheme of <see cref="IndustryRating"/>.</summary>
    private static readonly string[] TradeCreditLevels = ["AAA", "AA", "A", "B", "C"];

    /// <summary>GB/T 19680-2013 物流企业分类与评估指标: 5A (highest) to 1A.</summary>
    private static readonly string[] LogisticsLevels = ["5A", "4A", "3A", "2A", "1A"];

    private static readonly string[] ActiveCleared = ["active", "cleared"];

    /// <summary>行政许可 and 行政处罚 are the 双公示 categories: they carry a decision document and legal basis.</summary>
    public static readonly IReadOnlyDictionary<string, CategorySpec> All = new[]
    {
        new CategorySpec(License, Outcome, ["granted", "revoked"], NeedsDocument: true),
        new CategorySpec(Penalty, Severity, ["minor", "general", "serious"], NeedsDocument: true),
        new CategorySpec(TaxRating, Rating, ["A", "B", "M", "C", "D"], NeedsDocument: false),
        new CategorySpec(SocialSecurityArrears, Outcome, ActiveCleared, NeedsDocument: false),
        new CategorySpec(UtilityArrears, Outcome, ActiveCleared, NeedsDocument: false),
        new CategorySpec(CustomsCredit, Rating, ["advanced-certified", "general", "dishonest"], NeedsDocument: false),
        new CategorySpec(TransportCredit, Rating, ["good", "average", "poor"], NeedsDocument: false),
        new CategorySpec(Commitment, Outcome, ["pending", "fulfilled", "breached"], NeedsDocument: false),
        new CategorySpec(Inspection, Outcome, ["passed", "failed"], NeedsDocument: false),
        new CategorySpec(Complaint, Outcome, ["verified", "unverified"], NeedsDocument: false),
        new CategorySpec(Honour, null, [], NeedsDocument: false),
        new CategorySpec(CourtDishonest, Outcome, ActiveCleared, NeedsDocument: false),
        new CategorySpec(
            IndustryRating, Rating, [.. TradeCreditLevels, .. LogisticsLevels], NeedsDocument: false,
            Schemes: new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [string.Empty] = TradeCreditLevels, [LogisticsALevel] = LogisticsLevels }),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static readonly IReadOnlyList<string> DisclosureTiers = ["public", "shared", "restricted"];
}
