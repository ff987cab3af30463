namespace CreditSharing.Core.Tests;

/// <summary>A clock that always answers the same instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;
}
