namespace CreditSharing.Core.Tests;

/// <summary>Finds files of the shared folder that sits beside the repository (../shared).</summary>
internal static class TestFiles
{
    public static string Shared(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, "shared", .. parts]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/{string.Join('/', parts)} was not found above {AppContext.BaseDirectory}.");
    }
}
