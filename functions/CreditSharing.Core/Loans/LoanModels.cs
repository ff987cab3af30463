namespace CreditSharing.Core.Loans;

/// <summary>Rules file section <c>loans</c>.</summary>
public sealed record LoanRules(int MaxConsentDays, IReadOnlyDictionary<string, LoanProduct> Products);

public sealed record LoanProduct(
    string Description,
    IReadOnlyList<string> Grades,
    IReadOnlyDictionary<string, ConditionalGrade> ConditionalGrades,
    IReadOnlyList<string> ExcludedTaxRatings,
    int SeriousPenaltyMonths,
    MinimumData? MinimumData = null);

/// <summary>
/// The least data a product lends on (no phantom credit): counting records from at least
/// <see cref="Sources"/> providers, and a record of each <see cref="Required"/> category within its months.
/// </summary>
public sealed record MinimumData(string? Description, int Sources, IReadOnlyList<RequiredRecord> Required);

public sealed record RequiredRecord(string Category, int WithinMonths);

/// <summary>A grade accepted only with positive records: <c>honour</c> and/or <c>commitment-fulfilled</c> within some months.</summary>
public sealed record ConditionalGrade(IReadOnlyList<string> AnyOf, int WithinMonths);

/// <summary>Body of <c>POST /api/enterprises/{uscc}/authorizations</c>.</summary>
public sealed record ConsentInput(string? BankId, string? Purpose, string? ExpiresOn);

/// <summary>An enterprise's consent (授权) for one bank to check its credit; revoked consents are kept.</summary>
public sealed record Consent(string Uscc, string BankId, string Purpose, DateOnly ExpiresOn, DateTimeOffset GrantedAt, string GrantedBy, DateTimeOffset? RevokedAt)
{
    public bool IsActiveOn(DateOnly day) => RevokedAt is null && day <= ExpiresOn;
}

/// <summary>Body of <c>POST /api/loans/eligibility</c>; the bank is the caller, never a field.</summary>
public sealed record EligibilityRequest(string? Uscc, string? Product);

public sealed record EligibilityCheck(string Rule, bool Passed, string Detail);

public sealed record EligibilitySummary(
    string? Name,
    string Grade,
    int Score,
    string? TaxRating,
    IReadOnlyList<string> ActiveLists,
    int PenaltiesLast12Months,
    LegalRepresentativeSummary? LegalRepresentative);

public sealed record LegalRepresentativeSummary(string Name, string IdNumber);

/// <param name="Disputed">The ids of the records and active list entries the answer relied on that carry an open objection (异议处理中); they still count until decided.</param>
/// <param name="Reason">Null when eligible; <c>insufficient-data</c> when the product's data minimum is not met; otherwise <c>checks-failed</c>.</param>
public sealed record EligibilityAnswer(
    string Uscc,
    string Product,
    bool Eligible,
    string? Reason,
    IReadOnlyList<EligibilityCheck> Checks,
    EligibilitySummary Summary,
    DateTimeOffset CheckedAt,
    string AuditId,
    IReadOnlyList<string>? Disputed = null);

/// <summary>One line of an enterprise's access log (查询留痕): who checked, when, what, with which outcome.</summary>
public sealed record AccessLogEntry(string AuditId, string BankId, string Product, string Outcome, DateTimeOffset At);

public interface IConsentStore
{
    Task SaveAsync(Consent consent, CancellationToken cancellationToken);

    Task<Consent?> GetAsync(string uscc, string bankId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Consent>> ListAsync(string uscc, CancellationToken cancellationToken);
}

public interface IAccessLog
{
    Task AppendAsync(string uscc, AccessLogEntry entry, CancellationToken cancellationToken);

    /// <summary>Appends many lines (of many enterprises) at once: batched per partition where the layout allows.</summary>
    Task AppendManyAsync(IReadOnlyList<(string Uscc, AccessLogEntry Entry)> lines, CancellationToken cancellationToken);

    Task<(IReadOnlyList<AccessLogEntry> Items, string? ContinuationToken)> PageAsync(string uscc, int pageSize, string? continuationToken, CancellationToken cancellationToken);
}
