using CreditSharing.DevHost;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>One Azurite for the whole test run; each test class owns its data through a name prefix.</summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<EmbeddedAzurite>> Instance = new(() => EmbeddedAzurite.StartAsync());

    public static async Task<string> ConnectionStringAsync() => (await Instance.Value).ConnectionString;
}
