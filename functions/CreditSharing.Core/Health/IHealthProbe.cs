namespace CreditSharing.Core.Health;

/// <summary>Answers whether the storage the service depends on responds, and what waits in the poison queues.</summary>
public interface IHealthProbe
{
    Task<HealthReport> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="PoisonMessages"/> counts, per queue, the messages that failed every delivery and now
/// wait for an operator; null when storage did not answer.
/// </summary>
public sealed record HealthReport(bool StorageReachable, IReadOnlyDictionary<string, int>? PoisonMessages)
{
    public int PoisonTotal => PoisonMessages?.Values.Sum() ?? 0;
}
