namespace CreditSharing.Functions.OpenApi;

/// <summary>
/// The body an HTTP function reads, for the OpenAPI document: JSON of <see cref="Type"/> by default, or
/// raw content (<c>text/csv</c>, NDJSON, XLSX…) when <see cref="ContentTypes"/> names other media types.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiBodyAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;

    /// <summary>Further media types the function accepts as a raw file (binary string schema), beside the JSON body.</summary>
    public string[] ContentTypes { get; init; } = [];

    /// <summary>False when the function also runs without a body.</summary>
    public bool Required { get; init; } = true;
}

/// <summary>
/// An answer of an HTTP function, for the OpenAPI document: a success (<c>application/json</c> unless
/// <see cref="ContentType"/> says otherwise) or a problem a route declares beyond the shared default
/// (status ≥ 400, <c>application/problem+json</c>). A null <see cref="Type"/> with a non-JSON content type is a
/// file or page (string schema; binary for images, PDF and XLSX).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiResponseAttribute(int status, Type? type) : Attribute
{
    public ApiResponseAttribute(int status, string contentType)
        : this(status, (Type?)null)
    {
        ContentType = contentType;
    }

    public int Status { get; } = status;

    public Type? Type { get; } = type;

    public string? ContentType { get; init; }
}

/// <summary>
/// A parameter an HTTP function reads, with its type and constraints. <c>OpenApiQueryReadsTests</c> scans the
/// function's source: every query read (<c>request.Query[…]</c>) it (or a helper it calls) reads must be declared.
/// </summary>
public abstract class ApiParameterAttribute(string name, Type type) : Attribute
{
    public string Name { get; } = name;

    /// <summary><c>string</c>, <c>int</c>, <c>bool</c>, <c>DateOnly</c> (format date), <c>DateTimeOffset</c> (date-time) or <c>Guid</c>.</summary>
    public Type Type { get; } = type;

    public string? Description { get; init; }

    /// <summary>An ECMA-262 regular expression the value matches (see <see cref="ApiPatterns"/>).</summary>
    public string? Pattern { get; init; }

    /// <summary>The only values accepted.</summary>
    public string[]? Enum { get; init; }

    /// <summary>Inclusive bounds; NaN when unbounded.</summary>
    public double Minimum { get; init; } = double.NaN;

    public double Maximum { get; init; } = double.NaN;

    /// <summary>0 when unbounded.</summary>
    public int MaxLength { get; init; }
}

/// <summary>A query parameter (<c>?name=</c>) an HTTP function reads; optional unless <see cref="Required"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiQueryAttribute(string name, Type type) : ApiParameterAttribute(name, type)
{
    public bool Required { get; init; }
}

/// <summary>
/// Constraints of a route parameter beyond what the builder knows by name (<c>uscc</c>) or from the route
/// constraint (<c>{id:guid}</c>, <c>{seq:int}</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiPathAttribute(string name, Type type) : ApiParameterAttribute(name, type);

/// <summary>Patterns and value lists shared by parameter declarations.</summary>
public static class ApiPatterns
{
    /// <summary>统一社会信用代码: 18 characters of digits and capital letters (GB 32100-2015; check digit verified by the API).</summary>
    public const string Uscc = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$";

    /// <summary>An opaque continuation token from a previous page.</summary>
    public const string ContinuationTokenDescription = "The continuationToken of the previous page.";
}
