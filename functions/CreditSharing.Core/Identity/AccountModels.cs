namespace CreditSharing.Core.Identity;

/// <summary>Body of <c>POST /api/enterprises/{uscc}/accounts</c>: the Entra object id of the user who acts for the enterprise.</summary>
public sealed record AccountInput(string? Oid);

/// <summary>One account bound to an enterprise: who bound it and when.</summary>
public sealed record AccountView(string Uscc, string Oid, DateTimeOffset BoundAt, string BoundBy);

/// <summary>The enterprises an Enterprise caller acts for (<c>GET /api/me/enterprises</c>): what the /me page offers to pick from.</summary>
public sealed record CallerEnterprises(IReadOnlyList<string> Usccs);

/// <summary>The answer to a bind: the binding, and whether it is new (201) or was there already (200).</summary>
public sealed record AccountReceipt(AccountView Account, bool Created);

/// <summary>The enterprises one account acts for (the row resolution reads), with its ETag.</summary>
public sealed record StoredAccount(string Oid, IReadOnlyList<string> Usccs, string? Version);

/// <summary>Who binds or reads accounts: a Regulator, or a provider (allowed when its registry entry has <c>profiles: true</c>).</summary>
public sealed record AccountActor(string Id, string Role, bool IsRegulator);

/// <summary>
/// Table <c>Accounts</c>: per account one row with the enterprises it acts for (read by one point read on every
/// request of an Enterprise token), and per enterprise one row per bound account (read to list them).
/// </summary>
public interface IAccountStore
{
    /// <summary>One point read: the enterprises <paramref name="oid"/> is bound to, or null when none.</summary>
    Task<StoredAccount?> GetAsync(string oid, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the account's enterprises: new when <paramref name="expectedVersion"/> is null, else over that version;
    /// an empty list deletes the row. False when another writer came first.
    /// </summary>
    Task<bool> TrySaveAsync(string oid, IReadOnlyList<string> usccs, string? expectedVersion, CancellationToken cancellationToken);

    /// <summary>Adds or replaces the enterprise's row of the account.</summary>
    Task PutMemberAsync(AccountView member, CancellationToken cancellationToken);

    /// <summary>Deletes the enterprise's row of the account, if any.</summary>
    Task RemoveMemberAsync(string uscc, string oid, CancellationToken cancellationToken);

    /// <summary>The enterprise's rows (one partition).</summary>
    Task<IReadOnlyList<AccountView>> MembersAsync(string uscc, CancellationToken cancellationToken);
}
