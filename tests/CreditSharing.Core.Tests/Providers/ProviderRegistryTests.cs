using CreditSharing.Core.Providers;

namespace CreditSharing.Core.Tests.Providers;

public sealed class ProviderRegistryTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProviderInput Input(params string[] categories) => new("驻马店市税务局", null, categories, [], false);

    [Fact]
    public async Task KeepsEveryChangeWithWhoAndWhenAndSkipsARepeat()
    {
        var store = new MemoryProviderStore();
        var registry = new ProviderRegistry(store, new Identity.MemoryAuditLog(), new FixedTimeProvider(Now));

        var created = await registry.PutAsync("sw-tax", Input("tax-rating"), "reg-a", Ct);
        var changed = await registry.PutAsync("sw-tax", Input("tax-rating", "penalty"), "reg-b", Ct);
        var repeated = await registry.PutAsync("sw-tax", Input("penalty", "tax-rating"), "reg-c", Ct);

        Assert.True(created.Value!.Created);
        Assert.False(changed.Value!.Created);
        Assert.Equal(2, repeated.Value!.Provider.Revision);
        Assert.Equal("reg-b", repeated.Value.Provider.UpdatedBy);
        Assert.Equal([(1, "reg-a"), (2, "reg-b")], repeated.Value.Provider.History!.Select(h => (h.Revision, h.By)));
        Assert.All(repeated.Value.Provider.History!, h => Assert.Equal(Now, h.At));
    }

    [Fact]
    public async Task LetsAProviderReadItsOwnEntryOnly()
    {
        var registry = new ProviderRegistry(MemoryProviderStore.WithEveryRight("sw-own"), new Identity.MemoryAuditLog(), new FixedTimeProvider(Now));

        Assert.NotNull((await registry.GetAsync("sw-own", "sw-own", asRegulator: false, Ct)).Value);
        Assert.NotNull((await registry.GetAsync("sw-other", "sw-own", asRegulator: false, Ct)).ForbiddenDetail);
        Assert.NotNull((await registry.GetAsync("sw-other", "reg", asRegulator: true, Ct)).NotFoundDetail);
    }
}
