namespace CreditSharing.Core.Shared;

/// <summary>The expected outcomes of a read: found, not found, or a request with invalid fields.</summary>
public sealed record QueryResult<T>(T? Value, FieldErrors? Errors, string? NotFoundDetail)
    where T : class
{
    public static QueryResult<T> Ok(T value) => new(value, null, null);

    public static QueryResult<T> Invalid(FieldErrors errors) => new(null, errors, null);

    public static QueryResult<T> NotFound(string detail) => new(null, null, detail);
}
