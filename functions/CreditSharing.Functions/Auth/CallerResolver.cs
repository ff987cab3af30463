using System.Security.Claims;
using CreditSharing.Core.Identity;
using Microsoft.AspNetCore.Http;

namespace CreditSharing.Functions.Auth;

/// <summary>
/// The gate's second step (docs/identity.md): once a role-guarded or signed-in request is authenticated and
/// allowed, its identities are resolved from the registries and the resulting <see cref="Caller"/> is left in
/// <c>HttpContext.Items[Caller.ItemKey]</c>, where every function's <see cref="Caller.Of"/> finds it. Public
/// functions are not resolved (no registry read for them).
/// </summary>
public sealed class CallerResolver(IIdentityResolver resolver)
{
    /// <summary>Claim types under which Entra ID's <c>oid</c> and <c>scp</c> may arrive when inbound claims are mapped.</summary>
    private const string MappedObjectId = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private const string MappedScope = "http://schemas.microsoft.com/identity/claims/scope";

    /// <summary>Resolves the caller; a 403 detail when every role that would admit it resolved to nothing, else null.</summary>
    public async Task<string?> ResolveAsync(HttpContext context, AccessPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Anonymous || context.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var token = Read(context.User, out var roles);
        var resolved = await resolver.ResolveAsync(token, cancellationToken);
        var held = roles.ToHashSet(StringComparer.Ordinal);
        if (resolved.ProviderRefusal is not null)
        {
            held.Remove(AppRoles.DataProvider);
        }

        if (resolved.BankRefusal is not null)
        {
            held.Remove(AppRoles.Bank);
        }

        context.Items[Caller.ItemKey] = new Caller(resolved.Id, held, resolved.Usccs, resolved.BankId, token.ObjectId);
        if (policy.Roles.Count == 0 || policy.Roles.Any(held.Contains))
        {
            return null;
        }

        // The token's roles admitted it (the authorizer checked): a role that resolved to nothing was the one.
        return policy.Roles.Contains(AppRoles.DataProvider) ? resolved.ProviderRefusal ?? resolved.BankRefusal : resolved.BankRefusal ?? resolved.ProviderRefusal;
    }

    /// <summary>What the token says, in the resolver's terms.</summary>
    public static TokenIdentity Read(ClaimsPrincipal principal, out IReadOnlySet<string> roles)
    {
        ArgumentNullException.ThrowIfNull(principal);
        string? Claim(params string[] types) => types.Select(t => principal.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        roles = principal.Claims.Where(c => c.Type is AppClaims.Roles or ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var isUser = Claim(AppClaims.Scope, MappedScope) is not null || string.Equals(Claim(AppClaims.IdentityType), "user", StringComparison.OrdinalIgnoreCase);
        return new TokenIdentity(
            roles.Contains(AppRoles.DataProvider),
            roles.Contains(AppRoles.Bank),
            roles.Contains(AppRoles.Enterprise),
            Claim(AppClaims.Subject, ClaimTypes.NameIdentifier),
            Claim(AppClaims.ObjectId, MappedObjectId),
            Claim(AppClaims.AuthorizedParty, AppClaims.AppId),
            isUser,
            Claim(AppClaims.Uscc),
            Claim(AppClaims.BankId));
    }
}
