using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Tokens;

namespace CreditSharing.Functions.Auth;

public static class AuthenticationSetup
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Entra ID mode (<c>AzureAd:ClientId</c> set): the local issuer's conveniences (docs/identity.md) never apply.</summary>
    public static bool UsesEntraId(IConfiguration configuration)
        => !string.IsNullOrWhiteSpace(configuration?.GetSection("AzureAd")["ClientId"]);

    /// <summary>
    /// Entra ID when <c>AzureAd:ClientId</c> is configured; otherwise the local issuer when
    /// <c>Auth:Local:SigningKey</c> is. With neither, start-up fails: no mode would admit anyone
    /// silently.
    /// </summary>
    public static IServiceCollection AddCreditSharingAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var azureAd = configuration.GetSection("AzureAd");
        if (!string.IsNullOrWhiteSpace(azureAd["ClientId"]))
        {
            services.AddAuthentication(Scheme).AddMicrosoftIdentityWebApi(configuration, "AzureAd", Scheme);
            var entra = EntraSettings.From(azureAd);
            services.Configure<JwtBearerOptions>(Scheme, o =>
            {
                // Claims keep the names Entra gives them (roles, oid, tid, scp, azp), as the resolution reads them.
                o.MapInboundClaims = false;
                o.TokenValidationParameters.RoleClaimType = AppClaims.Roles;
                o.TokenValidationParameters.NameClaimType = AppClaims.Subject;
                // The one issuer of this single-tenant app: Microsoft.Identity.Web's AAD issuer validator accepts
                // a token whose iss equals it without fetching metadata of its own; any other issuer (another
                // tenant) is refused.
                o.TokenValidationParameters.ValidIssuer = entra.Issuer;
                // Entra's v2.0 access tokens name the API by its client id, v1.0 tokens by its identifier URI:
                // both are this API, whichever AzureAd:Audience names.
                o.TokenValidationParameters.ValidAudiences = entra.Audiences(azureAd["Audience"]);
                // Plain-http metadata only for an instance on this machine (the tests' stand-in for Entra ID);
                // in Azure the instance is https://login.microsoftonline.com/ and https stays required.
                o.RequireHttpsMetadata = !entra.IsLoopback;
            });
            return services;
        }

        var local = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.Local ?? new LocalIssuerOptions();
        if (string.IsNullOrWhiteSpace(local.SigningKey))
        {
            throw new InvalidOperationException("No authentication is configured: set AzureAd:ClientId (Entra ID) or Auth:Local:SigningKey (local issuer).");
        }

        if (local.SigningKey.Length < LocalIssuerOptions.MinimumKeyLength)
        {
            throw new InvalidOperationException($"Auth:Local:SigningKey must have at least {LocalIssuerOptions.MinimumKeyLength} characters.");
        }

        services.AddSingleton(local);
        // Tokens live on the system clock, not the product's: the JWT handler validates lifetimes
        // against the system clock, and a DevHost whose clock was moved (POST /dev/clock) still
        // mints tokens that are valid now and keeps accepting those it minted before the move.
        services.AddSingleton(new LocalTokenIssuer(local, TimeProvider.System));
        services.AddAuthentication(Scheme).AddJwtBearer(Scheme, o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = local.Issuer,
                ValidAudience = local.Audience,
                IssuerSigningKey = LocalTokenIssuer.KeyFrom(local.SigningKey),
                RoleClaimType = AppClaims.Roles,
                NameClaimType = AppClaims.Subject,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        return services;
    }
}

/// <summary>The <c>AzureAd</c> settings this app reads beyond Microsoft.Identity.Web's own binding.</summary>
/// <param name="Instance">The login endpoint with a trailing slash, e.g. <c>https://login.microsoftonline.com/</c>.</param>
public sealed record EntraSettings(string Instance, string TenantId, string ClientId)
{
    public const string DefaultInstance = "https://login.microsoftonline.com/";

    /// <summary>The authority MSAL and the token validation use: <c>{Instance}{TenantId}</c>.</summary>
    public string Authority => Instance + TenantId;

    /// <summary>The issuer of the tenant's v2.0 access tokens: <c>{Instance}{TenantId}/v2.0</c>.</summary>
    public string Issuer => Authority + "/v2.0";

    /// <summary>The audiences that name this API: the configured one, the client id (v2.0 tokens) and <c>api://{ClientId}</c> (v1.0 tokens).</summary>
    public IReadOnlyList<string> Audiences(string? configured)
        => new[] { configured?.Trim(), ClientId, "api://" + ClientId }.OfType<string>().Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>An instance on this machine (http://127.0.0.1, ::1 or localhost): the tests' OpenID fixture, never Azure.</summary>
    public bool IsLoopback => Uri.TryCreate(Instance, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>Reads the section; a missing instance is Microsoft.Identity.Web's default, the public cloud.</summary>
    public static EntraSettings From(IConfiguration azureAd)
    {
        ArgumentNullException.ThrowIfNull(azureAd);
        var instance = string.IsNullOrWhiteSpace(azureAd["Instance"]) ? DefaultInstance : azureAd["Instance"]!.Trim();
        return new EntraSettings(instance.EndsWith('/') ? instance : instance + "/", (azureAd["TenantId"] ?? string.Empty).Trim(), (azureAd["ClientId"] ?? string.Empty).Trim());
    }
}
