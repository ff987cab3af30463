using CreditSharing.Core.Audit;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Identity;

/// <summary>
/// Enterprise accounts (docs/identity.md): which Entra users act for which enterprise. A Regulator or the
/// registration authority (a provider with <c>profiles: true</c>) binds and unbinds them; an Enterprise token
/// then acts for the enterprises its <c>oid</c> is bound to, from its next request.
/// </summary>
public sealed class AccountRegistry(IAccountStore store, IEnterpriseStore enterprises, ProviderGate providers, IAuditLog audit, TimeProvider clock)
{
    /// <summary>One account acts for at most this many enterprises (an accountant, 代理记账, serving several firms).</summary>
    public const int MaxEnterprisesPerAccount = 50;

    public const string BindAction = "accounts.bind";
    public const string UnbindAction = "accounts.unbind";

    private const int MaxAttempts = 5;

    /// <summary>The enterprises <paramref name="oid"/> acts for: one point read.</summary>
    public async Task<IReadOnlyList<string>> EnterprisesOfAsync(string oid, CancellationToken cancellationToken)
        => IdentityIds.Error(oid) is null ? (await store.GetAsync(IdentityKey.Normalize(oid), cancellationToken))?.Usccs ?? [] : [];

    public async Task<CommandResult<AccountReceipt>> BindAsync(string routeUscc, AccountInput? input, AccountActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new FieldErrors();
        if (!Uscc.TryParse(routeUscc, out var uscc, out var usccError))
        {
            errors.Add("uscc", usccError);
        }

        if (input is null)
        {
            errors.Add("body", "An account ({\"oid\": \"…\"}) is required.");
        }
        else if (IdentityIds.Error(input.Oid) is { } oidError)
        {
            errors.Add("oid", oidError);
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<AccountReceipt>.Invalid(errors);
        }

        if (await RefusalAsync(actor, cancellationToken) is { } refused)
        {
            return CommandResult<AccountReceipt>.Forbidden(refused);
        }

        if (await enterprises.GetAsync(uscc.Value, cancellationToken) is null)
        {
            return CommandResult<AccountReceipt>.NotFound($"Enterprise {uscc.Value} is not registered: its profile comes first (PUT /api/enterprises/{uscc.Value}).");
        }

        var oid = IdentityKey.Normalize(input!.Oid!);
        var binding = new AccountView(uscc.Value, oid, clock.GetUtcNow(), actor.Id);

        // The enterprise's row first: a crash before the account's row leaves a row that listing checks and drops.
        await store.PutMemberAsync(binding, cancellationToken);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var account = await store.GetAsync(oid, cancellationToken);
            var usccs = account?.Usccs ?? [];
            if (usccs.Contains(uscc.Value, StringComparer.Ordinal))
            {
                return CommandResult<AccountReceipt>.Ok(new AccountReceipt(binding, Created: false));
            }

            if (usccs.Count >= MaxEnterprisesPerAccount)
            {
                return CommandResult<AccountReceipt>.Conflict($"Account {oid} acts for {usccs.Count} enterprises already, the most one account may ({MaxEnterprisesPerAccount}); unbind one first.");
            }

            if (await store.TrySaveAsync(oid, [.. usccs, uscc.Value], account?.Version, cancellationToken))
            {
                await audit.WriteAsync(new AuditEntry(binding.BoundAt, actor.Id, actor.Role, BindAction, uscc.Value, oid, null), cancellationToken);
                return CommandResult<AccountReceipt>.Ok(new AccountReceipt(binding, Created: true));
            }
        }

        return CommandResult<AccountReceipt>.Conflict($"Account {oid} was changed by others {MaxAttempts} times while this change was made; send it again.");
    }

    public async Task<CommandResult<AccountView>> UnbindAsync(string routeUscc, string routeOid, AccountActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new FieldErrors();
        if (!Uscc.TryParse(routeUscc, out var uscc, out var usccError))
        {
            errors.Add("uscc", usccError);
        }

        if (IdentityIds.Error(routeOid) is { } oidError)
        {
            errors.Add("oid", oidError);
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<AccountView>.Invalid(errors);
        }

        if (await RefusalAsync(actor, cancellationToken) is { } refused)
        {
            return CommandResult<AccountView>.Forbidden(refused);
        }

        var oid = IdentityKey.Normalize(routeOid);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var account = await store.GetAsync(oid, cancellationToken);
            if (account is null || !account.Usccs.Contains(uscc.Value, StringComparer.Ordinal))
            {
                await store.RemoveMemberAsync(uscc.Value, oid, cancellationToken);
                return CommandResult<AccountView>.NotFound($"Account {oid} is not bound to {uscc.Value}.");
            }

            // The account's row first: the next request of that account no longer acts for the enterprise.
            if (await store.TrySaveAsync(oid, account.Usccs.Where(u => u != uscc.Value).ToList(), account.Version, cancellationToken))
            {
                await store.RemoveMemberAsync(uscc.Value, oid, cancellationToken);
                var at = clock.GetUtcNow();
                await audit.WriteAsync(new AuditEntry(at, actor.Id, actor.Role, UnbindAction, uscc.Value, oid, null), cancellationToken);
                return CommandResult<AccountView>.Ok(new AccountView(uscc.Value, oid, at, actor.Id));
            }
        }

        return CommandResult<AccountView>.Conflict($"Account {oid} was changed by others {MaxAttempts} times while this change was made; send it again.");
    }

    /// <summary>The accounts bound to an enterprise, each checked against the account's own row.</summary>
    public async Task<CommandResult<IReadOnlyList<AccountView>>> ListAsync(string routeUscc, AccountActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Uscc.TryParse(routeUscc, out var uscc, out var usccError))
        {
            return CommandResult<IReadOnlyList<AccountView>>.Invalid(FieldErrors.Of("uscc", usccError));
        }

        if (await RefusalAsync(actor, cancellationToken) is { } refused)
        {
            return CommandResult<IReadOnlyList<AccountView>>.Forbidden(refused);
        }

        var bound = new List<AccountView>();
        foreach (var member in await store.MembersAsync(uscc.Value, cancellationToken))
        {
            if ((await store.GetAsync(member.Oid, cancellationToken))?.Usccs.Contains(uscc.Value, StringComparer.Ordinal) == true)
            {
                bound.Add(member);
            }
        }

        return CommandResult<IReadOnlyList<AccountView>>.Ok(bound);
    }

    private async Task<string?> RefusalAsync(AccountActor actor, CancellationToken cancellationToken)
        => actor.IsRegulator ? null : (await providers.CheckAsync(actor.Id, asRegulator: false, cancellationToken)) switch
        {
            { Refused: { } refused } => refused,
            var access => access.ProfilesRefusal() is { } noProfiles ? noProfiles.Replace("create or change enterprise profiles", "bind enterprise accounts", StringComparison.Ordinal) : null,
        };
}
