using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace CreditSharing.Functions.Auth;

/// <summary>Who may call a function, read from its attributes.</summary>
public sealed record AccessPolicy(bool Anonymous, IReadOnlySet<string> Roles, bool Marked)
{
    public static readonly AccessPolicy Unmarked = new(false, new HashSet<string>(), false);

    public static AccessPolicy Of(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.GetCustomAttribute<AllowAnonymousAttribute>() is not null)
        {
            return new AccessPolicy(true, new HashSet<string>(), true);
        }

        var authorize = method.GetCustomAttributes<AuthorizeAttribute>().ToList();
        if (authorize.Count == 0)
        {
            return Unmarked;
        }

        var roles = authorize
            .SelectMany(a => (a.Roles ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
        return new AccessPolicy(false, roles, true);
    }
}

public abstract record AccessDecision
{
    public sealed record Allowed : AccessDecision;

    public sealed record Unauthenticated(string Reason) : AccessDecision;

    public sealed record Forbidden(string Reason) : AccessDecision;
}

/// <summary>
/// The one authorisation component of both hosts: authenticates the bearer token with the
/// configured scheme, then applies the function's attributes. A function with neither
/// <c>[Authorize]</c> nor <c>[AllowAnonymous]</c> is refused to everyone (fail closed).
/// </summary>
public sealed class FunctionAuthorizer
{
    private readonly ConcurrentDictionary<MethodInfo, AccessPolicy> policies = new();

    /// <summary>Whether the function is marked <c>[AllowAnonymous]</c> (read once per function).</summary>
    public bool IsAnonymous(MethodInfo method) => policies.GetOrAdd(method, AccessPolicy.Of).Anonymous;

    /// <summary>The function's access policy (read once per function).</summary>
    public AccessPolicy PolicyOf(MethodInfo method) => policies.GetOrAdd(method, AccessPolicy.Of);

    public async Task<AccessDecision> AuthorizeAsync(HttpContext context, MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(context);
        var policy = policies.GetOrAdd(method, AccessPolicy.Of);
        if (!policy.Marked)
        {
            return new AccessDecision.Forbidden("This function declares no access policy, so it is closed.");
        }

        var hasToken = context.Request.Headers.Authorization.Count > 0;
        if (policy.Anonymous && !hasToken)
        {
            return new AccessDecision.Allowed();
        }

        var result = await context.AuthenticateAsync(AuthenticationSetup.Scheme);
        if (result.Succeeded)
        {
            context.User = result.Principal;
        }
        else if (policy.Anonymous)
        {
            // A bad token on a public endpoint is ignored, not trusted: the caller stays anonymous.
            return new AccessDecision.Allowed();
        }
        else
        {
            return new AccessDecision.Unauthenticated(result.None || !hasToken ? "A bearer token is required." : ReasonOf(result.Failure));
        }

        if (policy.Anonymous || policy.Roles.Count == 0)
        {
            return new AccessDecision.Allowed();
        }

        var caller = Caller.From(context.User);
        return policy.Roles.Any(caller.IsIn)
            ? new AccessDecision.Allowed()
            : new AccessDecision.Forbidden($"This needs one of the roles: {string.Join(", ", policy.Roles.Order(StringComparer.Ordinal))}.");
    }

    private static string ReasonOf(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenInvalidAudienceException => "The token is for another audience.",
        SecurityTokenInvalidIssuerException => "The token is from an issuer this service does not trust.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        _ => "The token is not valid.",
    };
}
