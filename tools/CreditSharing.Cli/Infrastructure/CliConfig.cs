using System.Text.Json;

namespace CreditSharing.Cli.Infrastructure;

/// <summary>
/// What <c>login</c> saves in <c>config.json</c> of the configuration directory (mode 600): the API URL, the Entra
/// settings of a device-code sign-in, or a DevHost's local token.
/// </summary>
public sealed record CliConfig(
    string? Url = null,
    string? TenantId = null,
    string? ClientId = null,
    string? Scope = null,
    string? Authority = null,
    string? Account = null,
    string? DevToken = null,
    DateTimeOffset? DevTokenExpiresAt = null)
{
    public const string FileName = "config.json";
    public const string MsalCacheFileName = "msal-cache.bin";

    public static CliConfig Load(string home)
    {
        var path = Path.Combine(home, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path), JsonSerializerOptions.Web) ?? new CliConfig() : new CliConfig();
    }

    public void Save(string home) => PrivateFile.Write(Path.Combine(home, FileName), JsonSerializer.SerializeToUtf8Bytes(this, JsonSerializerOptions.Web));
}

/// <summary>Files only the user may read: the directory 700 and the file 600 on Unix, written whole.</summary>
public static class PrivateFile
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Write(string path, byte[] content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(path, content);
            return;
        }

        Directory.CreateDirectory(directory, DirectoryMode);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write, UnixCreateMode = FileMode }))
        {
            stream.Write(content);
        }

        File.SetUnixFileMode(temporary, FileMode);
        File.Move(temporary, path, overwrite: true);
    }
}
