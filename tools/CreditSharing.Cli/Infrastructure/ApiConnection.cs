using CreditSharing.Client;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using CreditSharing.Cli.Commands;

namespace CreditSharing.Cli.Infrastructure;

/// <summary>The Kiota-generated client for the URL and token the options, the environment or <c>login</c> give.</summary>
public static class ApiConnection
{
    public static async Task<(CreditSharingApiClient Client, string BaseUrl)> CreateAsync(GlobalSettings settings, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        var config = CliConfig.Load(environment.Home);
        var url = settings.Url ?? environment.UrlFromEnvironment ?? config.Url
            ?? throw new UsageException($"No API URL: pass --url, set ${CliEnvironment.UrlVariable} or run 'creditsharing login'.");
        var token = settings.Token ?? environment.TokenFromEnvironment ?? await SavedTokenAsync(environment.Home, config, cancellationToken)
            ?? throw new UsageException($"Not signed in: pass --token, set ${CliEnvironment.TokenVariable} or run 'creditsharing login'.");
        var http = environment.ApiHandler is null ? new HttpClient() : new HttpClient(environment.ApiHandler, disposeHandler: false);
        http.Timeout = TimeSpan.FromMinutes(5);
        var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new StaticToken(token)), httpClient: http)
        {
            BaseUrl = url.TrimEnd('/'),
        };
        return (new CreditSharingApiClient(adapter), adapter.BaseUrl);
    }

    private static async Task<string?> SavedTokenAsync(string home, CliConfig config, CancellationToken cancellationToken)
    {
        if (config.DevToken is not null)
        {
            return config.DevTokenExpiresAt is { } expires && expires <= DateTimeOffset.UtcNow
                ? throw new UsageException("The DevHost token saved by 'creditsharing login --dev' expired: log in again.")
                : config.DevToken;
        }

        return config.ClientId is null ? null : await new EntraSignIn(home, config).SilentAsync(cancellationToken);
    }

    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
            => Task.FromResult(token);
    }
}
