using System.Security.Claims;

namespace CreditSharing.Functions.Auth;

/// <summary>Who is calling, as the token says. A provider's id comes from here, never from a body.</summary>
public sealed record Caller(string Id, IReadOnlySet<string> Roles, string? Uscc, string? BankId)
{
    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>The enterprise itself: role Enterprise and a <c>uscc</c> claim naming it.</summary>
    public bool IsEnterprise(string uscc)
        => IsIn(AppRoles.Enterprise) && Uscc is not null && string.Equals(Uscc, uscc.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>A regulator, or the enterprise itself.</summary>
    public bool IsRegulatorOrEnterprise(string uscc) => IsIn(AppRoles.Regulator) || IsEnterprise(uscc);

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
        return new Caller(id, roles, Claim(AppClaims.Uscc)?.ToUpperInvariant(), Claim(AppClaims.BankId));
    }
}
