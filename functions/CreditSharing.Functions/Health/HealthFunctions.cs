using System.ComponentModel;
using CreditSharing.Core.Health;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CreditSharing.Functions.Health;

public sealed class HealthFunctions(IHealthProbe probe)
{
    [Function(nameof(GetHealth))]
    [AllowAnonymous]
    [Description("Liveness and storage reachability: 200 when storage answers, 503 otherwise.")]
    public async Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request,
        CancellationToken cancellationToken)
        => await probe.IsHealthyAsync(cancellationToken)
            ? new OkObjectResult(new HealthStatus("ok"))
            : Problems.Status(StatusCodes.Status503ServiceUnavailable, "Storage is not answering.", "The service cannot reach its storage account.");
}

public sealed record HealthStatus(string Status);
