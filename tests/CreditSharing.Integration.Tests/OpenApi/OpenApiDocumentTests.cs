using System.Text.Json;
using CreditSharing.Functions.Auth;
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

    [Fact]
    public async Task DeclaresAnOAuth2SchemeWhoseScopesAreTheAppRolesAndEachOperationsRoles()
    {
        using var client = host.Anonymous();

        var document = JsonDocument.Parse(await client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken)).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");
        Assert.Equal("oauth2", scheme.GetProperty("type").GetString());
        foreach (var flow in new[] { "authorizationCode", "clientCredentials" })
        {
            var scopes = scheme.GetProperty("flows").GetProperty(flow).GetProperty("scopes").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.Equal(AppRoles.All.Order(StringComparer.Ordinal), scopes);
        }

        foreach (var function in new FunctionCatalog().Http)
        {
            var policy = AccessPolicy.Of(function.Method);
            foreach (var method in function.HttpMethods)
            {
                var operation = document.GetProperty("paths").GetProperty(OpenApiDocumentBuilder.PathOf(function.Route!)).GetProperty(method.ToLowerInvariant());
                if (policy.Anonymous)
                {
                    Assert.False(operation.TryGetProperty("security", out _), $"{function.Name} is anonymous but declares security");
                    continue;
                }

                var required = Assert.Single(operation.GetProperty("security").EnumerateArray()).GetProperty("oauth2").EnumerateArray().Select(r => r.GetString()!);
                Assert.Equal(policy.Roles.Order(StringComparer.Ordinal), required);
            }
        }
    }

    [Fact]
    public async Task DeclaresQueryParametersWithConstraintsAndNonJsonContentTypes()
    {
        using var client = host.Anonymous();

        var document = JsonDocument.Parse(await client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken)).RootElement;

        var paths = document.GetProperty("paths");
        var pageSize = paths.GetProperty("/api/grades").GetProperty("get").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "pageSize");
        Assert.Equal("query", pageSize.GetProperty("in").GetString());
        Assert.Equal(500, pageSize.GetProperty("schema").GetProperty("maximum").GetDouble());
        var uscc = paths.GetProperty("/api/enterprises/{uscc}").GetProperty("get").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "uscc");
        Assert.Equal(ApiPatterns.Uscc, uscc.GetProperty("schema").GetProperty("pattern").GetString());
        var import = paths.GetProperty("/api/imports").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(import.TryGetProperty("text/csv", out _));
        Assert.True(import.TryGetProperty("application/x-ndjson", out _));
        Assert.True(paths.GetProperty("/api/trace/{code}/qr.png").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("image/png", out _));
        Assert.True(paths.GetProperty("/api/trace/{code}/epcis").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/ld+json", out _));
        var problem = paths.GetProperty("/api/health").GetProperty("get").GetProperty("responses").GetProperty("default").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
        Assert.Equal("#/components/schemas/ProblemDetails", problem.GetProperty("$ref").GetString());
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
