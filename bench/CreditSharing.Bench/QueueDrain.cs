using System.Diagnostics;
using Azure.Storage.Queues;

namespace CreditSharing.Bench;

/// <summary>
/// Waits out the product's background work: until its queues hold no message, with a bar of the
/// messages left against the most seen. The queue's count includes messages not yet visible (grade
/// requests wait out their debounce), so an empty queue means the work is done, not merely taken.
/// </summary>
public static class QueueDrain
{
    /// <returns>The time on <paramref name="clock"/> at which each queue was first seen empty.</returns>
    public static async Task<IReadOnlyList<TimeSpan>> WaitAsync(string title, IReadOnlyList<QueueClient> queues, Stopwatch clock, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(clock);
        var emptyAt = new TimeSpan?[queues.Count];
        var deadline = clock.Elapsed + timeout;
        await Progress.RunAsync(title, 1, async report =>
        {
            var most = 1;
            while (true)
            {
                var left = 0;
                for (var i = 0; i < queues.Count; i++)
                {
                    var count = (await queues[i].GetPropertiesAsync()).Value.ApproximateMessagesCount;
                    left += count;
                    emptyAt[i] ??= count == 0 ? clock.Elapsed : null;
                }

                if (left == 0)
                {
                    return;
                }

                // A figure measured past a stuck queue would be no figure at all.
                if (clock.Elapsed > deadline)
                {
                    throw new TimeoutException($"{title}: {left:N0} messages still queued after {timeout.TotalMinutes:F0} minutes.");
                }

                most = Math.Max(most, left);
                report(1 - ((double)left / most));
                await Task.Delay(250);
            }
        });
        return [.. emptyAt.Select(at => at!.Value)];
    }
}
