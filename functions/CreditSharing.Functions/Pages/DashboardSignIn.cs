using CreditSharing.Functions.Auth;
using Microsoft.Extensions.Configuration;

namespace CreditSharing.Functions.Pages;

/// <summary>
/// What the dashboard's MSAL.js (<c>@azure/msal-browser</c>, served from the app) is configured with in Azure:
/// the authorization code flow with PKCE against the API's own app registration.
/// </summary>
/// <param name="ClientId">The API's app registration (<c>AzureAd:ClientId</c>), which is also the SPA signing in.</param>
/// <param name="Authority"><c>{AzureAd:Instance}{AzureAd:TenantId}</c>.</param>
/// <param name="RedirectPath">Appended to the page's own origin: the SPA redirect URIs registered are <c>https://{host}/dashboard</c> and <c>https://{host}/me</c>.</param>
/// <param name="Scopes">The delegated scope the access token is asked for: <c>api://{ClientId}/user_impersonation</c> unless <c>Dashboard:Scope</c>.</param>
/// <param name="CacheLocation">Where MSAL keeps its tokens: <c>sessionStorage</c>, gone with the tab.</param>
public sealed record MsalSettings(string ClientId, string Authority, string RedirectPath, IReadOnlyList<string> Scopes, string CacheLocation)
{
    public const string SessionStorage = "sessionStorage";

    /// <summary>The login endpoint's origin (<c>https://login.microsoftonline.com</c>): the only one the page may connect to besides its own.</summary>
    public string LoginOrigin => new Uri(Authority).GetLeftPart(UriPartial.Authority);
}

public static class DashboardSignIn
{
    /// <summary>Overrides the scope the dashboard asks for (another API registration's scope, say).</summary>
    public const string ScopeSetting = "Dashboard:Scope";

    public const string DefaultScopeName = "user_impersonation";

    public const string MsalScriptPath = "/assets/msal-browser.min.js";

    /// <summary>
    /// MSAL's settings when Entra ID is configured (<c>AzureAd:ClientId</c>, the same rule as
    /// <see cref="AuthenticationSetup"/>); null in local mode, where the page mints tokens at <c>/dev/token</c>.
    /// </summary>
    /// <param name="page">The page signing in (its route), which is also the redirect URI's path: <c>dashboard</c> or <c>me</c>.</param>
    public static MsalSettings? From(IConfiguration configuration, string page = Hosting.Routes.DashboardPage)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var azureAd = configuration.GetSection("AzureAd");
        if (string.IsNullOrWhiteSpace(azureAd["ClientId"]))
        {
            return null;
        }

        var entra = EntraSettings.From(azureAd);
        var scope = string.IsNullOrWhiteSpace(configuration[ScopeSetting])
            ? $"api://{entra.ClientId}/{DefaultScopeName}"
            : configuration[ScopeSetting]!.Trim();
        return new MsalSettings(entra.ClientId, entra.Authority, "/" + page, [scope], MsalSettings.SessionStorage);
    }

    /// <summary>
    /// The page's CSP: scripts from the app only; in Azure, fetches to the app and to the login endpoint (MSAL
    /// reads the tenant's metadata and redeems the code there; the sign-in itself is a top-level navigation);
    /// locally, to the app only (<c>/dev/token</c>).
    /// </summary>
    public static string PolicyFor(MsalSettings? msal)
        => msal is null
            ? PageLayout.SelfScriptPolicy
            : $"default-src 'none'; script-src 'self'; connect-src 'self' {msal.LoginOrigin}; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}
