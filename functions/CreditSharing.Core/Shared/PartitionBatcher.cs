using System.Collections.Concurrent;

namespace CreditSharing.Core.Shared;

/// <summary>
/// Group commit per partition. Concurrent writers of one partition queue their items; while one batch
/// is being written the next ones gather, and the writer that found the partition idle writes them
/// all, a batch at a time, while the others wait for their batch's outcome. For rows that are cheap
/// alone but contend (a counter updated under its ETag) or that are many small writes to one
/// partition: one entity group transaction instead of one request each.
/// </summary>
/// <param name="writeBatch">Writes one batch of one partition; what it throws, every item of the batch throws.</param>
/// <param name="maxBatch">At most this many items a batch (an entity group transaction holds 100 actions).</param>
public sealed class PartitionBatcher<T>(Func<string, IReadOnlyList<T>, Task> writeBatch, int maxBatch)
{
    private readonly ConcurrentDictionary<string, Pending> partitions = new(StringComparer.Ordinal);

    /// <summary>Completes when the batch holding <paramref name="item"/> is written.</summary>
    public async Task SubmitAsync(string partition, T item)
    {
        var pending = partitions.GetOrAdd(partition, _ => new Pending());
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (pending.Gate)
        {
            pending.Items.Add((item, written));
            lead = !pending.Writing;
            pending.Writing = true;
        }

        if (lead)
        {
            await DrainAsync(partition, pending);
        }

        await written.Task;
    }

    private async Task DrainAsync(string partition, Pending pending)
    {
        while (true)
        {
            List<(T Item, TaskCompletionSource Written)> batch;
            lock (pending.Gate)
            {
                if (pending.Items.Count == 0)
                {
                    pending.Writing = false;
                    return;
                }

                batch = pending.Items.Take(maxBatch).ToList();
                pending.Items.RemoveRange(0, batch.Count);
            }

            try
            {
                await writeBatch(partition, [.. batch.Select(b => b.Item)]);
                batch.ForEach(b => b.Written.SetResult());
            }
            catch (Exception ex)
            {
                batch.ForEach(b => b.Written.SetException(ex));
            }
        }
    }

    private sealed class Pending
    {
        public Lock Gate { get; } = new();

        public List<(T Item, TaskCompletionSource Written)> Items { get; } = [];

        public bool Writing { get; set; }
    }
}
