using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CreditSharing.Functions.Hosting;

/// <summary>
/// OpenTelemetry in the worker, exported to Azure Monitor (Application Insights) with an Entra token
/// of the app's managed identity (the resource has local authentication off): the worker's
/// invocations, the Azure SDK's storage calls (its <c>Azure.*</c> activity sources) and the app's own
/// meter (<see cref="CreditSharingMetrics"/>). Only when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
/// is set: the DevHost and the tests run without it and register nothing.
/// </summary>
public static class CreditSharingTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The Azure SDK's activity sources (Azure.Data.Tables.*, Azure.Storage.*, the Key Vault calls).</summary>
    public const string AzureSdkSources = "Azure.*";

    /// <returns>Whether telemetry was registered.</returns>
    public static bool AddCreditSharingTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        // The Azure SDK creates its activities only with this switch on (the Azure Monitor distro sets it too).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var clientId = configuration["Storage:ClientId"] ?? configuration["AzureWebJobsStorage:clientId"];
        TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        services.AddHostedService<Health.PoisonQueueSampler>();
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(AzureSdkSources))
            .WithMetrics(metrics => metrics.AddMeter(CreditSharingMetrics.MeterName))
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
            });
        return true;
    }
}

/// <summary>
/// The app's own instruments (meter <c>CreditSharing</c>). <c>creditsharing.queue.poison_messages</c>:
/// messages waiting in each poison queue (tag <c>queue</c>), measured every 5 minutes by
/// <c>PoisonQueueSampler</c>; the poison-queue alert in Bicep reads it from <c>customMetrics</c>.
/// </summary>
public sealed class CreditSharingMetrics : IDisposable
{
    public const string MeterName = "CreditSharing";
    public const string PoisonMessages = "creditsharing.queue.poison_messages";

    private readonly Meter meter = new(MeterName);

    public CreditSharingMetrics() => PoisonGauge = meter.CreateGauge<long>(PoisonMessages, "{message}", "Messages waiting in a poison queue, per queue.");

    public Gauge<long> PoisonGauge { get; }

    public void Dispose() => meter.Dispose();
}
