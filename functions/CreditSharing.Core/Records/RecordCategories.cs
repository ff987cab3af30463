namespace CreditSharing.Core.Records;

/// <summary>Which of <c>severity</c>, <c>rating</c>, <c>outcome</c> a category uses, and its allowed values.</summary>
public sealed record CategorySpec(string Name, string? QualifierField, IReadOnlyList<string> AllowedValues, bool NeedsDocument);

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

    public const string Severity = "severity";
    public const string Rating = "rating";
    public const string Outcome = "outcome";

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
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static readonly IReadOnlyList<string> DisclosureTiers = ["public", "shared", "restricted"];
}
