using CreditSharing.Core.Identity;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Banks;

/// <summary>Body of <c>PUT /api/banks/{bankId}</c>: every field raw, so each error can name its field.</summary>
public sealed record BankInput(string? Name, string? LicenceNo, IReadOnlyList<string?>? ClientAppIds, IReadOnlyList<string?>? UserObjectIds);

/// <summary>A bank as a Regulator registered it: its name, its financial licence number (金融许可证号), and who signs in as it.</summary>
public sealed record BankDetails(string Name, string LicenceNo, IReadOnlyList<string> ClientAppIds, IReadOnlyList<string> UserObjectIds)
{
    /// <summary>The identities that resolve to this bank.</summary>
    public IReadOnlySet<IdentityKey> Identities => IdentityIds.Keys(ClientAppIds, UserObjectIds);
}

/// <summary>A bank registry entry in force, with its revision (1, then +1 per change) and who made the last change when.</summary>
/// <param name="Version">The row's ETag: a change is written only over the version it was decided on.</param>
public sealed record StoredBank(string BankId, BankDetails Details, int Revision, DateTimeOffset UpdatedAt, string UpdatedBy, string? Version) : IVersionedEntry<BankDetails>
{
    string IVersionedEntry<BankDetails>.Id => BankId;
}

/// <summary>One change of a bank's entry, kept for good.</summary>
public sealed record BankChange(int Revision, DateTimeOffset At, string By, string Name, string LicenceNo, IReadOnlyList<string> ClientAppIds, IReadOnlyList<string> UserObjectIds);

/// <summary>What <c>GET /api/banks/{bankId}</c> answers; <see cref="History"/> is null in the list of all banks.</summary>
public sealed record BankView(
    string BankId,
    string Name,
    string LicenceNo,
    IReadOnlyList<string> ClientAppIds,
    IReadOnlyList<string> UserObjectIds,
    int Revision,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    IReadOnlyList<BankChange>? History = null);

/// <summary>The answer to a PUT: the entry as stored, and whether it was new (201) or changed or unchanged (200).</summary>
public sealed record BankReceipt(BankView Bank, bool Created);

/// <summary>The bank registry's storage (table <c>Banks</c>, one partition per bank, and its identity index).</summary>
public interface IBankStore : IVersionedStore<StoredBank, BankChange>;
