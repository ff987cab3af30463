namespace CreditSharing.Core.Tests;

/// <summary>Finds the repository's test data (tests/data), which the build copies beside the test assembly.</summary>
internal static class TestFiles
{
    public static string Data(params string[] parts)
    {
        var path = Path.Combine([AppContext.BaseDirectory, "data", .. parts]);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"tests/data/{string.Join('/', parts)} was not copied to {AppContext.BaseDirectory}.", path);
    }
}
