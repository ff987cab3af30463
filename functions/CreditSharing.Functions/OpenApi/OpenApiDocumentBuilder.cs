using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;

namespace CreditSharing.Functions.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document from the functions themselves (routes, methods, access policy,
/// parameters, body and answer types), so it cannot drift from what is deployed. Every JSON object type
/// becomes a component schema (<c>#/components/schemas/…</c>) referenced by <c>$ref</c>.
/// </summary>
public sealed partial class OpenApiDocumentBuilder(FunctionCatalog catalog, IConfiguration? configuration = null)
{
    /// <summary>The RFC 9457 problem every route may answer with.</summary>
    public const string ProblemSchema = "ProblemDetails";

    public const string SecurityScheme = "oauth2";

    /// <summary>The DevHost's address, the server of a document built without <c>OpenApi:ServerUrl</c>.</summary>
    public const string DefaultServerUrl = "http://localhost:7071";

    private const string BinaryTypes = "image/png application/pdf application/vnd.openxmlformats-officedocument.spreadsheetml.sheet application/octet-stream";

    /// <summary>The wire options, read-only with the default resolver, so that type metadata can be asked for.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions SchemaOptions = ReadOnly();

    private readonly Lazy<string> document = new(() => new Writer(configuration).Build(catalog).ToJsonString(WireJson.Options));

    public string Json => document.Value;

    /// <summary>
    /// The OpenAPI path of a route: an always-empty optional segment (<c>{home:maxlength(0)?}</c>, the
    /// site root) is dropped, and constraints (<c>{id:guid}</c>), which are not OpenAPI, leave only the name.
    /// </summary>
    public static string PathOf(string route) => "/" + RouteConstraint().Replace(EmptySegment().Replace(route, string.Empty), "{$1}");

    private static System.Text.Json.JsonSerializerOptions ReadOnly()
    {
        var options = new System.Text.Json.JsonSerializerOptions(WireJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        options.MakeReadOnly();
        return options;
    }

    [GeneratedRegex(@"\{[A-Za-z0-9_]+:maxlength\(0\)\?\}")]
    private static partial Regex EmptySegment();

    /// <summary>Route constraints (<c>{id:guid}</c>) are not OpenAPI; keep only the parameter name.</summary>
    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex RouteConstraint();

    /// <summary>A route parameter and its constraint(s), e.g. <c>{seq:int}</c>.</summary>
    [GeneratedRegex(@"\{([A-Za-z0-9_]+)((?::[^}:]+)*)\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"[^A-Za-z0-9]")]
    private static partial Regex NotAlphanumeric();

    private sealed class Writer(IConfiguration? configuration)
    {
        private readonly JsonObject schemas = new();
        private readonly Dictionary<Type, string> names = [];

        public JsonObject Build(FunctionCatalog catalog)
        {
            schemas[ProblemSchema] = Problem();
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
                    item[method.ToLowerInvariant()] = Operation(function, method);
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
                ["servers"] = new JsonArray(new JsonObject
                {
                    ["url"] = configuration?["OpenApi:ServerUrl"] is { Length: > 0 } server ? server : DefaultServerUrl,
                    ["description"] = "OpenApi:ServerUrl; by default the DevHost. Clients set their own base URL.",
                }),
                ["paths"] = paths,
                ["components"] = new JsonObject
                {
                    ["schemas"] = Sorted(schemas),
                    ["securitySchemes"] = new JsonObject { [SecurityScheme] = OAuth2() },
                },
            };
        }

        private JsonObject Operation(FunctionDescriptor function, string httpMethod)
        {
            var method = function.Method;
            var policy = AccessPolicy.Of(method);
            var operation = new JsonObject
            {
                // Stable and unique: the function name, suffixed by the method only for a function serving several.
                ["operationId"] = function.HttpMethods.Count == 1 ? function.Name : function.Name + "_" + httpMethod.ToLowerInvariant(),
                ["summary"] = method.GetCustomAttribute<DescriptionAttribute>()?.Description ?? function.Name,
                ["tags"] = new JsonArray(method.DeclaringType!.Namespace!.Split('.').Last()),
            };

            var parameters = new JsonArray();
            var declaredPath = method.GetCustomAttributes<ApiPathAttribute>().ToDictionary(p => p.Name, StringComparer.Ordinal);
            foreach (Match match in RouteParameter().Matches(EmptySegment().Replace(function.Route!, string.Empty)))
            {
                var name = match.Groups[1].Value;
                var schema = declaredPath.TryGetValue(name, out var declared) ? ParameterSchema(declared) : RouteSchema(name, match.Groups[2].Value);
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = schema });
            }

            foreach (var query in method.GetCustomAttributes<ApiQueryAttribute>().OrderBy(q => q.Name, StringComparer.Ordinal))
            {
                var parameter = new JsonObject { ["name"] = query.Name, ["in"] = "query", ["required"] = query.Required };
                if (query.Description is { } description)
                {
                    parameter["description"] = description;
                }

                parameter["schema"] = ParameterSchema(query);
                parameters.Add(parameter);
            }

            if (parameters.Count > 0)
            {
                operation["parameters"] = parameters;
            }

            if (method.GetCustomAttribute<ApiBodyAttribute>() is { } body)
            {
                var content = new JsonObject();
                if (body.Type != typeof(byte[]))
                {
                    content["application/json"] = new JsonObject { ["schema"] = Schema(body.Type) };
                }

                foreach (var contentType in body.ContentTypes)
                {
                    content[contentType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } };
                }

                operation["requestBody"] = new JsonObject { ["required"] = body.Required, ["content"] = content };
            }

            var responses = new JsonObject();
            foreach (var group in method.GetCustomAttributes<ApiResponseAttribute>().GroupBy(r => r.Status).OrderBy(g => g.Key))
            {
                var content = new JsonObject();
                foreach (var response in group)
                {
                    var contentType = response.ContentType ?? (response.Status >= 400 ? Http.Problems.ContentType : "application/json");
                    content[contentType] = new JsonObject { ["schema"] = response.Type is null ? RawSchema(contentType) : Schema(response.Type) };
                }

                responses[group.Key.ToString(CultureInfo.InvariantCulture)] = new JsonObject
                {
                    ["description"] = ReasonPhrases.GetReasonPhrase(group.Key),
                    ["content"] = content,
                };
            }

            if (!responses.Any(r => r.Key.StartsWith('2') || r.Key.StartsWith('3')))
            {
                responses["200"] = new JsonObject { ["description"] = "OK" };
            }

            responses["default"] = new JsonObject
            {
                ["description"] = "An RFC 9457 problem (400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503).",
                ["content"] = new JsonObject { [Http.Problems.ContentType] = new JsonObject { ["schema"] = Ref(ProblemSchema) } },
            };
            operation["responses"] = responses;

            if (!policy.Anonymous)
            {
                var roles = policy.Roles.Order(StringComparer.Ordinal).Select(r => (JsonNode)r).ToArray();
                operation["security"] = new JsonArray(new JsonObject { [SecurityScheme] = new JsonArray(roles) });
                operation["x-roles"] = new JsonArray(policy.Roles.Order(StringComparer.Ordinal).Select(r => (JsonNode)r).ToArray());
            }
            return operation;
        }

        private static JsonObject RawSchema(string contentType)
            => BinaryTypes.Contains(contentType, StringComparison.Ordinal)
                ? new JsonObject { ["type"] = "string", ["format"] = "binary" }
                : contentType == "application/ld+json"
                    ? new JsonObject { ["type"] = "object", ["description"] = "A JSON-LD document (EPCIS 2.0)." }
                    : new JsonObject { ["type"] = "string" };

        /// <summary>A route parameter without a declaration: its route constraint, or what the name means across the API.</summary>
        private static JsonObject RouteSchema(string name, string constraints)
        {
            if (constraints.Contains(":guid", StringComparison.Ordinal))
            {
                return new JsonObject { ["type"] = "string", ["format"] = "uuid" };
            }

            if (constraints.Contains(":int", StringComparison.Ordinal) || constraints.Contains(":long", StringComparison.Ordinal))
            {
                return new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 };
            }

            return name == "uscc"
                ? new JsonObject { ["type"] = "string", ["pattern"] = ApiPatterns.Uscc }
                : new JsonObject { ["type"] = "string", ["minLength"] = 1 };
        }

        private static JsonObject ParameterSchema(ApiParameterAttribute parameter)
        {
            var type = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
            var schema = type == typeof(int) || type == typeof(long) ? new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" }
                : type == typeof(double) || type == typeof(decimal) ? new JsonObject { ["type"] = "number" }
                : type == typeof(bool) ? new JsonObject { ["type"] = "boolean" }
                : type == typeof(DateOnly) ? new JsonObject { ["type"] = "string", ["format"] = "date" }
                : type == typeof(DateTimeOffset) || type == typeof(DateTime) ? new JsonObject { ["type"] = "string", ["format"] = "date-time" }
                : type == typeof(Guid) ? new JsonObject { ["type"] = "string", ["format"] = "uuid" }
                : type == typeof(string) ? new JsonObject { ["type"] = "string" }
                : throw new NotSupportedException($"Parameter {parameter.Name}: type {type.Name} has no OpenAPI mapping.");
            if (parameter.Pattern is { } pattern)
            {
                schema["pattern"] = pattern;
            }

            if (parameter.Enum is { } values)
            {
                schema["enum"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray());
            }

            if (!double.IsNaN(parameter.Minimum))
            {
                schema["minimum"] = parameter.Minimum;
            }

            if (!double.IsNaN(parameter.Maximum))
            {
                schema["maximum"] = parameter.Maximum;
            }

            if (parameter.MaxLength > 0)
            {
                schema["maxLength"] = parameter.MaxLength;
            }

            return schema;
        }

        /// <summary>The schema of a body or answer: a <c>$ref</c> to its component, or an array/map of them.</summary>
        private JsonNode Schema(Type type)
        {
            var info = SchemaOptions.GetTypeInfo(type);
            return info.Kind == JsonTypeInfoKind.Object ? Ref(Component(type)) : Export(type, root: null);
        }

        /// <summary>Registers (once) the component schema of an object type; answers its name.</summary>
        private string Component(Type type)
        {
            if (names.TryGetValue(type, out var known))
            {
                return known;
            }

            var name = NameOf(type);
            if (names.ContainsValue(name))
            {
                name = NotAlphanumeric().Replace(type.Namespace ?? string.Empty, string.Empty) + name;
            }

            names[type] = name;
            schemas[name] = null;
            schemas[name] = Export(type, root: type);
            return name;
        }

        private JsonNode Export(Type type, Type? root)
        {
            var options = new JsonSchemaExporterOptions
            {
                TreatNullObliviousAsNonNullable = true,
                TransformSchemaNode = (context, node) =>
                {
                    if (node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.True)
                    {
                        // `true` (any value) is valid 3.1, but OpenAPI.NET (Kiota) cannot read boolean schemas.
                        node = new JsonObject();
                    }

                    if (node is JsonObject uri && (string?)uri["format"] == "uri")
                    {
                        // Kiota warns on "format": "uri" (it maps only date, time, uuid, numeric and binary
                        // formats); the pattern keeps the constraint readable to other generators.
                        uri.Remove("format");
                        uri["pattern"] = "^https?://";
                    }

                    var nested = context.TypeInfo;
                    var isRoot = context.Path.Length == 0 && context.PropertyInfo is null;
                    if (nested.Kind == JsonTypeInfoKind.Object && !(isRoot && nested.Type == root) && nested.Type != typeof(object) && nested.Type != typeof(JsonNode) && nested.Type != typeof(JsonObject))
                    {
                        var reference = Ref(Component(nested.Type));
                        if (node is JsonObject o && o["description"] is { } description)
                        {
                            reference["description"] = description.DeepClone();
                        }

                        return reference;
                    }

                    if (context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), true).OfType<DescriptionAttribute>().FirstOrDefault() is { } text && node is JsonObject target)
                    {
                        target["description"] = text.Description;
                    }

                    return node;
                },
            };
            return SchemaOptions.GetJsonSchemaAsNode(type, options);
        }

        private static string NameOf(Type type)
        {
            var name = type.Name;
            if (!type.IsGenericType)
            {
                return NotAlphanumeric().Replace(name, string.Empty);
            }

            var baseName = name[..name.IndexOf('`', StringComparison.Ordinal)];
            return string.Concat(type.GetGenericArguments().Select(NameOf)) + baseName;
        }

        private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

        private static JsonObject Sorted(JsonObject source)
        {
            var sorted = new JsonObject();
            foreach (var (key, value) in source.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
            {
                source.Remove(key);
                sorted[key] = value;
            }

            return sorted;
        }

        private static JsonObject Problem() => new()
        {
            ["type"] = "object",
            ["description"] = "An RFC 9457 problem. A 400 or 422 carries errors: each key names a field of the request; a refused batch carries rejected.",
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string" },
                ["title"] = new JsonObject { ["type"] = "string" },
                ["status"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
                ["detail"] = new JsonObject { ["type"] = "string" },
                ["instance"] = new JsonObject { ["type"] = "string" },
                ["traceId"] = new JsonObject { ["type"] = "string" },
                ["errors"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                },
            },
        };

        /// <summary>
        /// Entra ID: the authorize and token URLs of <c>AzureAd:Instance</c> and <c>AzureAd:TenantId</c> (defaults:
        /// the public cloud and <c>organizations</c>); the app roles are the scopes an operation requires.
        /// </summary>
        private JsonObject OAuth2()
        {
            var section = configuration?.GetSection("AzureAd");
            var instance = (section?["Instance"] is { Length: > 0 } i ? i : "https://login.microsoftonline.com/").TrimEnd('/');
            var tenant = section?["TenantId"] is { Length: > 0 } t ? t : "organizations";
            JsonObject Scopes() => new(AppRoles.All.Select(r => KeyValuePair.Create(r, (JsonNode?)$"App role {r} (docs/identity.md)")));
            return new JsonObject
            {
                ["type"] = "oauth2",
                ["description"] = "Entra ID. The scopes are the app roles of the API's app registration; a token carries them in its roles claim.",
                ["flows"] = new JsonObject
                {
                    ["authorizationCode"] = new JsonObject
                    {
                        ["authorizationUrl"] = $"{instance}/{tenant}/oauth2/v2.0/authorize",
                        ["tokenUrl"] = $"{instance}/{tenant}/oauth2/v2.0/token",
                        ["scopes"] = Scopes(),
                    },
                    ["clientCredentials"] = new JsonObject
                    {
                        ["tokenUrl"] = $"{instance}/{tenant}/oauth2/v2.0/token",
                        ["scopes"] = Scopes(),
                    },
                },
            };
        }
    }
}
