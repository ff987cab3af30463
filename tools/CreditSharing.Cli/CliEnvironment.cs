namespace CreditSharing.Cli;

/// <summary>
/// What the commands take from outside: the configuration directory (token, Entra settings, MSAL cache), stderr,
/// and optional HTTP handlers (tests put a failing one in front of blob storage to interrupt an upload).
/// </summary>
public sealed record CliEnvironment(string Home, TextWriter Error, HttpMessageHandler? ApiHandler = null, HttpMessageHandler? BlobHandler = null)
{
    public const string HomeVariable = "CREDITSHARING_HOME";
    public const string UrlVariable = "CREDITSHARING_URL";
    public const string TokenVariable = "CREDITSHARING_TOKEN";

    public string? UrlFromEnvironment { get; init; } = Environment.GetEnvironmentVariable(UrlVariable);

    public string? TokenFromEnvironment { get; init; } = Environment.GetEnvironmentVariable(TokenVariable);

    /// <summary><c>$CREDITSHARING_HOME</c>, else <c>~/.creditsharing</c>.</summary>
    public static CliEnvironment FromProcess()
    {
        var home = Environment.GetEnvironmentVariable(HomeVariable);
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".creditsharing");
        }

        return new CliEnvironment(home, Console.Error);
    }
}
