using System.Text.Json;
using CreditSharing.DevHost;
using CreditSharing.Functions.Hosting;

namespace CreditSharing.Integration.Tests.DevHost;

/// <summary>The Worker SDK's build output is what Azure runs: it must list every function the DevHost runs.</summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void ListsEveryFunctionOfTheApp()
    {
        var root = EmbeddedAzurite.FindRepositoryRoot();
        var bin = Path.Combine(root, "functions", "CreditSharing.Functions", "bin");
        var metadata = Directory.EnumerateFiles(bin, "functions.metadata", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
        Assert.NotNull(metadata);

        using var document = JsonDocument.Parse(File.ReadAllText(metadata));
        var listed = document.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToHashSet(StringComparer.Ordinal);

        var functions = new FunctionCatalog().Functions.Select(f => f.Name).ToList();
        Assert.All(functions, name => Assert.Contains(name, listed));
        Assert.Equal(functions.Count, listed.Count);
    }
}
