using System.ComponentModel;
using CreditSharing.Core.Providers;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Providers;

public sealed class ProviderFunctions(ProviderRegistry registry, ILogger<ProviderFunctions> logger)
{
    [Function(nameof(PutProvider))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Registers (201) or changes (200) a data provider: the record categories it may send, the list types it may decide, whether it keeps enterprise profiles. Every change is kept in its history.")]
    [ApiBody(typeof(ProviderInput))]
    [ApiResponse(StatusCodes.Status200OK, typeof(ProviderView))]
    [ApiResponse(StatusCodes.Status201Created, typeof(ProviderView))]
    public async Task<IActionResult> PutProvider(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Provider)] HttpRequest request,
        string providerId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ProviderInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        return Answers.From(await registry.PutAsync(providerId, body.Value, caller.Id, cancellationToken), receipt =>
        {
            logger.LogInformation("Provider {ProviderId} registered by {Regulator} at revision {Revision}", receipt.Provider.ProviderId, caller.Id, receipt.Provider.Revision);
            return receipt.Created
                ? new CreatedResult($"/{Routes.Providers}/{Uri.EscapeDataString(receipt.Provider.ProviderId)}", receipt.Provider)
                : new OkObjectResult(receipt.Provider);
        });
    }

    [Function(nameof(GetProvider))]
    [Authorize(Roles = $"{AppRoles.Regulator},{AppRoles.DataProvider}")]
    [Description("A provider's registry entry with its history (who changed it, when). A provider reads its own entry only (403 for another).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ProviderView))]
    public async Task<IActionResult> GetProvider(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Provider)] HttpRequest request,
        string providerId,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(request.HttpContext);
        return Answers.From(await registry.GetAsync(providerId, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken));
    }

    [Function(nameof(ListProviders))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Every registered provider with its rights (no history).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ProviderView[]))]
    public async Task<IActionResult> ListProviders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Providers)] HttpRequest request,
        CancellationToken cancellationToken)
        => new OkObjectResult(await registry.ListAsync(cancellationToken));
}
