using System.Collections.Concurrent;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Shared;

public sealed class PartitionBatcherTests
{
    [Fact]
    public async Task WritesConcurrentItemsOfAPartitionOnceEachInFewerBatchesOfAtMostTheLimit()
    {
        var batches = new ConcurrentQueue<(string Partition, IReadOnlyList<int> Items)>();
        var batcher = new PartitionBatcher<int>(
            async (partition, items) =>
            {
                batches.Enqueue((partition, items));
                await Task.Delay(20);
            },
            maxBatch: 10);

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => batcher.SubmitAsync(i % 2 == 0 ? "even" : "odd", i))));

        Assert.Equal(Enumerable.Range(0, 60), batches.SelectMany(b => b.Items).Order());
        Assert.All(batches, b => Assert.InRange(b.Items.Count, 1, 10));
        Assert.All(batches, b => Assert.All(b.Items, i => Assert.Equal(b.Partition, i % 2 == 0 ? "even" : "odd")));
        Assert.True(batches.Count < 60, $"{batches.Count} batches for 60 items");
    }

    [Fact]
    public async Task FailsEveryItemOfAFailedBatchAndGoesOnWithTheNext()
    {
        var calls = 0;
        var release = new TaskCompletionSource();
        var batcher = new PartitionBatcher<string>(
            async (_, items) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    await release.Task;
                    throw new InvalidOperationException("storage refused the batch");
                }
            },
            maxBatch: 100);

        var first = batcher.SubmitAsync("p", "first");
        var queued = new[] { batcher.SubmitAsync("p", "second"), batcher.SubmitAsync("p", "third") };
        release.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Task.WhenAll(queued);
        Assert.Equal(2, calls);
    }
}
