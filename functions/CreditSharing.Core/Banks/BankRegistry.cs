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
    public const string AuditAction = "banks.put";

    private readonly VersionedRegistry<StoredBank, BankDetails, BankChange> entries = new(store, "bank", d => d.Identities, Same);

    /// <summary>The bank an identity resolves to, or null.</summary>
    public Task<string?> ResolveAsync(IdentityKey key, CancellationToken cancellationToken) => entries.ResolveAsync(key, cancellationToken);

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

        return await entries.PutAsync(
            bankId,
            details,
            revision => new StoredBank(bankId, details, revision, clock.GetUtcNow(), by, null),
            (stored, ct) => audit.WriteAsync(new AuditEntry(stored.UpdatedAt, by, "Regulator", AuditAction, null, bankId, null), ct),
            (stored, history, created) => new BankReceipt(ToView(stored, history), created),
            cancellationToken);
    }

    public async Task<CommandResult<BankView>> GetAsync(string bankId, CancellationToken cancellationToken)
    {
        if (BankValidator.IdError(bankId) is { } error)
        {
            return CommandResult<BankView>.Invalid(FieldErrors.Of("bankId", error));
        }

        return await entries.GetAsync(bankId, ToView, cancellationToken);
    }

    public Task<IReadOnlyList<BankView>> ListAsync(CancellationToken cancellationToken) => entries.ListAsync(ToView, cancellationToken);

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
