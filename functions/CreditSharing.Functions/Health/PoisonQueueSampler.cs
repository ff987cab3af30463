using CreditSharing.Core.Health;
using CreditSharing.Functions.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Health;

/// <summary>
/// While an instance runs, every <see cref="Interval"/>: the poison queues' depths (the health
/// probe's counts) recorded as the gauge <c>creditsharing.queue.poison_messages</c>, which the
/// poison-queue alert reads. Registered only with telemetry (<see cref="CreditSharingTelemetry"/>).
/// </summary>
public sealed class PoisonQueueSampler(IHealthProbe probe, CreditSharingMetrics metrics, TimeProvider clock, ILogger<PoisonQueueSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Poison queues not measured");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var report = await probe.CheckAsync(cancellationToken);
        if (report.PoisonMessages is null)
        {
            logger.LogWarning("Poison queues not measured: storage did not answer");
            return;
        }

        foreach (var (queue, count) in report.PoisonMessages)
        {
            metrics.PoisonGauge.Record(count, new KeyValuePair<string, object?>("queue", queue));
        }
    }
}
