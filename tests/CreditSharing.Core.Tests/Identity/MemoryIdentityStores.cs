using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using CreditSharing.Core.Audit;
using CreditSharing.Core.Banks;
using CreditSharing.Core.Identity;

namespace CreditSharing.Core.Tests.Identity;

/// <summary>An identity index in memory; versions count up. <see cref="Reads"/> counts point reads.</summary>
internal sealed class MemoryIdentityIndex : IIdentityIndex
{
    private readonly Dictionary<IdentityKey, IndexClaim> rows = [];
    private int next;

    public int Reads { get; private set; }

    public IReadOnlyDictionary<IdentityKey, IndexClaim> Rows => rows;

    public Task<IndexClaim?> GetAsync(IdentityKey key, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            Reads++;
            return Task.FromResult(rows.GetValueOrDefault(key));
        }
    }

    public Task<string?> TryClaimAsync(IdentityKey key, string holder, string? replacing, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            if (rows.GetValueOrDefault(key)?.Version != replacing)
            {
                return Task.FromResult<string?>(null);
            }

            var version = NextVersion();
            rows[key] = new IndexClaim(holder, false, version);
            return Task.FromResult<string?>(version);
        }
    }

    public Task<bool> TryConfirmAsync(IdentityKey key, string holder, string version, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            if (rows.GetValueOrDefault(key)?.Version != version)
            {
                return Task.FromResult(false);
            }

            rows[key] = new IndexClaim(holder, true, NextVersion());
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryReleaseAsync(IdentityKey key, string version, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            if (rows.TryGetValue(key, out var row) && row.Version != version)
            {
                return Task.FromResult(false);
            }

            rows.Remove(key);
            return Task.FromResult(true);
        }
    }

    /// <summary>Writes a row as a crashed change would have left it.</summary>
    public void Put(IdentityKey key, string holder, bool confirmed) => rows[key] = new IndexClaim(holder, confirmed, NextVersion());

    private string NextVersion() => (++next).ToString(CultureInfo.InvariantCulture);
}

internal sealed class MemoryBankStore : IBankStore
{
    private readonly ConcurrentDictionary<string, StoredBank> current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<BankChange>> history = new(StringComparer.Ordinal);

    public MemoryIdentityIndex MemoryIndex { get; } = new();

    public IIdentityIndex Index => MemoryIndex;

    public int Saves { get; private set; }

    public Task<StoredBank?> GetAsync(string bankId, CancellationToken cancellationToken) => Task.FromResult(current.GetValueOrDefault(bankId));

    public Task<bool> TrySaveAsync(StoredBank bank, string? expectedVersion, CancellationToken cancellationToken)
    {
        lock (current)
        {
            if (current.GetValueOrDefault(bank.BankId)?.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            Saves++;
            current[bank.BankId] = bank with { Version = bank.Revision.ToString(CultureInfo.InvariantCulture) };
            var d = bank.Details;
            history.GetOrAdd(bank.BankId, _ => []).Add(new BankChange(bank.Revision, bank.UpdatedAt, bank.UpdatedBy, d.Name, d.LicenceNo, d.ClientAppIds, d.UserObjectIds));
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<BankChange>> HistoryAsync(string bankId, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<BankChange>>(history.GetValueOrDefault(bankId)?.ToList() ?? []);

    public async IAsyncEnumerable<StoredBank> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var key in current.Keys.Order(StringComparer.Ordinal))
        {
            yield return current[key];
        }

        await Task.CompletedTask;
    }
}

internal sealed class MemoryAccountStore : IAccountStore
{
    private readonly Dictionary<string, StoredAccount> accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Uscc, string Oid), AccountView> members = [];
    private int next;

    public int Reads { get; private set; }

    public Task<StoredAccount?> GetAsync(string oid, CancellationToken cancellationToken)
    {
        lock (accounts)
        {
            Reads++;
            return Task.FromResult(accounts.GetValueOrDefault(oid));
        }
    }

    public Task<bool> TrySaveAsync(string oid, IReadOnlyList<string> usccs, string? expectedVersion, CancellationToken cancellationToken)
    {
        lock (accounts)
        {
            if (accounts.GetValueOrDefault(oid)?.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            if (usccs.Count == 0)
            {
                accounts.Remove(oid);
            }
            else
            {
                accounts[oid] = new StoredAccount(oid, [.. usccs], (++next).ToString(CultureInfo.InvariantCulture));
            }

            return Task.FromResult(true);
        }
    }

    public Task PutMemberAsync(AccountView member, CancellationToken cancellationToken)
    {
        lock (accounts)
        {
            members[(member.Uscc, member.Oid)] = member;
            return Task.CompletedTask;
        }
    }

    public Task RemoveMemberAsync(string uscc, string oid, CancellationToken cancellationToken)
    {
        lock (accounts)
        {
            members.Remove((uscc, oid));
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<AccountView>> MembersAsync(string uscc, CancellationToken cancellationToken)
    {
        lock (accounts)
        {
            return Task.FromResult<IReadOnlyList<AccountView>>(members.Values.Where(m => m.Uscc == uscc).ToList());
        }
    }
}

internal sealed class MemoryAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditEntry> entries = new();

    public IReadOnlyList<AuditEntry> Entries => [.. entries];

    public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        entries.Enqueue(entry);
        return Task.CompletedTask;
    }
}
