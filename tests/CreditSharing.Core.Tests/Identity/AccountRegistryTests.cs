using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Identity;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Identity;

public sealed class AccountRegistryTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly AccountActor Regulator = new("reg-1", "Regulator", IsRegulator: true);

    private readonly MemoryAccountStore store = new();
    private readonly MemoryEnterpriseStore enterprises = new();
    private readonly MemoryProviderStore providers = new();
    private readonly MemoryAuditLog audit = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AccountRegistry Registry => new(store, enterprises, new ProviderGate(providers), audit, new FixedTimeProvider(Now));

    private string Firm(int i)
    {
        var uscc = Uscc.Compose('9', '1', "411702", $"MB{i:D6}").Value;
        enterprises.Add(new EnterpriseProfile(uscc, $"商行{i}", null, null, null, null));
        return uscc;
    }

    [Fact]
    public async Task BindsOnceAuditsTheChangeAndUnbindsForTheNextResolution()
    {
        var firm = Firm(1);

        var bound = await Registry.BindAsync(firm, new AccountInput("Clerk-1"), Regulator, Ct);
        var again = await Registry.BindAsync(firm, new AccountInput("clerk-1"), Regulator, Ct);
        var listed = await Registry.ListAsync(firm, Regulator, Ct);
        var unbound = await Registry.UnbindAsync(firm, "clerk-1", Regulator, Ct);
        var twice = await Registry.UnbindAsync(firm, "clerk-1", Regulator, Ct);

        Assert.True(bound.Value!.Created);
        Assert.False(again.Value!.Created);
        Assert.Equal("clerk-1", Assert.Single(listed.Value!).Oid);
        Assert.NotNull(unbound.Value);
        Assert.NotNull(twice.NotFoundDetail);
        Assert.Empty(await Registry.EnterprisesOfAsync("clerk-1", Ct));
        Assert.Empty((await Registry.ListAsync(firm, Regulator, Ct)).Value!);
        Assert.Equal([("accounts.bind", firm, "clerk-1"), ("accounts.unbind", firm, "clerk-1")], audit.Entries.Select(e => (e.Action, e.Uscc!, e.Target!)));
    }

    [Fact]
    public async Task RefusesAnUnknownEnterpriseAndAProviderWithoutProfiles()
    {
        providers.Add("sw-tax", new ProviderRights("税务局", null, [], [], Profiles: false));
        providers.Add("sw-market", new ProviderRights("市场监管局", null, [], [], Profiles: true));
        var firm = Firm(2);

        var unknown = await Registry.BindAsync(Uscc.Compose('9', '1', "411702", "MB999999").Value, new AccountInput("clerk"), Regulator, Ct);
        var tax = await Registry.BindAsync(firm, new AccountInput("clerk"), new AccountActor("sw-tax", "DataProvider", false), Ct);
        var market = await Registry.BindAsync(firm, new AccountInput("clerk"), new AccountActor("sw-market", "DataProvider", false), Ct);

        Assert.NotNull(unknown.NotFoundDetail);
        Assert.Contains("profiles: false", tax.ForbiddenDetail, StringComparison.Ordinal);
        Assert.True(market.Value!.Created);
    }

    [Fact]
    public async Task CapsTheEnterprisesOfOneAccount()
    {
        for (var i = 0; i < AccountRegistry.MaxEnterprisesPerAccount; i++)
        {
            Assert.NotNull((await Registry.BindAsync(Firm(100 + i), new AccountInput("accountant"), Regulator, Ct)).Value);
        }

        var over = await Registry.BindAsync(Firm(999), new AccountInput("accountant"), Regulator, Ct);

        Assert.Contains("50", over.ConflictDetail, StringComparison.Ordinal);
        Assert.Equal(AccountRegistry.MaxEnterprisesPerAccount, (await Registry.EnterprisesOfAsync("accountant", Ct)).Count);
    }

    [Fact]
    public async Task NamesTheInvalidFields()
    {
        var result = await Registry.BindAsync("not-a-uscc", new AccountInput("has space"), Regulator, Ct);

        Assert.Equal(["oid", "uscc"], result.Errors!.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}
