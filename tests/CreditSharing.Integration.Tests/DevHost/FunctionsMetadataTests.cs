using System.Text.Json;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;

namespace CreditSharing.Integration.Tests.DevHost;

/// <summary>The Worker SDK's build output is what Azure runs: it must list every function the DevHost runs.</summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void ListsEveryFunctionOfTheApp()
    {
        using var document = Metadata();
        var listed = document.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToHashSet(StringComparer.Ordinal);

        var functions = new FunctionCatalog().Functions.Select(f => f.Name).ToList();
        Assert.All(functions, name => Assert.Contains(name, listed));
        Assert.Equal(functions.Count, listed.Count);
    }

    /// <summary>The worker's gate finds a function by its entry point; one it cannot find would be refused to everyone.</summary>
    [Fact]
    public void GivesTheGateEveryHttpFunctionTheWorkerRuns()
    {
        using var document = Metadata();
        var catalog = new FunctionCatalog();

        var entryPoints = document.RootElement.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "httpTrigger"))
            .Select(f => f.GetProperty("entryPoint").GetString()!)
            .ToList();

        Assert.Equal(catalog.Http.Count(), entryPoints.Count);
        Assert.All(entryPoints, entryPoint =>
        {
            var function = catalog.FindByEntryPoint(entryPoint);
            Assert.True(function is not null, $"{entryPoint} is not in the catalogue");
            Assert.True(AccessPolicy.Of(function.Method).Marked, $"{entryPoint} declares no access policy");
        });
    }

    private static JsonDocument Metadata()
    {
        var root = EmbeddedAzurite.FindRepositoryRoot();
        var bin = Path.Combine(root, "functions", "CreditSharing.Functions", "bin");
        var metadata = Directory.EnumerateFiles(bin, "functions.metadata", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
        Assert.NotNull(metadata);
        return JsonDocument.Parse(File.ReadAllText(metadata));
    }
}
