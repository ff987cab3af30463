using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Repository;

/// <summary>
/// The deployment files agree with the code: the azd hook registers exactly the app's roles, is
/// valid bash (and shellcheck-clean where shellcheck is installed), and Bicep creates every table,
/// queue and container the app uses.
/// </summary>
public sealed partial class InfrastructureTests
{
    private static readonly string Root = EmbeddedAzurite.FindRepositoryRoot();
    private static readonly string Hook = Path.Combine(Root, "infra", "hooks", "app-registration.sh");

    [Fact]
    public void TheHookRegistersExactlyTheAppRoles()
    {
        var match = AppRolesLine().Match(File.ReadAllText(Hook));

        Assert.True(match.Success, "APP_ROLES=(…) not found in the hook");
        Assert.Equal(AppRoles.All, match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void AzdRunsTheHookBeforeAndAfterProvisioning()
    {
        var yaml = File.ReadAllText(Path.Combine(Root, "azure.yaml"));

        Assert.Contains("run: bash infra/hooks/app-registration.sh preprovision", yaml, StringComparison.Ordinal);
        Assert.Contains("run: bash infra/hooks/app-registration.sh postprovision", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHookIsValidBash()
    {
        var (code, output) = await RunAsync("bash", "-n", Hook);

        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task TheHookIsShellcheckCleanWhereShellcheckIsInstalled()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/shellcheck"), "shellcheck is not installed (apt-get install shellcheck)");

        var (code, output) = await RunAsync("/usr/bin/shellcheck", Hook);

        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task TheHookCreatesTheRegistrationOnceAndFindsItAgainOnEveryRun()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/jq") && File.Exists("/usr/bin/openssl"), "jq or openssl is not installed (apt-get install jq openssl)");
        var state = Directory.CreateTempSubdirectory("azd-hook-").FullName;
        File.WriteAllText(Path.Combine(state, "env.json"), """
            {"AZURE_ENV_NAME": "test", "API_URL": "https://func-abc.azurewebsites.net", "AZURE_RESOURCE_GROUP": "rg-test", "AZURE_FUNCTION_APP_NAME": "func-abc"}
            """);

        var first = await ProvisionAsync(state);
        var second = await ProvisionAsync(state);

        var app = Assert.Single(second.Graph.GetProperty("apps").EnumerateArray());
        var appId = app.GetProperty("appId").GetString();
        Assert.Equal([$"api://{appId}"], Strings(app.GetProperty("identifierUris")));
        Assert.Equal(AppRoles.All, app.GetProperty("appRoles").EnumerateArray().Select(r => r.GetProperty("value").GetString()));
        Assert.All(app.GetProperty("appRoles").EnumerateArray(), r => Assert.Equal(["User", "Application"], Strings(r.GetProperty("allowedMemberTypes"))));
        Assert.Equal(Ids(first.Graph, "appRoles"), Ids(second.Graph, "appRoles"));
        var scope = Assert.Single(app.GetProperty("api").GetProperty("oauth2PermissionScopes").EnumerateArray());
        Assert.Equal("user_impersonation", scope.GetProperty("value").GetString());
        Assert.Equal(Ids(first.Graph, "scope"), Ids(second.Graph, "scope"));
        Assert.Equal(["https://func-abc.azurewebsites.net/dashboard", "https://func-abc.azurewebsites.net/me"], Strings(app.GetProperty("spa").GetProperty("redirectUris")));
        Assert.Single(second.Graph.GetProperty("sps").EnumerateArray());
        Assert.Equal(appId, second.Env.GetProperty("AZURE_AD_CLIENT_ID").GetString());
        Assert.Equal($"api://{appId}", second.Env.GetProperty("AZURE_AD_AUDIENCE").GetString());
        Assert.True(second.Env.GetProperty("CREDITSHARING_IDENTITY_HASH_KEY").GetString()!.Length >= 32);
        Assert.Equal(first.Env.GetProperty("CREDITSHARING_IDENTITY_HASH_KEY").GetString(), second.Env.GetProperty("CREDITSHARING_IDENTITY_HASH_KEY").GetString());
        var settings = second.Graph.GetProperty("settings");
        Assert.Equal(appId, settings.GetProperty("AzureAd__ClientId").GetString());
        Assert.Equal($"api://{appId}", settings.GetProperty("AzureAd__Audience").GetString());
        Assert.Equal("https://login.microsoftonline.com/", settings.GetProperty("AzureAd__Instance").GetString());
    }

    [Fact]
    public void BicepCreatesEveryTableQueueAndContainerTheAppUses()
    {
        var storage = File.ReadAllText(Path.Combine(Root, "infra", "modules", "storage.bicep"));

        Assert.All(TableNames.All, table => Assert.Contains($"'{table}'", storage, StringComparison.Ordinal));
        Assert.All(QueueNames.All, queue => Assert.Contains($"'{queue}'", storage, StringComparison.Ordinal));
        Assert.All(ContainerNames.All, container => Assert.Contains($"'{container}'", storage, StringComparison.Ordinal));
    }

    /// <summary>The hook's two phases as <c>azd provision</c> runs them, against the stand-in az and azd of tests/data/azd-hook.</summary>
    private static async Task<(JsonElement Graph, JsonElement Env)> ProvisionAsync(string state)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Path.Combine(Root, "tests", "data", "azd-hook") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["FAKE_STATE"] = state,
        };
        foreach (var phase in new[] { "preprovision", "postprovision" })
        {
            var (code, output) = await RunAsync("bash", environment, Hook, phase);
            Assert.True(code == 0, $"{phase}: {output}");
        }

        return (JsonDocument.Parse(File.ReadAllText(Path.Combine(state, "graph.json"))).RootElement,
            JsonDocument.Parse(File.ReadAllText(Path.Combine(state, "env.json"))).RootElement);
    }

    private static string?[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];

    private static string?[] Ids(JsonElement graph, string what)
    {
        var app = graph.GetProperty("apps")[0];
        return what == "scope"
            ? [.. app.GetProperty("api").GetProperty("oauth2PermissionScopes").EnumerateArray().Select(s => s.GetProperty("id").GetString())]
            : [.. app.GetProperty("appRoles").EnumerateArray().Select(r => r.GetProperty("id").GetString())];
    }

    private static Task<(int Code, string Output)> RunAsync(string file, params string[] arguments) => RunAsync(file, null, arguments);

    private static async Task<(int Code, string Output)> RunAsync(string file, Dictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, output + error);
    }

    [GeneratedRegex(@"readonly APP_ROLES=\(([^)]*)\)")]
    private static partial Regex AppRolesLine();
}
