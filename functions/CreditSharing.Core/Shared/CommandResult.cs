namespace CreditSharing.Core.Shared;

/// <summary>
/// The expected outcomes of a change: done, invalid fields, not found, a conflict with the current
/// state, forbidden: the caller may use the function but not for what the request names (another
/// enterprise's product, say), which only the domain can tell once the input is read; or
/// unprocessable: well-formed, but a requirement of the rules is not met (a repair without its
/// credit commitment), each unmet field named.
/// </summary>
public sealed record CommandResult<T>(T? Value, FieldErrors? Errors, string? NotFoundDetail, string? ConflictDetail, IReadOnlyDictionary<string, object?>? ConflictFacts, string? ForbiddenDetail = null, FieldErrors? UnprocessableErrors = null)
    where T : class
{
    public static CommandResult<T> Ok(T value) => new(value, null, null, null, null);

    public static CommandResult<T> Invalid(FieldErrors errors) => new(null, errors, null, null, null);

    public static CommandResult<T> NotFound(string detail) => new(null, null, detail, null, null);

    public static CommandResult<T> Conflict(string detail, IReadOnlyDictionary<string, object?>? facts = null) => new(null, null, null, detail, facts);

    public static CommandResult<T> Forbidden(string detail) => new(null, null, null, null, null, detail);

    /// <summary>422: the body is well-formed but does not meet the rules; <paramref name="errors"/> names each unmet field.</summary>
    public static CommandResult<T> Unprocessable(FieldErrors errors) => new(null, null, null, null, null, null, errors);
}
