using System.ComponentModel;
using CreditSharing.Functions.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CreditSharing.Functions.OpenApi;

public sealed class OpenApiFunctions(OpenApiDocumentBuilder builder)
{
    [Function(nameof(GetOpenApiDocument))]
    [AllowAnonymous]
    [Description("This document: every HTTP function of the API.")]
    public IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenApi)] HttpRequest request)
        => new ContentResult { Content = builder.Json, ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
}
