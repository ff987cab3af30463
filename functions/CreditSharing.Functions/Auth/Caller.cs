using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace CreditSharing.Functions.Auth;

/// <summary>
/// Who is calling, once the token is validated and (issue 23) its identities are resolved from the
/// registries. A provider's id, a bank's id and an enterprise's USCCs come from here, never from a body.
/// </summary>
/// <param name="Id">The provider id for a DataProvider; otherwise the token's subject (or object id).</param>
/// <param name="Usccs">The enterprises an Enterprise caller acts for (empty for other roles).</param>
/// <param name="BankId">The bank a Bank caller acts for, or null.</param>
/// <param name="ObjectId">The token's <c>oid</c> (Entra object id of the user or service principal), or null.</param>
public sealed record Caller(string Id, IReadOnlySet<string> Roles, IReadOnlyList<string> Usccs, string? BankId, string? ObjectId = null)
{
    /// <summary>Where the gate leaves the resolved caller for the function.</summary>
    public const string ItemKey = "CreditSharing.Caller";

    /// <summary>The one enterprise an Enterprise caller acts for; null when it acts for none or several.</summary>
    public string? Uscc => Usccs.Count == 1 ? Usccs[0] : null;

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>The enterprise itself: role Enterprise and bound to (or, locally, claiming) <paramref name="uscc"/>.</summary>
    public bool IsEnterprise(string uscc)
        => IsIn(AppRoles.Enterprise) && Usccs.Contains(uscc.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>A regulator, or the enterprise itself.</summary>
    public bool IsRegulatorOrEnterprise(string uscc) => IsIn(AppRoles.Regulator) || IsEnterprise(uscc);

    /// <summary>The bank a Bank caller acts for, or null when the token names none that is well formed (callers answer 403 with <see cref="NoBankIdDetail"/>).</summary>
    public string? ValidBankId => Core.Loans.LoanService.IsBankId(BankId) ? BankId : null;

    public const string NoBankIdDetail = "The token carries no valid bankId claim.";

    /// <summary>The caller the gate resolved for this request, or (for a context the gate did not see) the token's own claims.</summary>
    public static Caller Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var resolved) && resolved is Caller caller ? caller : From(context.User);
    }

    /// <summary>The caller as the token alone says, before any registry is read.</summary>
    public static Caller From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        string? Claim(string type) => principal.FindFirst(type)?.Value;

        // azp (v2 tokens) or appid (v1) names the calling application of a department's daemon;
        // a user's token falls back to its subject.
        var id = Claim(AppClaims.AuthorizedParty) ?? Claim(AppClaims.AppId) ?? Claim(AppClaims.Subject)
                 ?? Claim(ClaimTypes.NameIdentifier) ?? "anonymous";
        var roles = principal.Claims
            .Where(c => c.Type is AppClaims.Roles or ClaimTypes.Role)
            .Select(c => c.Value)
            .ToHashSet(StringComparer.Ordinal);
        var uscc = Claim(AppClaims.Uscc)?.Trim().ToUpperInvariant();
        return new Caller(id, roles, uscc is { Length: > 0 } ? [uscc] : [], Claim(AppClaims.BankId), Claim(AppClaims.ObjectId));
    }
}
