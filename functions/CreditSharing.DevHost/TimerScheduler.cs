using System.Reflection;
using CreditSharing.Functions.Hosting;
using Cronos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreditSharing.DevHost;

/// <summary>
/// Runs one timer-triggered function on its six-field NCRONTAB schedule (UTC, as on Linux plans).
/// It sleeps on the product's clock; when <c>POST /dev/clock</c> moves that clock, the jump runs the
/// occurrences that fell due in the skipped interval (<see cref="RunDueAsync"/>) and wakes the
/// scheduler, which never runs an occurrence at or before the time a jump already covered.
/// </summary>
public sealed class TimerScheduler(
    FunctionDescriptor function,
    IConfiguration configuration,
    FunctionInvoker invoker,
    TimeProvider clock,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    private readonly CronExpression cron = Parse(function.Schedule!, configuration);

    /// <summary>Held while an occurrence runs or a clock jump is under way.</summary>
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Every occurrence at or before this instant has run (or lay before the host started).</summary>
    private DateTimeOffset coveredThrough = clock.GetUtcNow();

    private DateTimeOffset? last;
    private CancellationTokenSource? sleeping;

    public string FunctionName => function.Name;

    public static CronExpression Parse(string schedule, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // "%Name%" takes the schedule from an app setting, as the Functions host does.
        var expression = schedule.StartsWith('%') && schedule.EndsWith('%')
            ? configuration[schedule.Trim('%')] ?? throw new InvalidOperationException($"Setting {schedule} is not configured.")
            : schedule;
        return CronExpression.Parse(expression, CronFormat.IncludeSeconds);
    }

    /// <summary>Holds the scheduler still (no occurrence starts) until <see cref="Exit"/>: a clock jump is under way.</summary>
    public Task EnterAsync(CancellationToken cancellationToken) => gate.WaitAsync(cancellationToken);

    public void Exit() => gate.Release();

    /// <summary>The first occurrence in (<paramref name="from"/>, <paramref name="to"/>] that has not run yet, if any.</summary>
    public DateTimeOffset? FirstDue(DateTimeOffset from, DateTimeOffset to)
    {
        var start = from > coveredThrough ? from : coveredThrough;
        var due = cron.GetNextOccurrence(start, TimeZoneInfo.Utc);
        return due is { } d && d <= to ? d : null;
    }

    /// <summary>
    /// Between <see cref="EnterAsync"/> and <see cref="Exit"/>: runs the function once if any occurrence
    /// in (<paramref name="from"/>, <paramref name="to"/>] has not run, however many fell due, marks the
    /// interval covered and wakes the sleeping loop so it sleeps again from the new time.
    /// </summary>
    public async Task<bool> RunDueAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var due = FirstDue(from, to);
        var ran = false;
        if (due is not null)
        {
            ran = await RunAsync(cancellationToken);
            last = due;
        }

        if (to > coveredThrough)
        {
            coveredThrough = to;
        }

        try
        {
            Volatile.Read(ref sleeping)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop woke meanwhile; it reads coveredThrough once it holds the gate.
        }

        return ran;
    }

    public override void Dispose()
    {
        gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var trigger = function.Method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).OfType<TimerTriggerAttribute>().First();
        if (trigger.RunOnStartup)
        {
            await RunLockedAsync(null, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = cron.GetNextOccurrence(now > coveredThrough ? now : coveredThrough, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            using (var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                Volatile.Write(ref sleeping, sleep);
                try
                {
                    var wait = next.Value - now;
                    await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, sleep.Token);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (OperationCanceledException)
                {
                    // A clock jump woke it: sleep again from the new time.
                    continue;
                }
                finally
                {
                    Volatile.Write(ref sleeping, null);
                }
            }

            await RunLockedAsync(next.Value, stoppingToken);
        }
    }

    private async Task RunLockedAsync(DateTimeOffset? occurrence, CancellationToken stoppingToken)
    {
        try
        {
            await gate.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (occurrence is { } due && due <= coveredThrough)
            {
                // A clock jump already ran the interval this occurrence lies in.
                return;
            }

            await RunAsync(stoppingToken);
            last = occurrence ?? clock.GetUtcNow();
            if (occurrence is { } ran)
            {
                coveredThrough = ran;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<bool> RunAsync(CancellationToken cancellationToken)
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
                : p.ParameterType == typeof(CancellationToken) ? cancellationToken
                : throw new InvalidOperationException($"The DevHost cannot bind parameter '{p.Name}' of type {p.ParameterType.Name}."));
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Timer function {Function} failed", function.Name);
            return false;
        }
    }
}
