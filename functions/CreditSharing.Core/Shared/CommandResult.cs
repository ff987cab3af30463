namespace CreditSharing.Core.Shared;

/// <summary>The expected outcomes of a change: done, invalid fields, not found, or a conflict with the current state.</summary>
public sealed record CommandResult<T>(T? Value, FieldErrors? Errors, string? NotFoundDetail, string? ConflictDetail, IReadOnlyDictionary<string, object?>? ConflictFacts)
    where T : class
{
    public static CommandResult<T> Ok(T value) => new(value, null, null, null, null);

    public static CommandResult<T> Invalid(FieldErrors errors) => new(null, errors, null, null, null);

    public static CommandResult<T> NotFound(string detail) => new(null, null, detail, null, null);

    public static CommandResult<T> Conflict(string detail, IReadOnlyDictionary<string, object?>? facts = null) => new(null, null, null, detail, facts);
}
