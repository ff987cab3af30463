using System.ComponentModel;
using System.Net.Http.Json;
using CreditSharing.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CreditSharing.Cli.Commands;

public sealed class LoginSettings : GlobalSettings
{
    [CommandOption("--dev")]
    [Description("Take a local token from a DevHost (POST /dev/token) instead of signing in with Entra ID.")]
    public bool Dev { get; init; }

    [CommandOption("--role <ROLE>")]
    [Description("--dev: the app role(s) of the token (repeatable; default DataProvider).")]
    public string[] Roles { get; init; } = [];

    [CommandOption("--sub <SUBJECT>")]
    [Description("--dev: the subject (provider id or user; default cli-user).")]
    public string Subject { get; init; } = "cli-user";

    [CommandOption("--bank-id <BANK>")]
    [Description("--dev: the bank id of a Bank token.")]
    public string? BankId { get; init; }

    [CommandOption("--tenant <TENANT>")]
    [Description("Entra: the tenant id or domain (default organizations).")]
    public string? Tenant { get; init; }

    [CommandOption("--client-id <ID>")]
    [Description("Entra: the CLI's public client application id.")]
    public string? ClientId { get; init; }

    [CommandOption("--scope <SCOPE>")]
    [Description("Entra: the API scope (default api://{client-id}/.default).")]
    public string? Scope { get; init; }

    [CommandOption("--authority <URL>", IsHidden = true)]
    public string? Authority { get; init; }
}

/// <summary>
/// <c>creditsharing login</c>: device-code sign-in (MSAL.NET; the cache in the configuration directory, mode 600),
/// or <c>--dev</c> for a DevHost's local token. Saves the URL and settings in <c>config.json</c> (mode 600).
/// </summary>
public sealed class LoginCommand(IAnsiConsole console, CliEnvironment environment) : AsyncCommand<LoginSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, LoginSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var saved = CliConfig.Load(environment.Home);
        var url = settings.Url ?? environment.UrlFromEnvironment ?? saved.Url;
        if (settings.Dev)
        {
            if (url is null)
            {
                throw new UsageException("login --dev needs the DevHost's --url (e.g. http://localhost:7071).");
            }

            // /dev/token is the DevHost's own endpoint, not part of the API document: plain HTTP here.
            using var http = environment.ApiHandler is null ? new HttpClient() : new HttpClient(environment.ApiHandler, disposeHandler: false);
            var roles = settings.Roles.Length == 0 ? ["DataProvider"] : settings.Roles;
            using var response = await http.PostAsJsonAsync(new Uri(new Uri(url), "/dev/token"), new { roles, sub = settings.Subject, bankId = settings.BankId }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /dev/token answered {(int)response.StatusCode}: is {url} a DevHost in local-token mode?");
            }

            var token = await response.Content.ReadFromJsonAsync<DevToken>(cancellationToken) ?? throw new InvalidOperationException("POST /dev/token answered no token.");
            new CliConfig(Url: url, DevToken: token.Access_token, DevTokenExpiresAt: DateTimeOffset.UtcNow.AddSeconds(token.Expires_in)).Save(environment.Home);
            console.MarkupLine(Markup.Escape($"Signed in to {url} as {settings.Subject} ({string.Join(", ", roles)}), local token valid {token.Expires_in / 60} minutes."));
            return CliApp.ExitCodes.Ok;
        }

        var config = new CliConfig(
            Url: url,
            TenantId: settings.Tenant ?? saved.TenantId,
            ClientId: settings.ClientId ?? saved.ClientId,
            Scope: settings.Scope ?? saved.Scope,
            Authority: settings.Authority ?? saved.Authority);
        var entra = new EntraSignIn(environment.Home, config);
        var result = await entra.DeviceCodeAsync(message => console.MarkupLine(Markup.Escape(message)), cancellationToken);
        (config with { Account = result.Account?.Username }).Save(environment.Home);
        console.MarkupLine(Markup.Escape($"Signed in as {result.Account?.Username}; token cache {entra.CachePath}."));
        return CliApp.ExitCodes.Ok;
    }

    private sealed record DevToken(string Access_token, int Expires_in);
}
