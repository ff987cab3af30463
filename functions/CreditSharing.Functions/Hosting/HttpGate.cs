using System.Diagnostics;
using System.Reflection;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Hosting;

/// <summary>
/// What stands before and after every HTTP function in both hosts: the anonymous rate limit,
/// authorisation, and the mapping of an unhandled exception to a 500 problem that leaks nothing.
/// </summary>
public sealed class HttpGate(FunctionAuthorizer authorizer, AnonymousRateLimiter rateLimiter, ILogger<HttpGate> logger, CallerResolver callers)
{
    /// <summary>The problem to answer instead of running the function, or null to run it.</summary>
    public async Task<IActionResult?> AuthorizeAsync(HttpContext context, MethodInfo method)
    {
        if (authorizer.IsAnonymous(method) && rateLimiter.Check(context, method) is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests.", $"This address has made too many requests; try again in {seconds} s.");
        }

        var decision = await authorizer.AuthorizeAsync(context, method);
        if (decision is AccessDecision.Allowed && await callers.ResolveAsync(context, authorizer.PolicyOf(method), context.RequestAborted) is { } unresolved)
        {
            // Identities come from the registries (docs/identity.md): a role that resolves to nothing does not admit.
            decision = new AccessDecision.Forbidden(unresolved);
        }

        return decision switch
        {
            AccessDecision.Allowed => null,
            AccessDecision.Unauthenticated u => WithChallenge(context, Problems.Unauthorized(u.Reason)),
            AccessDecision.Forbidden f => Problems.Forbidden(f.Reason),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>
    /// An HTTP invocation of a function the catalogue does not know: its attributes cannot be read,
    /// so it is refused like a function without a policy (fail closed) rather than run ungated.
    /// </summary>
    public IActionResult Unknown(string functionName, string entryPoint)
    {
        logger.LogError("HTTP function {Function} ({EntryPoint}) is not in the function catalogue; refused", functionName, entryPoint);
        return Problems.Forbidden("This function declares no access policy this service can read, so it is closed.");
    }

    public IActionResult Failed(HttpContext context, string functionName, Exception exception)
    {
        var traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        logger.LogError(exception, "Function {Function} failed; trace {TraceId}", functionName, traceId);
        return Problems.InternalError(traceId);
    }

    public static Task WriteAsync(HttpContext context, IActionResult result)
        => result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));

    private static IActionResult WithChallenge(HttpContext context, IActionResult problem)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return problem;
    }
}
