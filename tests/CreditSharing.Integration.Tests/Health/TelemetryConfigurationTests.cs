using CreditSharing.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CreditSharing.Integration.Tests.Health;

/// <summary>The worker's OpenTelemetry: registered with the Azure Monitor exporter only when Application Insights is configured.</summary>
public sealed class TelemetryConfigurationTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/;LiveEndpoint=https://127.0.0.1:9/";

    private static IConfiguration Configuration(params (string Key, string Value)[] settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    [Fact]
    public void RegistersNothingWithoutTheConnectionString()
    {
        var services = new ServiceCollection();

        var registered = services.AddCreditSharingTelemetry(Configuration());

        Assert.False(registered);
        Assert.Empty(services);
        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
        Assert.Null(provider.GetService<MeterProvider>());
    }

    [Fact]
    public void RegistersTracingAndMetricsWithTheAzureMonitorExporterWhenConfigured()
    {
        var services = new ServiceCollection();
        services.AddLogging();

        var registered = services.AddCreditSharingTelemetry(Configuration((CreditSharingTelemetry.ConnectionStringSetting, ConnectionString), ("Storage:ClientId", "11111111-1111-1111-1111-111111111111")));

        Assert.True(registered);
        Assert.Contains(services, s => s.ImplementationType == typeof(Functions.Health.PoisonQueueSampler));
        using var provider = services.BuildServiceProvider();
        var tracer = provider.GetRequiredService<TracerProvider>();
        Assert.NotNull(provider.GetRequiredService<MeterProvider>());
        Assert.Contains(services, s => s.ServiceType.FullName?.Contains("AzureMonitor", StringComparison.Ordinal) == true
            || s.ImplementationType?.FullName?.Contains("AzureMonitor", StringComparison.Ordinal) == true);
        Assert.True(AppContext.TryGetSwitch("Azure.Experimental.EnableActivitySource", out var azureSdkActivities) && azureSdkActivities);

        // The Azure SDK's storage activities are sampled in: a listener exists for an Azure.* source.
        using var source = new System.Diagnostics.ActivitySource("Azure.Data.Tables.TableClient");
        Assert.True(source.HasListeners());
        // The app's meter is collected: its poison-queue gauge has a listener.
        using var metrics = new CreditSharingMetrics();
        Assert.True(metrics.PoisonGauge.Enabled);
        Assert.NotNull(tracer);
    }
}
