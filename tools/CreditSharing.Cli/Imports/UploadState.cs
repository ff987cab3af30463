using System.Text.Json;
using CreditSharing.Cli.Infrastructure;

namespace CreditSharing.Cli.Imports;

/// <summary>
/// The record of one upload, kept next to the file (<c>FILE.creditsharing-upload.json</c>): which file (full path,
/// size, last write), which upload (id, SAS URL, expiry, block size) and the blocks acknowledged (201 from Put
/// Block). A write-only SAS cannot read the block list, so this is what a rerun trusts; once the import started it
/// holds the import id, so a rerun follows that import instead of uploading again.
/// </summary>
public sealed record UploadState(
    string Api,
    string FullPath,
    long Length,
    DateTime LastWriteUtc,
    string UploadId,
    string UploadUrl,
    DateTimeOffset ExpiresAt,
    int BlockSize,
    SortedSet<int> Acknowledged,
    string? ImportId = null)
{
    public const string Suffix = ".creditsharing-upload.json";

    public static string PathFor(string file) => Path.GetFullPath(file) + Suffix;

    /// <summary>The saved state if it is for this API and this very file (same size and last write), else null.</summary>
    public static UploadState? Load(string file, string api, FileInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var path = PathFor(file);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize<UploadState>(File.ReadAllText(path), JsonSerializerOptions.Web);
            return state is not null && state.Api == api && state.FullPath == info.FullName && state.Length == info.Length && state.LastWriteUtc == info.LastWriteTimeUtc
                ? state
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string file) => PrivateFile.Write(PathFor(file), JsonSerializer.SerializeToUtf8Bytes(this, JsonSerializerOptions.Web));

    public static void Delete(string file) => File.Delete(PathFor(file));
}
