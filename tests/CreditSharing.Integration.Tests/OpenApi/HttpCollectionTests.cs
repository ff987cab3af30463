using System.Text.RegularExpressions;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.OpenApi;

namespace CreditSharing.Integration.Tests.OpenApi;

/// <summary>Every request line of docs/http/*.http names a method and route the function catalog serves.</summary>
public sealed partial class HttpCollectionTests
{
    [Fact]
    public void EveryRequestLineMatchesARouteOfTheCatalog()
    {
        var routes = new FunctionCatalog().Http
            .SelectMany(f => f.HttpMethods.Select(m => (Method: m, Pattern: new Regex("^" + RouteParameter().Replace(Regex.Escape(OpenApiDocumentBuilder.PathOf(f.Route!)).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$"))))
            .ToList();
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "CreditSharing.sln")))
        {
            directory = directory.Parent;
        }

        var files = Directory.GetFiles(Path.Combine(directory.FullName, "docs", "http"), "*.http");
        Assert.NotEmpty(files);
        var unmatched = new List<string>();
        var requests = 0;
        foreach (var file in files)
        {
            foreach (Match request in RequestLine().Matches(File.ReadAllText(file)))
            {
                requests++;
                var path = VariableSegment().Replace(request.Groups[2].Value.Split('?')[0], "x");
                if (!routes.Any(r => r.Method == request.Groups[1].Value && r.Pattern.IsMatch(path)))
                {
                    unmatched.Add($"{Path.GetFileName(file)}: {request.Value.Trim()}");
                }
            }
        }

        Assert.True(requests >= files.Length, "Each collection holds at least one request.");
        Assert.True(unmatched.Count == 0, "Requests without a route: " + string.Join("; ", unmatched));
    }

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE) \{\{baseUrl\}\}(\S*)", RegexOptions.Multiline)]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"\{\{\w+\}\}")]
    private static partial Regex VariableSegment();

    [GeneratedRegex(@"\{[A-Za-z0-9_]+\\?\}")]
    private static partial Regex RouteParameter();
}
