using System.Diagnostics.Metrics;
using CreditSharing.Core.Health;
using CreditSharing.Functions.Health;
using CreditSharing.Functions.Hosting;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditSharing.Integration.Tests.Health;

/// <summary>The poison-queue gauge the alert reads: one measurement per queue, from the real poison queues.</summary>
public sealed class PoisonQueueSamplerTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordsTheDepthOfEachPoisonQueue()
    {
        var poison = host.Queue(QueueNames.Poison(QueueNames.CreditRecords));
        await poison.SendMessageAsync("a message that failed every delivery", Ct);
        await poison.SendMessageAsync("another one", Ct);
        using var metrics = new CreditSharingMetrics();
        var recorded = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.PoisonGauge.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => recorded[(string)tags[0].Value!] = value);
        listener.Start();
        var sampler = new PoisonQueueSampler(host.Host.Services.GetRequiredService<IHealthProbe>(), metrics, TimeProvider.System, NullLogger<PoisonQueueSampler>.Instance);

        await sampler.SampleAsync(Ct);

        Assert.Equal(QueueNames.All.Order(StringComparer.Ordinal), recorded.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, recorded[QueueNames.CreditRecords]);
        Assert.All(recorded.Where(r => r.Key != QueueNames.CreditRecords), r => Assert.Equal(0, r.Value));
    }
}
