namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes: queue work is asynchronous, sleeps are guesses.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (value is not null && value is not false)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what ?? "a condition"}.");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null)
        => GetAsync<object>(async () => await condition() ? new object() : null, timeout, what);
}
