using CreditSharing.Core.Trace;
using CreditSharing.Functions.Hosting;
using CreditSharing.Storage.Infrastructure;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<HttpGateMiddleware>();

// Queue triggers bind to the logical queue names, so the deployed app never uses a name prefix.
builder.Services.AddCreditSharing(builder.Configuration, StorageNames.Unprefixed);

// OpenTelemetry to Application Insights over managed identity, when its connection string is set.
builder.Services.AddCreditSharingTelemetry(builder.Configuration);

// Public URLs (scan, QR, EPCIS) never come from a request: without the setting the app refuses to start.
builder.Services.AddSingleton(TracePublicUrls.Configured(builder.Configuration[TracePublicUrls.Setting]));
builder.Build().Run();
