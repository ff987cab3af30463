using System.Text.Json;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.OpenApi;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.OpenApi;

public sealed class OpenApiDocumentTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task DescribesEveryHttpFunctionRouteAndMethod()
    {
        using var client = host.Anonymous();

        var document = JsonDocument.Parse(await client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken)).RootElement;

        var paths = document.GetProperty("paths");
        var functions = new FunctionCatalog().Http.ToList();
        Assert.NotEmpty(functions);
        foreach (var function in functions)
        {
            var path = OpenApiDocumentBuilder.PathOf(function.Route!);
            Assert.True(paths.TryGetProperty(path, out var item), $"{function.Name}: {path} is missing");
            foreach (var method in function.HttpMethods)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{function.Name}: {method} /{function.Route} is missing");
                Assert.Equal(function.HttpMethods.Count == 1 ? function.Name : $"{function.Name}_{method.ToLowerInvariant()}", operation.GetProperty("operationId").GetString());
            }
        }
    }

    [Fact]
    public async Task MarksProtectedOperationsWithBearerSecurityAndRoles()
    {
        using var client = host.Anonymous();

        var document = JsonDocument.Parse(await client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken)).RootElement;

        var get = document.GetProperty("paths").GetProperty("/api/enterprises/{uscc}").GetProperty("get");
        Assert.Equal("Regulator", Assert.Single(get.GetProperty("x-roles").EnumerateArray()).GetString());
        Assert.True(get.TryGetProperty("security", out _));
        var health = document.GetProperty("paths").GetProperty("/api/health").GetProperty("get");
        Assert.False(health.TryGetProperty("security", out _));
    }

    [Theory]
    [InlineData("/api/records")]
    [InlineData("/api/enterprises")]
    [InlineData("/api/trace/events")]
    public async Task DeclaresTheRefusalOfABatchWithNothingAccepted(string path)
    {
        using var client = host.Anonymous();

        var document = JsonDocument.Parse(await client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken)).RootElement;

        var responses = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("responses");
        Assert.True(responses.TryGetProperty("202", out _));
        var reference = responses.GetProperty("422").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()!;
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.Split('/').Last());
        Assert.True(schema.GetProperty("properties").TryGetProperty("rejected", out _));
    }
}
