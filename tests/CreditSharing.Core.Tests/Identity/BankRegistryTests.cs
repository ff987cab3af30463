using CreditSharing.Core.Banks;
using CreditSharing.Core.Identity;

namespace CreditSharing.Core.Tests.Identity;

public sealed class BankRegistryTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);

    private readonly MemoryBankStore store = new();
    private readonly MemoryAuditLog audit = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BankRegistry Registry => new(store, audit, new FixedTimeProvider(Now));

    private static BankInput Bank(string[]? apps = null, string[]? users = null, string name = "驻马店银行")
        => new(name, "B0001H241170001", apps, users);

    [Fact]
    public async Task RegistersChangesAndWritesNothingForAnIdenticalPut()
    {
        var created = await Registry.PutAsync("zmd-bank", Bank(["App-1"]), "reg-a", Ct);
        var changed = await Registry.PutAsync("zmd-bank", Bank(["app-1"], ["user-1"]), "reg-b", Ct);
        var repeated = await Registry.PutAsync("zmd-bank", Bank(["APP-1"], ["user-1"]), "reg-c", Ct);

        Assert.True(created.Value!.Created);
        Assert.False(changed.Value!.Created);
        Assert.False(repeated.Value!.Created);
        Assert.Equal(2, store.Saves);
        Assert.Equal(["app-1"], repeated.Value.Bank.ClientAppIds);
        Assert.Equal([(1, "reg-a"), (2, "reg-b")], repeated.Value.Bank.History!.Select(h => (h.Revision, h.By)));
        Assert.Equal(["banks.put", "banks.put"], audit.Entries.Select(e => e.Action));
        Assert.All(audit.Entries, e => Assert.Equal("zmd-bank", e.Target));
    }

    [Fact]
    public async Task RefusesAnIdAnotherBankListsNamingTheHolder()
    {
        await Registry.PutAsync("bank-a", Bank(["shared-app"]), "reg", Ct);

        var taken = await Registry.PutAsync("bank-b", Bank(["own-app", "shared-app"]), "reg", Ct);

        Assert.Contains("bank-a", taken.ConflictDetail, StringComparison.Ordinal);
        Assert.Contains("shared-app", taken.ConflictDetail, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync("bank-b", Ct));
        Assert.False(store.MemoryIndex.Rows.ContainsKey(IdentityKey.App("own-app")));
        Assert.Equal("bank-a", await Registry.ResolveAsync(IdentityKey.App("shared-app"), Ct));
    }

    [Fact]
    public async Task ReleasesAnIdTakenOffAnEntry()
    {
        await Registry.PutAsync("bank-a", Bank(["moving-app"], ["officer"]), "reg", Ct);

        await Registry.PutAsync("bank-a", Bank(users: ["officer"]), "reg", Ct);
        var claimed = await Registry.PutAsync("bank-b", Bank(["moving-app"]), "reg", Ct);

        Assert.NotNull(claimed.Value);
        Assert.Equal("bank-b", await Registry.ResolveAsync(IdentityKey.App("moving-app"), Ct));
        Assert.Equal("bank-a", await Registry.ResolveAsync(IdentityKey.User("officer"), Ct));
    }

    [Fact]
    public async Task ResolvesAConfirmedRowByOneReadAndChecksAnUnconfirmedOneAgainstItsEntry()
    {
        await Registry.PutAsync("bank-a", Bank(["app-a"]), "reg", Ct);
        // A change that crashed after claiming and before writing its entry.
        store.MemoryIndex.Put(IdentityKey.App("orphan-app"), "bank-a", confirmed: false);
        var before = store.MemoryIndex.Reads;

        var confirmed = await Registry.ResolveAsync(IdentityKey.App("app-a"), Ct);
        var reads = store.MemoryIndex.Reads - before;
        var orphan = await Registry.ResolveAsync(IdentityKey.App("orphan-app"), Ct);
        var takenOver = await Registry.PutAsync("bank-b", Bank(["orphan-app"]), "reg", Ct);

        Assert.Equal("bank-a", confirmed);
        Assert.Equal(1, reads);
        Assert.Null(orphan);
        Assert.NotNull(takenOver.Value);
        Assert.Equal("bank-b", await Registry.ResolveAsync(IdentityKey.App("orphan-app"), Ct));
    }

    [Fact]
    public async Task RepairsAnUnconfirmedRowOfItsOwnOnAnIdenticalPut()
    {
        await Registry.PutAsync("bank-a", Bank(["app-a"]), "reg", Ct);
        store.MemoryIndex.Put(IdentityKey.App("app-a"), "bank-a", confirmed: false);

        await Registry.PutAsync("bank-a", Bank(["app-a"]), "reg", Ct);

        Assert.True(store.MemoryIndex.Rows[IdentityKey.App("app-a")].Confirmed);
        Assert.Equal(1, store.Saves);
    }

    [Fact]
    public async Task NamesEachInvalidField()
    {
        var result = await Registry.PutAsync("bad/bank", new BankInput("", "许可证", ["ok", "not an id"], ["u", "U"]), "reg", Ct);

        var errors = result.Errors!.ToDictionary();
        Assert.Equal(["bankId", "clientAppIds[1]", "licenceNo", "name", "userObjectIds[1]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(audit.Entries);
    }

    [Fact]
    public async Task CapsTheIdsOfAnEntry()
    {
        var apps = Enumerable.Range(0, IdentityIds.MaxClientAppIds + 1).Select(i => $"app-{i}").ToArray();

        var result = await Registry.PutAsync("bank-many", Bank(apps), "reg", Ct);

        Assert.Contains("clientAppIds", result.Errors!.ToDictionary().Keys);
    }
}
