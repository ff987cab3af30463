using CreditSharing.Core.Banks;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Identity;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Identity;

public sealed class IdentityResolverTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly string FirmA = Uscc.Compose('9', '1', "411702", "MA000001").Value;
    private static readonly string FirmB = Uscc.Compose('9', '1', "411702", "MA000002").Value;

    private readonly MemoryProviderStore providerStore = new();
    private readonly MemoryBankStore bankStore = new();
    private readonly MemoryAccountStore accountStore = new();
    private readonly MemoryEnterpriseStore enterprises = new();
    private readonly MemoryAuditLog audit = new();

    public IdentityResolverTests()
    {
        enterprises.Add(new EnterpriseProfile(FirmA, "甲商行", null, null, null, null));
        enterprises.Add(new EnterpriseProfile(FirmB, "乙商行", null, null, null, null));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ProviderRegistry Providers => new(providerStore, audit, new FixedTimeProvider(Now));

    private BankRegistry Banks => new(bankStore, audit, new FixedTimeProvider(Now));

    private AccountRegistry Accounts => new(accountStore, enterprises, new ProviderGate(providerStore), audit, new FixedTimeProvider(Now));

    private IdentityResolver Resolver(bool local) => new(Providers, Banks, Accounts, new IdentityResolverOptions(local));

    private static TokenIdentity User(string oid, string app = "portal-app", bool provider = false, bool bank = false, bool enterprise = false, string? uscc = null, string? bankId = null)
        => new(provider, bank, enterprise, "sub-" + oid, oid, app, IsUser: true, uscc, bankId);

    private static TokenIdentity App(string app, bool provider = false, bool bank = false)
        => new(provider, bank, false, "sub-" + app, "sp-" + app, app, IsUser: false);

    [Fact]
    public async Task ResolvesTwoUsersOfOneClientAppToTwoProviders()
    {
        await Providers.PutAsync("sw-tax", new ProviderInput("税务局", null, [], [], false, UserObjectIds: ["user-tax"]), "reg", Ct);
        await Providers.PutAsync("sw-market", new ProviderInput("市场监管局", null, [], [], true, ["portal-app"], ["user-market"]), "reg", Ct);

        var tax = await Resolver(local: false).ResolveAsync(User("user-tax", provider: true), Ct);
        var market = await Resolver(local: false).ResolveAsync(User("USER-MARKET", provider: true), Ct);
        var daemon = await Resolver(local: false).ResolveAsync(App("portal-app", provider: true), Ct);

        Assert.Equal(("sw-tax", "sw-tax"), (tax.ProviderId, tax.Id));
        Assert.Equal("sw-market", market.ProviderId);
        Assert.Equal("sw-market", daemon.ProviderId);
    }

    [Fact]
    public async Task RefusesAnUnlistedProviderInEntraModeNamingTheRegistryAndTheIdTried()
    {
        var user = await Resolver(local: false).ResolveAsync(User("stranger", provider: true), Ct);
        var app = await Resolver(local: false).ResolveAsync(App("stranger-app", provider: true), Ct);

        Assert.Null(user.ProviderId);
        Assert.Contains("provider registry", user.ProviderRefusal, StringComparison.Ordinal);
        Assert.Contains("user object id stranger", user.ProviderRefusal, StringComparison.Ordinal);
        Assert.Contains("client app stranger-app", app.ProviderRefusal, StringComparison.Ordinal);
        Assert.Equal("stranger", user.Id);
    }

    [Fact]
    public async Task FallsBackToTheLegacyProviderIdOnlyInLocalMode()
    {
        var token = new TokenIdentity(true, false, false, "dept-sub", null, null, IsUser: false);

        var local = await Resolver(local: true).ResolveAsync(token, Ct);
        var entra = await Resolver(local: false).ResolveAsync(token, Ct);

        Assert.Equal("dept-sub", local.ProviderId);
        Assert.Null(local.ProviderRefusal);
        Assert.Null(entra.ProviderId);
        Assert.NotNull(entra.ProviderRefusal);
    }

    [Fact]
    public async Task ResolvesABankByItsUsersAndItsDaemonAndRefusesAnUnregisteredBankClaim()
    {
        await Banks.PutAsync("zmd-bank", new BankInput("驻马店银行", "B0001", ["bank-daemon"], ["officer-1"]), "reg", Ct);

        var officer = await Resolver(local: false).ResolveAsync(User("officer-1", bank: true), Ct);
        var daemon = await Resolver(local: false).ResolveAsync(App("bank-daemon", bank: true), Ct);
        var claimedEntra = await Resolver(local: false).ResolveAsync(User("someone", bank: true, bankId: "zmd-bank"), Ct);
        var claimedLocal = await Resolver(local: true).ResolveAsync(User("someone", bank: true, bankId: "zmd-bank"), Ct);
        var unregisteredLocal = await Resolver(local: true).ResolveAsync(User("someone", bank: true, bankId: "ghost-bank"), Ct);

        Assert.Equal("zmd-bank", officer.BankId);
        Assert.Equal("zmd-bank", daemon.BankId);
        Assert.Null(claimedEntra.BankId);
        Assert.Contains("bank registry", claimedEntra.BankRefusal, StringComparison.Ordinal);
        Assert.Equal("zmd-bank", claimedLocal.BankId);
        Assert.Null(unregisteredLocal.BankId);
        Assert.Contains("ghost-bank is not in the bank registry", unregisteredLocal.BankRefusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolvesAnEnterpriseAccountToEveryEnterpriseItIsBoundToByOneRead()
    {
        var regulator = new AccountActor("reg", "Regulator", IsRegulator: true);
        await Accounts.BindAsync(FirmA, new AccountInput("accountant"), regulator, Ct);
        await Accounts.BindAsync(FirmB, new AccountInput("accountant"), regulator, Ct);
        var before = accountStore.Reads;

        var resolved = await Resolver(local: false).ResolveAsync(User("accountant", enterprise: true), Ct);

        Assert.Equal([FirmA, FirmB], resolved.Usccs);
        Assert.Equal(1, accountStore.Reads - before);
    }

    [Fact]
    public async Task HonoursTheUsccClaimOnlyInLocalMode()
    {
        var token = User("claimer", enterprise: true, uscc: FirmA.ToLowerInvariant());

        var local = await Resolver(local: true).ResolveAsync(token, Ct);
        var entra = await Resolver(local: false).ResolveAsync(token, Ct);

        Assert.Equal([FirmA], local.Usccs);
        Assert.Empty(entra.Usccs);
    }

    [Fact]
    public async Task ReadsNothingForARegulator()
    {
        var token = new TokenIdentity(false, false, false, "reg-sub", "reg-oid", "portal-app", IsUser: true);

        var resolved = await Resolver(local: false).ResolveAsync(token, Ct);

        Assert.Equal("reg-oid", resolved.Id);
        Assert.Equal(0, providerStore.MemoryIndex.Reads + bankStore.MemoryIndex.Reads + accountStore.Reads);
    }
}
