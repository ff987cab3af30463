using System.ComponentModel;
using CreditSharing.Core.Audit;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CreditSharing.Functions.Audit;

/// <summary>The audit log, for the Auditor only; no route changes or deletes an entry.</summary>
public sealed class AuditFunctions(AuditTrail trail)
{
    [Function(nameof(GetAuditLog))]
    [Authorize(Roles = AppRoles.Auditor)]
    [Description("The audit log, newest first: who read a profile, non-public records or list entries, searched by legal representative, or changed a registry. Filters actor, uscc, from/to (city dates, at most 31 days, default the last 7), paged (pageSize ≤ 500).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(Page<AuditEntry>))]
    [ApiQuery("actor", typeof(string))]
    [ApiQuery("uscc", typeof(string), Pattern = ApiPatterns.Uscc)]
    [ApiQuery("from", typeof(DateOnly))]
    [ApiQuery("to", typeof(DateOnly))]
    [ApiQuery("pageSize", typeof(int), Minimum = 1, Maximum = ContinuationToken.MaxPageSize)]
    [ApiQuery("continuationToken", typeof(string), Description = ApiPatterns.ContinuationTokenDescription)]
    public async Task<IActionResult> GetAuditLog(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Audit)] HttpRequest request,
        CancellationToken cancellationToken)
        => Answers.From(await trail.QueryAsync(
            request.Query["actor"].FirstOrDefault(),
            request.Query["uscc"].FirstOrDefault(),
            request.Query["from"].FirstOrDefault(),
            request.Query["to"].FirstOrDefault(),
            request.Query["pageSize"].FirstOrDefault(),
            request.Query["continuationToken"].FirstOrDefault(),
            cancellationToken));
}
