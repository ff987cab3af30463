using CreditSharing.Core.Audit;
using CreditSharing.Functions.Auth;
using Microsoft.AspNetCore.Http;

namespace CreditSharing.Functions.Audit;

/// <summary>
/// What a function hands <see cref="AuditTrail"/> for a read that is audited when a Regulator makes it
/// (docs/audit.md): the resolved caller, the action, the enterprise or target, and the optional
/// <c>reason</c> query parameter. Null for any other caller: their reads are not audited.
/// </summary>
public static class AuditedReads
{
    public const string ReasonParameter = "reason";

    public static AuditedRead? ByRegulator(HttpRequest request, string action, string? uscc, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = Caller.Of(request.HttpContext);
        return caller.IsIn(AppRoles.Regulator)
            ? new AuditedRead(caller.Id, AppRoles.Regulator, action, uscc, target, request.Query[ReasonParameter].FirstOrDefault())
            : null;
    }
}
