namespace CreditSharing.Core.Shared;

/// <summary>
/// The expected outcomes of a change: done, invalid fields, not found, a conflict with the current
/// state, or forbidden: the caller may use the function but not for what the request names (another
/// enterprise's product, say), which only the domain can tell once the input is read.
/// </summary>
public sealed record CommandResult<T>(T? Value, FieldErrors? Errors, string? NotFoundDetail, string? ConflictDetail, IReadOnlyDictionary<string, object?>? ConflictFacts, string? ForbiddenDetail = null)
    where T : class
{
    public static CommandResult<T> Ok(T value) => new(value, null, null, null, null);

    public static CommandResult<T> Invalid(FieldErrors errors) => new(null, errors, null, null, null);

    public static CommandResult<T> NotFound(string detail) => new(null, null, detail, null, null);

    public static CommandResult<T> Conflict(string detail, IReadOnlyDictionary<string, object?>? facts = null) => new(null, null, null, detail, facts);

    public static CommandResult<T> Forbidden(string detail) => new(null, null, null, null, null, detail);
}
