namespace CreditSharing.Functions.OpenApi;

/// <summary>The JSON body an HTTP function reads, for the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiBodyAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}

/// <summary>
/// An answer of an HTTP function, for the OpenAPI document: a success (<c>application/json</c>) or a
/// problem a route declares beyond the shared default (status ≥ 400, <c>application/problem+json</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiResponseAttribute(int status, Type type) : Attribute
{
    public int Status { get; } = status;

    public Type Type { get; } = type;
}
