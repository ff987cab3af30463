using CreditSharing.Core.Audit;
using CreditSharing.Core.Identity;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Banks;

/// <summary>
/// The bank registry (docs/identity.md): the banks of 信易贷, and which client apps and users sign in as
/// each. Kept by Regulators; every change is kept with who made it and when, and audited.
/// </summary>
public sealed class BankRegistry(IBankStore store, IAuditLog audit, TimeProvider clock)
{
    private const int MaxAttempts = 5;

    public const string AuditAction = "banks.put";

    private readonly IdentityClaims claims = new(store.Index, "bank", async (holder, ct) => (await store.GetAsync(holder, ct))?.Details.Identities);

    /// <summary>The bank an identity resolves to, or null.</summary>
    public Task<string?> ResolveAsync(IdentityKey key, CancellationToken cancellationToken) => claims.ResolveAsync(key, cancellationToken);

    /// <summary>Whether <paramref name="bankId"/> is registered: one point read (the local <c>bankId</c> claim's check).</summary>
    public async Task<bool> ExistsAsync(string bankId, CancellationToken cancellationToken)
        => BankValidator.IdError(bankId) is null && await store.GetAsync(bankId, cancellationToken) is not null;

    public async Task<CommandResult<BankReceipt>> PutAsync(string bankId, BankInput? input, string by, CancellationToken cancellationToken)
    {
        var (details, errors) = BankValidator.Validate(bankId, input);
        if (details is null)
        {
            return CommandResult<BankReceipt>.Invalid(errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.GetAsync(bankId, cancellationToken);
            var outcome = await claims.PrepareAsync(bankId, existing?.Details.Identities ?? new HashSet<IdentityKey>(), details.Identities, cancellationToken);
            if (outcome.Conflict is { } conflict)
            {
                return CommandResult<BankReceipt>.Conflict(conflict);
            }

            if (existing is not null && Same(existing.Details, details))
            {
                await claims.ConfirmAsync(bankId, outcome, cancellationToken);
                return CommandResult<BankReceipt>.Ok(new BankReceipt(ToView(existing, await store.HistoryAsync(bankId, cancellationToken)), Created: false));
            }

            var stored = new StoredBank(bankId, details, (existing?.Revision ?? 0) + 1, clock.GetUtcNow(), by, null);
            if (await store.TrySaveAsync(stored, existing?.Version, cancellationToken))
            {
                await claims.ConfirmAsync(bankId, outcome, cancellationToken);
                await audit.WriteAsync(new AuditEntry(stored.UpdatedAt, by, "Regulator", AuditAction, null, bankId, null), cancellationToken);
                return CommandResult<BankReceipt>.Ok(new BankReceipt(ToView(stored, await store.HistoryAsync(bankId, cancellationToken)), Created: existing is null));
            }

            if (attempt == MaxAttempts)
            {
                return CommandResult<BankReceipt>.Conflict($"Bank {bankId} was changed by others {MaxAttempts} times while this change was made; send it again.");
            }
        }
    }

    public async Task<CommandResult<BankView>> GetAsync(string bankId, CancellationToken cancellationToken)
    {
        if (BankValidator.IdError(bankId) is { } error)
        {
            return CommandResult<BankView>.Invalid(FieldErrors.Of("bankId", error));
        }

        var stored = await store.GetAsync(bankId, cancellationToken);
        return stored is null
            ? CommandResult<BankView>.NotFound($"Bank {bankId} is not in the bank registry.")
            : CommandResult<BankView>.Ok(ToView(stored, await store.HistoryAsync(bankId, cancellationToken)));
    }

    public async Task<IReadOnlyList<BankView>> ListAsync(CancellationToken cancellationToken)
    {
        var all = new List<BankView>();
        await foreach (var stored in store.ListAsync(cancellationToken))
        {
            all.Add(ToView(stored, null));
        }

        return all;
    }

    public static BankView ToView(StoredBank stored, IReadOnlyList<BankChange>? history)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var d = stored.Details;
        return new BankView(stored.BankId, d.Name, d.LicenceNo, d.ClientAppIds, d.UserObjectIds, stored.Revision, stored.UpdatedAt, stored.UpdatedBy, history);
    }

    private static bool Same(BankDetails a, BankDetails b)
        => a.Name == b.Name && a.LicenceNo == b.LicenceNo
           && IdentityIds.SameSet(a.ClientAppIds, b.ClientAppIds) && IdentityIds.SameSet(a.UserObjectIds, b.UserObjectIds);
}
