using CreditSharing.Core.Providers;

namespace CreditSharing.Core.Tests.Providers;

public sealed class ProviderGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProviderGate Gate()
    {
        var store = new MemoryProviderStore();
        store.Add("sw-tax", new ProviderRights("驻马店市税务局", null, ["tax-rating"], ["red"], Profiles: false));
        return new ProviderGate(store);
    }

    [Fact]
    public async Task RefusesAnUnregisteredProviderNamingTheRegistry()
    {
        var access = await Gate().CheckAsync("sw-nobody", asRegulator: false, Ct);

        Assert.Contains("not in the provider registry", access.Refused, StringComparison.Ordinal);
        Assert.Contains("PUT /api/providers/sw-nobody", access.Refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAnIdThatCannotBeAKeyWithoutReadingIt()
        => Assert.NotNull((await Gate().CheckAsync("bad/id", asRegulator: false, Ct)).Refused);

    [Fact]
    public async Task AllowsOnlyWhatTheEntryNames()
    {
        var access = await Gate().CheckAsync("sw-tax", asRegulator: false, Ct);

        Assert.Null(access.Refused);
        Assert.Null(access.CategoryError("tax-rating"));
        Assert.Contains("'penalty'", access.CategoryError("penalty"), StringComparison.Ordinal);
        Assert.Null(access.ListTypeRefusal("red"));
        Assert.Contains("black", access.ListTypeRefusal("black"), StringComparison.Ordinal);
        Assert.NotNull(access.ProfilesRefusal());
    }

    [Fact]
    public async Task DoesNotCheckARegulator()
    {
        var access = await Gate().CheckAsync("reg-unlisted", asRegulator: true, Ct);

        Assert.Null(access.Refused);
        Assert.Null(access.CategoryError("penalty"));
        Assert.Null(access.ListTypeRefusal("black"));
        Assert.Null(access.ProfilesRefusal());
    }
}
