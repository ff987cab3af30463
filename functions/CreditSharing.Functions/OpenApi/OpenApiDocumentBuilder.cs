using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace CreditSharing.Functions.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document from the functions themselves (routes, methods, access policy,
/// body and answer types), so it cannot drift from what is deployed.
/// </summary>
public sealed partial class OpenApiDocumentBuilder(FunctionCatalog catalog)
{
    private readonly Lazy<string> document = new(() => Build(catalog).ToJsonString(WireJson.Options));

    public string Json => document.Value;

    private static JsonObject Build(FunctionCatalog catalog)
    {
        var paths = new JsonObject();
        foreach (var function in catalog.Http.OrderBy(f => f.Route, StringComparer.Ordinal))
        {
            var path = PathOf(function.Route!);
            if (paths[path] is not JsonObject item)
            {
                paths[path] = item = new JsonObject();
            }

            foreach (var method in function.HttpMethods)
            {
                item[method.ToLowerInvariant()] = Operation(function, path);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "CreditSharing API",
                ["version"] = typeof(OpenApiDocumentBuilder).Assembly.GetName().Version?.ToString() ?? "1.0.0",
                ["description"] = "Data-sharing and credit API of Zhumadian's circulation-sector credit system (流通领域信用体系).",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" },
                },
            },
        };
    }

    private static JsonObject Operation(FunctionDescriptor function, string path)
    {
        var method = function.Method;
        var policy = AccessPolicy.Of(method);
        var operation = new JsonObject
        {
            ["operationId"] = function.Name,
            ["summary"] = method.GetCustomAttribute<DescriptionAttribute>()?.Description ?? function.Name,
            ["tags"] = new JsonArray(method.DeclaringType!.Namespace!.Split('.').Last()),
        };

        var parameters = new JsonArray();
        foreach (Match match in RouteParameter().Matches(path))
        {
            parameters.Add(new JsonObject
            {
                ["name"] = match.Groups[1].Value,
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (method.GetCustomAttribute<ApiBodyAttribute>() is { } body)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Schema(body.Type) } },
            };
        }

        var responses = new JsonObject();
        foreach (var response in method.GetCustomAttributes<ApiResponseAttribute>())
        {
            responses[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = ReasonPhrases.GetReasonPhrase(response.Status),
                ["content"] = new JsonObject { [response.Status >= 400 ? Http.Problems.ContentType : "application/json"] = new JsonObject { ["schema"] = Schema(response.Type) } },
            };
        }

        if (responses.Count == 0)
        {
            responses["200"] = new JsonObject { ["description"] = "OK" };
        }

        responses["default"] = new JsonObject
        {
            ["description"] = "An RFC 9457 problem (400, 401, 403, 404, 409, 413, 415, 422, 500, 503).",
            ["content"] = new JsonObject { [Http.Problems.ContentType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
        };
        operation["responses"] = responses;

        if (!policy.Anonymous)
        {
            operation["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });
            operation["x-roles"] = new JsonArray(policy.Roles.Order(StringComparer.Ordinal).Select(r => (JsonNode)r).ToArray());
        }

        return operation;
    }

    private static JsonNode Schema(Type type)
        => WireJson.Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });

    /// <summary>
    /// The OpenAPI path of a route: an always-empty optional segment (<c>{home:maxlength(0)?}</c>, the
    /// site root) is dropped, and constraints (<c>{id:guid}</c>), which are not OpenAPI, leave only the name.
    /// </summary>
    public static string PathOf(string route) => "/" + RouteConstraint().Replace(EmptySegment().Replace(route, string.Empty), "{$1}");

    [GeneratedRegex(@"\{[A-Za-z0-9_]+:maxlength\(0\)\?\}")]
    private static partial Regex EmptySegment();

    /// <summary>Route constraints (<c>{id:guid}</c>) are not OpenAPI; keep only the parameter name.</summary>
    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex RouteParameter();
}
