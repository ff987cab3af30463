using System.ComponentModel;
using System.Text.Json.Serialization;
using CreditSharing.Core.Health;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CreditSharing.Functions.Health;

public sealed class HealthFunctions(HealthCache health)
{
    [Function(nameof(GetHealth))]
    [AllowAnonymous]
    [Description("Liveness and storage reachability, from a report at most 5 s old: 200 when storage answers, 503 otherwise. A signed-in caller also gets the poison-queue counts an operator must look at; rate-limited like every anonymous route.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(HealthStatus))]
    public async Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);
        if (!report.StorageReachable)
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Storage is not answering.", "The service cannot reach its storage account.");
        }

        var status = report.PoisonTotal == 0 ? "ok" : "degraded";

        // The gate has authenticated a bearer token when one was sent (an invalid one leaves the caller anonymous).
        return request.HttpContext.User.Identity?.IsAuthenticated == true
            ? new OkObjectResult(new HealthStatus(status, report.PoisonTotal, report.PoisonMessages!))
            : new OkObjectResult(new HealthStatus(status, null, null));
    }
}

/// <summary>
/// "degraded" while any message waits in a poison queue: the service still serves, but some input was
/// not processed. The counts are only given to signed-in callers (absent for anonymous ones).
/// </summary>
public sealed record HealthStatus(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PoisonMessages,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, int>? PoisonByQueue);
