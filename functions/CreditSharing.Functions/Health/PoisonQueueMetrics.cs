using CreditSharing.Core.Health;
using CreditSharing.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Health;

/// <summary>Every 5 minutes: the poison queues' depths as the metric the alert reads.</summary>
public sealed class PoisonQueueMetrics(IHealthProbe probe, CreditSharingMetrics metrics, ILogger<PoisonQueueMetrics> logger)
{
    public const string Schedule = "0 */5 * * * *";

    [Function(nameof(MeasurePoisonQueues))]
    public async Task MeasurePoisonQueues(
        [TimerTrigger(Schedule)] TimerInfo timer,
        CancellationToken cancellationToken)
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

        if (report.PoisonTotal > 0)
        {
            logger.LogWarning("{PoisonTotal} messages wait in poison queues", report.PoisonTotal);
        }
    }
}
