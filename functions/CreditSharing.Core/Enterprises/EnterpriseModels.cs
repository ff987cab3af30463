using System.Text.Json.Serialization;

namespace CreditSharing.Core.Enterprises;

/// <summary>An enterprise profile as a client sends it: every field raw, so each error can name its field.</summary>
/// <param name="IndustryCode">A GB/T 4754-2017 code (<see cref="IndustryCodes"/>); <c>Industry</c> stays a free-text label.</param>
public sealed record EnterpriseInput(
    string? Uscc,
    string? Name,
    LegalRepresentativeInput? LegalRepresentative,
    string? Industry,
    string? County,
    string? RegisteredOn,
    string? IndustryCode = null);

public sealed record LegalRepresentativeInput(string? Name, string? IdNumber);

/// <summary>A validated profile: USCC upper-cased and checked, county known, ID number checked.</summary>
/// <param name="IndustryCode">GB/T 4754-2017, upper-cased and in the table. Left out of the JSON when absent, so the content hash of a profile without one is what it was before the field existed.</param>
public sealed record EnterpriseProfile(
    string Uscc,
    string Name,
    LegalRepresentative? LegalRepresentative,
    string? Industry,
    string? County,
    DateOnly? RegisteredOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IndustryCode = null);

public sealed record LegalRepresentative(string Name, string IdNumber);

/// <summary>A stored profile with its bookkeeping.</summary>
/// <param name="SubmittedAt">When the stored profile was submitted (a PUT's request time, a batch's submission time); null on rows from before it was kept, which count from <paramref name="UpdatedAt"/>.</param>
/// <param name="FormerNames">曾用名: the names the enterprise had before, most recent first (kept on each rename; empty on rows from before they were kept).</param>
public sealed record StoredEnterprise(EnterpriseProfile Profile, DateTimeOffset UpdatedAt, string UpdatedBy, DateTimeOffset? SubmittedAt = null, IReadOnlyList<string>? FormerNames = null)
{
    public IReadOnlyList<string> Former => FormerNames ?? [];

    public DateTimeOffset ContentSubmittedAt => SubmittedAt ?? UpdatedAt;
}

/// <summary>What regulators read: the ID number masked (first 6 and last 4 characters).</summary>
public sealed record EnterpriseView(
    string Uscc,
    string Name,
    LegalRepresentativeView? LegalRepresentative,
    string? Industry,
    string? County,
    string? CountyName,
    DateOnly? RegisteredOn,
    DateTimeOffset UpdatedAt,
    string? IndustryCode = null,
    string? IndustryName = null,
    IReadOnlyList<string>? FormerNames = null);

public sealed record LegalRepresentativeView(string Name, string IdNumber);

/// <summary>The queue message of <c>enterprise-registrations</c>: accepted profiles of one submission.</summary>
public sealed record EnterpriseRegistrationMessage(string SubmissionId, string ProviderId, DateTimeOffset SubmittedAt, IReadOnlyList<EnterpriseProfile> Profiles);

public enum SaveOutcome
{
    Created,
    Updated,
    Unchanged,

    /// <summary>Not written: the stored profile was submitted later than this one.</summary>
    Stale,
}
