using System.ComponentModel;
using CreditSharing.Core.Health;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CreditSharing.Functions.Health;

public sealed class HealthFunctions(IHealthProbe probe)
{
    [Function(nameof(GetHealth))]
    [AllowAnonymous]
    [Description("Liveness and storage reachability: 200 when storage answers (with the poison-queue counts an operator must look at), 503 otherwise.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(HealthStatus))]
    public async Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await probe.CheckAsync(cancellationToken);
        return report.StorageReachable
            ? new OkObjectResult(new HealthStatus(report.PoisonTotal == 0 ? "ok" : "degraded", report.PoisonTotal, report.PoisonMessages!))
            : Problems.Status(StatusCodes.Status503ServiceUnavailable, "Storage is not answering.", "The service cannot reach its storage account.");
    }
}

/// <summary>"degraded" while any message waits in a poison queue: the service still serves, but some input was not processed.</summary>
public sealed record HealthStatus(string Status, int PoisonMessages, IReadOnlyDictionary<string, int> PoisonByQueue);
