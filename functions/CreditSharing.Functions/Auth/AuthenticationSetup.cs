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
            services.Configure<JwtBearerOptions>(Scheme, o => o.TokenValidationParameters.RoleClaimType = AppClaims.Roles);
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
