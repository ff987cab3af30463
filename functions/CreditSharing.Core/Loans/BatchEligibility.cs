using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Loans;

/// <summary>Body of <c>POST /api/loans/eligibility/batch</c>; the bank is the caller, never a field.</summary>
public sealed record BatchEligibilityRequest(string? Product, IReadOnlyList<string?>? Usccs);

/// <summary>
/// One enterprise's line of a batch answer. <c>status</c> is <c>eligible</c>, <c>ineligible</c> (with the
/// full <see cref="EligibilityAnswer"/> of the single check), <c>no-consent</c> (no active consent for the
/// calling bank; logged as refused) or <c>unknown-enterprise</c> (no profile and no consent; nothing to log).
/// </summary>
public sealed record BatchEligibilityItem(string Uscc, string Status, EligibilityAnswer? Result, string? AuditId);

/// <param name="Requested">How many USCCs the request named.</param>
/// <param name="Checked">How many distinct enterprises were answered (duplicates are answered once).</param>
public sealed record BatchEligibilityAnswer(string Product, int Requested, int Checked, IReadOnlyList<BatchEligibilityItem> Items, DateTimeOffset CheckedAt);

/// <summary>The request checks of a batch eligibility call, before anything is read.</summary>
public static class BatchEligibility
{
    public const int MaxItems = 1000;

    /// <summary>How many enterprises are read at once (each check is about five point reads and queries).</summary>
    public const int Concurrency = 16;

    public const string NoConsent = "no-consent";

    public const string UnknownEnterprise = "unknown-enterprise";

    /// <summary>
    /// Validates the request. Over <see cref="MaxItems"/> is <see cref="Validated.TooMany"/> (413); an invalid
    /// USCC is named by its index (<c>usccs[3]</c>); duplicates (after normalising) collapse to their first
    /// occurrence, in request order.
    /// </summary>
    public static Validated Validate(BatchEligibilityRequest? request, IReadOnlyDictionary<string, LoanProduct> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        if (request?.Usccs is { Count: > MaxItems } tooMany)
        {
            return new Validated(null, null, 0, null, tooMany.Count);
        }

        var errors = new FieldErrors();
        var productName = string.IsNullOrWhiteSpace(request?.Product) ? "standard" : request.Product.Trim();
        if (!products.ContainsKey(productName))
        {
            errors.Add("product", $"Unknown product {FieldErrors.Echo(productName)}. Products are {string.Join(", ", products.Keys)}.");
        }

        var distinct = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (request?.Usccs is not { Count: > 0 } usccs)
        {
            errors.Add("usccs", $"usccs is a list of 1 to {MaxItems} unified social credit codes.");
            return new Validated(null, null, 0, errors, null);
        }

        for (var i = 0; i < usccs.Count; i++)
        {
            if (!Uscc.TryParse(usccs[i], out var uscc, out var error))
            {
                errors.Add($"usccs[{i}]", error);
            }
            else if (seen.Add(uscc.Value))
            {
                distinct.Add(uscc.Value);
            }
        }

        return errors.IsEmpty
            ? new Validated(productName, distinct, usccs.Count, null, null)
            : new Validated(null, null, usccs.Count, errors, null);
    }

    public sealed record Validated(string? Product, IReadOnlyList<string>? Usccs, int Requested, FieldErrors? Errors, int? TooMany);
}
