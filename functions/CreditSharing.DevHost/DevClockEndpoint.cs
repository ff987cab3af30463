using System.Globalization;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CreditSharing.DevHost;

/// <summary>
/// <c>GET /dev/clock</c> and <c>POST /dev/clock</c> (DevHost only, local-token mode, like
/// <c>/dev/token</c>): read and move the product's clock. A move runs, once each and before it
/// answers, every timer function with an occurrence in the skipped interval, earliest first.
/// </summary>
public sealed class DevClockEndpoint(DevHostClock clock, IEnumerable<IHostedService> services)
{
    public const string Route = "/dev/clock";

    private readonly SemaphoreSlim jumps = new(1, 1);
    private readonly IReadOnlyList<TimerScheduler> timers = [.. services.OfType<TimerScheduler>()];

    public static async Task GetAsync(HttpContext context)
    {
        var clock = context.RequestServices.GetRequiredService<DevHostClock>();
        await HttpGate.WriteAsync(context, new OkObjectResult(new DevClockAnswer(CityClock.Now(clock), [])));
    }

    public static async Task PostAsync(HttpContext context)
    {
        var body = await JsonBody.ReadAsync<DevClockRequest>(context.Request, 64 * 1024, context.RequestAborted);
        IActionResult result;
        if (body.Problem is not null)
        {
            result = body.Problem;
        }
        else if (!TryParse(body.Value!.Now, out var target))
        {
            result = Problems.Validation(FieldErrors.Of("now", "An ISO 8601 date-time with an offset is required, such as 2027-03-01T09:00:00+08:00."));
        }
        else
        {
            result = await context.RequestServices.GetRequiredService<DevClockEndpoint>().MoveAsync(target, context.RequestAborted);
        }

        await HttpGate.WriteAsync(context, result);
    }

    public async Task<IActionResult> MoveAsync(DateTimeOffset target, CancellationToken cancellationToken)
    {
        await jumps.WaitAsync(cancellationToken);
        var entered = new List<TimerScheduler>();
        try
        {
            foreach (var timer in timers)
            {
                await timer.EnterAsync(cancellationToken);
                entered.Add(timer);
            }

            if (!clock.TryMoveTo(target, out var from))
            {
                return Problems.Validation(
                    FieldErrors.Of("now", $"Time only moves forward: the clock reads {CityClock.Now(clock).ToString("O", CultureInfo.InvariantCulture)}."));
            }

            var ran = new List<string>();
            foreach (var (timer, _) in timers.Select(t => (Timer: t, Due: t.FirstDue(from, target))).Where(t => t.Due is not null).OrderBy(t => t.Due))
            {
                if (await timer.RunDueAsync(from, target, cancellationToken))
                {
                    ran.Add(timer.FunctionName);
                }
            }

            foreach (var timer in timers)
            {
                // Those with nothing due still learn the interval is covered and wake to sleep from the new time.
                await timer.RunDueAsync(target, target, cancellationToken);
            }

            return new OkObjectResult(new DevClockAnswer(target.ToOffset(CityClock.Offset), ran));
        }
        finally
        {
            foreach (var timer in entered)
            {
                timer.Exit();
            }

            jumps.Release();
        }
    }

    private static bool TryParse(string? value, out DateTimeOffset target)
    {
        target = default;
        // An offset is required: "09:00" alone would mean a different instant on every machine.
        return !string.IsNullOrWhiteSpace(value)
            && value.Length > 10
            && (value.EndsWith('Z') || value.EndsWith('z') || value[^6] is '+' or '-')
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out target);
    }
}

/// <summary>Body of <c>POST /dev/clock</c>.</summary>
public sealed record DevClockRequest(string? Now);

/// <summary>The clock's time (city time, UTC+8) and, after a move, the timer functions it ran.</summary>
public sealed record DevClockAnswer(DateTimeOffset Now, IReadOnlyList<string> Ran);
