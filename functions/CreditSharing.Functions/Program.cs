using CreditSharing.Core.Trace;
using CreditSharing.Functions.Hosting;
using CreditSharing.Storage.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<HttpGateMiddleware>();

// The worker's own Kestrel (ASP.NET Core integration) would refuse bodies over 30,000,000 bytes; the
// host's limit is FUNCTIONS_REQUEST_BODY_SIZE_LIMIT (Bicep). Both are RequestLimits.MaxRequestBodyBytes.
builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = RequestLimits.MaxRequestBodyBytes);

// Queue triggers bind to the logical queue names, so the deployed app never uses a name prefix.
builder.Services.AddCreditSharing(builder.Configuration, StorageNames.Unprefixed);

// OpenTelemetry to Application Insights over managed identity, when its connection string is set.
builder.Services.AddCreditSharingTelemetry(builder.Configuration);

// Public URLs (scan, QR, EPCIS) never come from a request: without the setting the app refuses to start.
builder.Services.AddSingleton(TracePublicUrls.Configured(builder.Configuration[TracePublicUrls.Setting]));
builder.Build().Run();
