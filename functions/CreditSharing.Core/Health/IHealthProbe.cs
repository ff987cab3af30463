namespace CreditSharing.Core.Health;

/// <summary>Answers whether the storage the service depends on responds.</summary>
public interface IHealthProbe
{
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
