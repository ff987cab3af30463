using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CreditSharing.Functions.Auth;

/// <summary>Mints tokens for the local issuer (DevHost <c>POST /dev/token</c>, tests). Never used with Entra ID.</summary>
public sealed class LocalTokenIssuer(LocalIssuerOptions options, TimeProvider clock)
{
    public LocalToken Issue(LocalTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [AppClaims.Roles] = request.Roles?.ToArray() ?? [],
            [AppClaims.Subject] = string.IsNullOrWhiteSpace(request.Sub) ? "dev-user" : request.Sub,
        };
        if (!string.IsNullOrWhiteSpace(request.Uscc))
        {
            claims[AppClaims.Uscc] = request.Uscc.Trim().ToUpperInvariant();
        }

        if (!string.IsNullOrWhiteSpace(request.BankId))
        {
            claims[AppClaims.BankId] = request.BankId;
        }

        if (!string.IsNullOrWhiteSpace(request.Azp))
        {
            claims[AppClaims.AuthorizedParty] = request.Azp;
        }

        if (!string.IsNullOrWhiteSpace(request.Oid))
        {
            claims[AppClaims.ObjectId] = request.Oid;
        }

        if (!string.IsNullOrWhiteSpace(request.Scp))
        {
            claims[AppClaims.Scope] = request.Scp;
        }

        var lifetime = options.TokenLifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(KeyFrom(options.SigningKey!), SecurityAlgorithms.HmacSha256),
        };
        return new LocalToken(new JsonWebTokenHandler().CreateToken(descriptor), (int)lifetime.TotalSeconds);
    }

    public static SymmetricSecurityKey KeyFrom(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));
}

/// <summary>Body of <c>POST /dev/token</c>.</summary>
/// <param name="Scp">Delegated scopes: set, the token is a user's (resolved by <c>oid</c>); absent, it is app-only (resolved by <c>azp</c>).</param>
public sealed record LocalTokenRequest(IReadOnlyList<string>? Roles, string? Sub, string? Uscc, string? BankId, string? Azp = null, string? Oid = null, string? Scp = null);

/// <summary>The token answer, in OAuth 2.0's field names.</summary>
public sealed record LocalToken(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
