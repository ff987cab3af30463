using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>
/// A stand-in for a Microsoft Entra ID tenant on 127.0.0.1: it serves the tenant's OpenID configuration
/// (<c>/{tenant}/v2.0/.well-known/openid-configuration</c>) and its JWKS (<c>/{tenant}/discovery/v2.0/keys</c>)
/// with one RSA key, and mints RS256 access tokens shaped like Entra's v2.0 tokens for the API's app
/// registration. A DevHost configured with <see cref="Settings"/> validates them with Microsoft.Identity.Web
/// exactly as the function app does in Azure, offline.
/// </summary>
public sealed class FakeEntra : IAsyncDisposable
{
    /// <summary>The delegated scope the dashboard asks for (docs/configuration.md).</summary>
    public const string UserScope = "user_impersonation";

    private readonly WebApplication app;
    private readonly RSA rsa;

    private readonly string? claimedInstance;

    private FakeEntra(WebApplication app, RSA rsa, RsaSecurityKey key, string? claimedInstance)
    {
        this.app = app;
        this.rsa = rsa;
        this.claimedInstance = claimedInstance;
        SigningKey = key;
    }

    /// <summary>The tenant's directory id.</summary>
    public string TenantId { get; } = Guid.NewGuid().ToString();

    /// <summary>
    /// The API's app registration (client id); its identifier URI is <c>api://{ClientId}</c>. A v2.0 access
    /// token's <c>aud</c> is the client id, as Entra writes it (a v1.0 token's would be the identifier URI).
    /// </summary>
    public string ClientId { get; } = Guid.NewGuid().ToString();

    public string Audience => "api://" + ClientId;

    /// <summary>Where this tenant listens: <c>http://127.0.0.1:{port}/</c>.</summary>
    public string Address => app.Urls.First().TrimEnd('/') + "/";

    /// <summary>
    /// The instance it is, in <c>AzureAd:Instance</c>'s form (trailing slash): its <see cref="Address"/>, or the
    /// login endpoint it stands in for (<c>https://login.microsoftonline.com/</c>) when started as one; then
    /// requests for that endpoint reach it through <see cref="Backchannel"/> or a browser's request routing.
    /// </summary>
    public string Instance => claimedInstance ?? Address;

    public string Issuer => IssuerOf(TenantId);

    public RsaSecurityKey SigningKey { get; }

    /// <summary>How often the DevHost fetched the OpenID configuration and the keys (it must, to validate).</summary>
    public int MetadataRequests { get; private set; }

    /// <summary>
    /// The <c>AzureAd</c> section of a function app whose API registration this tenant holds; the audience is
    /// the identifier URI, as a deployment sets it, while the tokens (v2.0) carry the client id.
    /// </summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["AzureAd:Instance"] = Instance,
        ["AzureAd:TenantId"] = TenantId,
        ["AzureAd:ClientId"] = ClientId,
        ["AzureAd:Audience"] = Audience,
    };

    public string IssuerOf(string tenantId) => $"{Instance}{tenantId}/v2.0";

    /// <param name="claimedInstance">The https login endpoint it stands in for, or null to be itself (plain http on 127.0.0.1).</param>
    public static async Task<FakeEntra> StartAsync(string? claimedInstance = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) };
        var entra = new FakeEntra(app, rsa, key, claimedInstance);
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => entra.Configuration(tenant));
        app.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) => entra.Keys(tenant));
        await app.StartAsync();
        return entra;
    }

    /// <summary>
    /// A user's delegated token (what the dashboard gets from MSAL): <c>scp</c>, the user's <c>oid</c>, the
    /// client app that asked in <c>azp</c>, the app roles assigned to the user.
    /// </summary>
    public string UserToken(string oid, params string[] roles)
        => Mint(new EntraToken(roles, oid, Azp: Guid.NewGuid().ToString(), Scope: UserScope));

    /// <summary>An application's token (client credentials): no <c>scp</c>; <c>azp</c> is the calling app, <c>oid</c> its service principal.</summary>
    public string AppToken(string clientAppId, params string[] roles)
        => Mint(new EntraToken(roles, Oid: Guid.NewGuid().ToString(), Azp: clientAppId, Scope: null));

    /// <summary>Mints <paramref name="token"/>: signed with this tenant's key unless it says otherwise, unsigned (<c>alg: none</c>) when asked.</summary>
    public string Mint(EntraToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var now = DateTime.UtcNow.Add(token.Shift);
        var tenant = token.TenantId ?? TenantId;
        var claims = new Dictionary<string, object>
        {
            ["ver"] = "2.0",
            ["tid"] = tenant,
            ["oid"] = token.Oid,
            ["sub"] = token.Subject ?? Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token.Oid + "|" + token.Azp)))[..43],
            ["azp"] = token.Azp,
            ["azpacr"] = "1",
            ["uti"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
            ["roles"] = token.Roles.ToArray(),
        };
        if (token.Scope is not null)
        {
            claims["scp"] = token.Scope;
            claims["idtyp"] = "user";
        }
        else
        {
            claims["idtyp"] = "app";
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = token.Issuer ?? IssuerOf(tenant),
            Audience = token.Audience ?? ClientId,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(token.Lifetime),
        };
        if (token.Unsigned)
        {
            return new JsonWebTokenHandler().CreateToken(descriptor);
        }

        descriptor.SigningCredentials = new SigningCredentials(token.Key ?? SigningKey, SecurityAlgorithms.RsaSha256);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>The URL at this tenant's address for a URL of the <see cref="Instance"/> it stands in for.</summary>
    public Uri Rewrite(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsoluteUri.StartsWith(Instance, StringComparison.OrdinalIgnoreCase) ? new Uri(Address + url.AbsoluteUri[Instance.Length..]) : url;
    }

    /// <summary>An HTTP handler that sends requests for the <see cref="Instance"/> to this tenant (a DevHost's metadata backchannel).</summary>
    public HttpMessageHandler Backchannel() => new RewritingHandler(this);

    /// <summary>Another RSA key with this tenant's key id: a forger's signature.</summary>
    public RsaSecurityKey ForeignKey() => new(RSA.Create(2048)) { KeyId = SigningKey.KeyId };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        rsa.Dispose();
    }

    private IResult Configuration(string tenant)
    {
        MetadataRequests++;
        var issuer = IssuerOf(tenant);
        return Cors(Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = $"{Instance}{tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{Instance}{tenant}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{Instance}{tenant}/discovery/v2.0/keys",
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["tenant_region_scope"] = "AS",
            ["cloud_instance_name"] = "microsoftonline.com",
        }));
    }

    private IResult Keys(string tenant)
    {
        MetadataRequests++;
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = SigningKey.KeyId });
        // Entra's keys name the issuer they sign for; Microsoft.Identity.Web checks it against the token's.
        var key = new Dictionary<string, object?>
        {
            ["kty"] = jwk.Kty,
            ["use"] = "sig",
            ["kid"] = jwk.Kid,
            ["n"] = jwk.N,
            ["e"] = jwk.E,
            ["issuer"] = IssuerOf(tenant),
        };
        return Cors(Results.Text(JsonSerializer.Serialize(new { keys = new[] { key } }), "application/json"));
    }

    /// <summary>As Entra answers its metadata: readable by a single-page app's fetch from any origin.</summary>
    private static IResult Cors(IResult result) => new CorsResult(result);

    private sealed class CorsResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.AccessControlAllowOrigin = "*";
            return inner.ExecuteAsync(httpContext);
        }
    }

    private sealed class RewritingHandler(FakeEntra entra) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = entra.Rewrite(request.RequestUri!);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>What <see cref="FakeEntra.Mint"/> puts in a token; null means "as Entra would for this tenant".</summary>
/// <param name="Scope">Delegated scopes (<c>scp</c>) of a user's token; null for an application's token.</param>
/// <param name="Shift">Moves iat/nbf/exp (negative: a token from the past).</param>
public sealed record EntraToken(
    IReadOnlyList<string> Roles,
    string Oid,
    string Azp,
    string? Scope,
    string? TenantId = null,
    string? Issuer = null,
    string? Audience = null,
    string? Subject = null,
    SecurityKey? Key = null,
    bool Unsigned = false,
    TimeSpan Shift = default,
    TimeSpan? LifetimeOverride = null)
{
    public TimeSpan Lifetime => LifetimeOverride ?? TimeSpan.FromHours(1);
}
