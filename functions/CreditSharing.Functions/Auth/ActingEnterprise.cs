using CreditSharing.Core.Shared;
using CreditSharing.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CreditSharing.Functions.Auth;

/// <summary>
/// The enterprise an Enterprise caller acts for on a route that names none (docs/identity.md, "several
/// enterprises"): its only one, or the one it names with <c>?uscc=</c>, checked against its bindings. An
/// account bound to several enterprises that names none gets 400; naming one it is not bound to, 403. Never
/// a silent pick.
/// </summary>
public static class ActingEnterprise
{
    public const string QueryParameter = "uscc";

    /// <summary>The enterprise, or null for a caller without role Enterprise (or bound to none); or the problem to answer.</summary>
    public static (string? Uscc, IActionResult? Problem) Of(Caller caller, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!caller.IsIn(AppRoles.Enterprise))
        {
            return (null, null);
        }

        var named = request.Query[QueryParameter].ToString().Trim().ToUpperInvariant();
        if (named.Length > 0)
        {
            return caller.IsEnterprise(named)
                ? (named, null)
                : (null, Problems.Forbidden($"This account does not act for {FieldErrors.Echo(named)}: it acts for {Named(caller)}."));
        }

        return caller.Usccs.Count > 1
            ? (null, Problems.Validation(FieldErrors.Of(QueryParameter, $"This account acts for {caller.Usccs.Count} enterprises ({Named(caller)}): name the one this request is for with ?uscc=.")))
            : (caller.Uscc, null);
    }

    private static string Named(Caller caller) => caller.Usccs.Count == 0 ? "none" : string.Join(", ", caller.Usccs);
}
