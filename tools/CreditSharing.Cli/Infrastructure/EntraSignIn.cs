using Microsoft.Identity.Client;

namespace CreditSharing.Cli.Infrastructure;

/// <summary>
/// Device-code sign-in against Entra ID with MSAL.NET; the token cache is a file of the configuration directory
/// (<see cref="CliConfig.MsalCacheFileName"/>, mode 600), so later commands get tokens silently.
/// </summary>
public sealed class EntraSignIn
{
    private readonly IPublicClientApplication app;
    private readonly string[] scopes;

    public EntraSignIn(string home, CliConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.ClientId))
        {
            throw new UsageException("No client id: run 'creditsharing login --client-id <id> --tenant <tenant> --scope <scope>'.");
        }

        scopes = [string.IsNullOrWhiteSpace(config.Scope) ? $"api://{config.ClientId}/.default" : config.Scope];
        var authority = string.IsNullOrWhiteSpace(config.Authority) ? "https://login.microsoftonline.com/" : config.Authority;
        app = PublicClientApplicationBuilder.Create(config.ClientId)
            .WithAuthority($"{authority.TrimEnd('/')}/{(string.IsNullOrWhiteSpace(config.TenantId) ? "organizations" : config.TenantId)}")
            .WithDefaultRedirectUri()
            .Build();
        CachePath = Path.Combine(home, CliConfig.MsalCacheFileName);
        app.UserTokenCache.SetBeforeAccess(args =>
        {
            if (File.Exists(CachePath))
            {
                args.TokenCache.DeserializeMsalV3(File.ReadAllBytes(CachePath));
            }
        });
        app.UserTokenCache.SetAfterAccess(args =>
        {
            if (args.HasStateChanged)
            {
                PrivateFile.Write(CachePath, args.TokenCache.SerializeMsalV3());
            }
        });
    }

    public string CachePath { get; }

    public IReadOnlyList<string> Scopes => scopes;

    public string Authority => app.Authority;

    /// <summary>Shows the code and URL through <paramref name="show"/> and waits for the user to sign in.</summary>
    public async Task<AuthenticationResult> DeviceCodeAsync(Action<string> show, CancellationToken cancellationToken)
        => await app.AcquireTokenWithDeviceCode(scopes, code =>
        {
            show(code.Message);
            return Task.CompletedTask;
        }).ExecuteAsync(cancellationToken);

    /// <summary>A token from the cache (refreshed when needed), or null when nobody signed in.</summary>
    public async Task<string?> SilentAsync(CancellationToken cancellationToken)
    {
        var account = (await app.GetAccountsAsync()).FirstOrDefault();
        if (account is null)
        {
            return null;
        }

        try
        {
            return (await app.AcquireTokenSilent(scopes, account).ExecuteAsync(cancellationToken)).AccessToken;
        }
        catch (MsalUiRequiredException)
        {
            return null;
        }
    }
}
