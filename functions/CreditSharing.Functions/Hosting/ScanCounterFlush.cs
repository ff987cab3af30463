using CreditSharing.Core.Trace;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Hosting;

/// <summary>
/// Flushes the process's <see cref="ScanCounter"/> every <see cref="ScanCounter.FlushEvery"/>, and once
/// more when the host stops. A hosted service rather than a timer function: a timer trigger's
/// schedule is per minute in practice, and the counts must reach storage within 10 seconds. It runs
/// in the Functions worker and in the DevHost, which share this composition root.
/// </summary>
public sealed partial class ScanCounterFlush(ScanCounter counter, ILogger<ScanCounterFlush> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ScanCounter.FlushEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync flushes what is left.
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            var codes = await counter.FlushAsync(cancellationToken);
            if (codes > 0)
            {
                LogFlushed(codes);
            }
        }
        catch (ScanFlushException ex)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored the scan counts of {Codes} codes")]
    private partial void LogFlushed(int codes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan counts were not all stored; they stay for the next flush")]
    private partial void LogFailed(Exception exception);
}
