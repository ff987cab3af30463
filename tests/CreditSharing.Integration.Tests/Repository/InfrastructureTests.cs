using System.Diagnostics;
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
    public void BicepCreatesEveryTableQueueAndContainerTheAppUses()
    {
        var storage = File.ReadAllText(Path.Combine(Root, "infra", "modules", "storage.bicep"));

        Assert.All(TableNames.All, table => Assert.Contains($"'{table}'", storage, StringComparison.Ordinal));
        Assert.All(QueueNames.All, queue => Assert.Contains($"'{queue}'", storage, StringComparison.Ordinal));
        Assert.All(ContainerNames.All, container => Assert.Contains($"'{container}'", storage, StringComparison.Ordinal));
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
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
