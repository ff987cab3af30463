using System.Reflection;
using CreditSharing.Functions.Hosting;
using Cronos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreditSharing.DevHost;

/// <summary>Runs one timer-triggered function on its six-field NCRONTAB schedule (UTC, as on Linux plans).</summary>
public sealed class TimerScheduler(
    FunctionDescriptor function,
    IConfiguration configuration,
    FunctionInvoker invoker,
    TimeProvider clock,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    public static CronExpression Parse(string schedule, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // "%Name%" takes the schedule from an app setting, as the Functions host does.
        var expression = schedule.StartsWith('%') && schedule.EndsWith('%')
            ? configuration[schedule.Trim('%')] ?? throw new InvalidOperationException($"Setting {schedule} is not configured.")
            : schedule;
        return CronExpression.Parse(expression, CronFormat.IncludeSeconds);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cron = Parse(function.Schedule!, configuration);
        var trigger = function.Method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).OfType<TimerTriggerAttribute>().First();
        DateTimeOffset? last = null;
        if (trigger.RunOnStartup)
        {
            await RunAsync(cron, last, stoppingToken);
            last = clock.GetUtcNow();
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            try
            {
                await Task.Delay(next.Value - now, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunAsync(cron, last, stoppingToken);
            last = next;
        }
    }

    private async Task RunAsync(CronExpression cron, DateTimeOffset? last, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        var info = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus
            {
                Last = (last ?? now).UtcDateTime,
                Next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc)?.UtcDateTime ?? DateTime.MaxValue,
                LastUpdated = now.UtcDateTime,
            },
        };
        try
        {
            await invoker.InvokeAsync(function, p => p.ParameterType == typeof(TimerInfo) ? info
                : p.ParameterType == typeof(CancellationToken) ? stoppingToken
                : throw new InvalidOperationException($"The DevHost cannot bind parameter '{p.Name}' of type {p.ParameterType.Name}."));
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Timer function {Function} failed", function.Name);
        }
    }
}
