using CreditSharing.Core.Banks;
using CreditSharing.Core.Providers;

namespace CreditSharing.Core.Identity;

/// <summary>What a validated token says about who signed in, read by the gate (claim names in docs/identity.md).</summary>
/// <param name="IsUser">A user's (delegated) token: it carries <c>scp</c>, or <c>idtyp</c> = <c>user</c>. Otherwise app-only.</param>
/// <param name="ClaimedUscc">The local issuer's <c>uscc</c> claim: honoured only in local mode.</param>
/// <param name="ClaimedBankId">The local issuer's <c>bankId</c> claim: honoured only in local mode, and only for a registered bank.</param>
public sealed record TokenIdentity(
    bool DataProvider,
    bool Bank,
    bool Enterprise,
    string? Subject,
    string? ObjectId,
    string? ClientApp,
    bool IsUser,
    string? ClaimedUscc = null,
    string? ClaimedBankId = null);

/// <summary>
/// What the registries say about a token. A refusal (a 403 detail naming the registry and the id tried)
/// means the role resolved to nothing: the caller does not hold that role for this request.
/// </summary>
public sealed record ResolvedIdentity(
    string Id,
    string? ProviderId,
    string? ProviderRefusal,
    string? BankId,
    string? BankRefusal,
    IReadOnlyList<string> Usccs);

/// <summary>Resolves a token's identities from the registries (the gate's port).</summary>
public interface IIdentityResolver
{
    Task<ResolvedIdentity> ResolveAsync(TokenIdentity token, CancellationToken cancellationToken);
}

/// <summary>Whether the local issuer's conveniences (the <c>uscc</c> and <c>bankId</c> claims, the provider id <c>azp ?? sub</c>) apply: local mode only, never with Entra ID.</summary>
public sealed record IdentityResolverOptions(bool LocalConveniences);

/// <summary>
/// Resolves the identities of a token from the registries (docs/identity.md): a DataProvider to the provider
/// whose entry lists it, a Bank to the bank likewise, an Enterprise to the enterprises its <c>oid</c> is bound
/// to. A user token is looked up by its <c>oid</c>, an app-only token by its client app (<c>azp</c>/<c>appid</c>).
/// Each role held costs one point read (a second only while an index row is unconfirmed); no cache, so a
/// registry change holds from the next request.
/// </summary>
public sealed class IdentityResolver(ProviderRegistry providers, BankRegistry banks, AccountRegistry accounts, IdentityResolverOptions options) : IIdentityResolver
{
    public async Task<ResolvedIdentity> ResolveAsync(TokenIdentity token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var key = KeyOf(token);
        string? providerId = null, providerRefusal = null, bankId = null, bankRefusal = null;
        IReadOnlyList<string> usccs = [];

        if (token.DataProvider)
        {
            providerId = key is { } k ? await providers.ResolveAsync(k, cancellationToken) : null;
            if (providerId is null && options.LocalConveniences)
            {
                // The DevHost's provider id: the token's client app, else its subject.
                providerId = token.ClientApp ?? token.Subject;
            }

            if (providerId is null)
            {
                providerRefusal = key is { } tried
                    ? $"No entry of the provider registry lists the {tried}: a Regulator adds it to the provider's {ListOf(tried)} with PUT /api/providers/{{providerId}}."
                    : "The token names no user (oid) or client app (azp/appid) to look up in the provider registry.";
            }
        }

        if (token.Bank)
        {
            if (options.LocalConveniences && !string.IsNullOrWhiteSpace(token.ClaimedBankId))
            {
                bankId = await banks.ExistsAsync(token.ClaimedBankId, cancellationToken) ? token.ClaimedBankId : null;
                bankRefusal = bankId is null ? $"Bank {token.ClaimedBankId} is not in the bank registry: a Regulator registers it with PUT /api/banks/{token.ClaimedBankId}." : null;
            }
            else
            {
                bankId = key is { } k ? await banks.ResolveAsync(k, cancellationToken) : null;
                bankRefusal = bankId is not null ? null : key is { } tried
                    ? $"No entry of the bank registry lists the {tried}: a Regulator adds it to the bank's {ListOf(tried)} with PUT /api/banks/{{bankId}}."
                    : "The token names no user (oid) or client app (azp/appid) to look up in the bank registry.";
            }
        }

        if (token.Enterprise)
        {
            if (options.LocalConveniences && !string.IsNullOrWhiteSpace(token.ClaimedUscc))
            {
                usccs = [token.ClaimedUscc.Trim().ToUpperInvariant()];
            }
            else if (!string.IsNullOrWhiteSpace(token.ObjectId))
            {
                usccs = await accounts.EnterprisesOfAsync(token.ObjectId, cancellationToken);
            }
        }

        var id = providerId ?? token.ObjectId ?? token.Subject ?? "anonymous";
        return new ResolvedIdentity(id, providerId, providerRefusal, bankId, bankRefusal, usccs);
    }

    /// <summary>A user token by its <c>oid</c>; an app-only token by its client app.</summary>
    public static IdentityKey? KeyOf(TokenIdentity token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var id = token.IsUser ? token.ObjectId : token.ClientApp;
        return IdentityIds.Error(id) is null ? token.IsUser ? IdentityKey.User(id!) : IdentityKey.App(id!) : null;
    }

    private static string ListOf(IdentityKey key) => key.Kind == IdentityKind.User ? "userObjectIds" : "clientAppIds";
}
