namespace CreditSharing.Core.Shared;

/// <summary>Validation errors keyed by the wire name of the field (camelCase, dotted for nested fields).</summary>
public sealed class FieldErrors
{
    /// <summary>
    /// Bounds on what one field reports. Errors are answered and, for bulk imports, stored as table
    /// properties (64 KiB each): a hostile file with 10,000 bad header cells or a 60,000-character
    /// cell must yield a short report, not a row too large to save.
    /// </summary>
    public const int MaxMessageLength = 300;

    public const int MaxMessagesPerField = 10;

    /// <summary>An echoed input value is cut to this many characters.</summary>
    public const int MaxEchoLength = 60;

    private readonly SortedDictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsEmpty => errors.Count == 0;

    public FieldErrors Add(string field, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        if (list.Count < MaxMessagesPerField)
        {
            list.Add(message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength - 1), "…"));
        }
        else if (list.Count == MaxMessagesPerField)
        {
            list.Add("Further errors of this field are left out.");
        }

        return this;
    }

    /// <summary>An input value quoted for an error message: <c>'value'</c>, cut (with "…") when long.</summary>
    public static string Echo(string? value)
        => value is null ? "''" : value.Length <= MaxEchoLength ? $"'{value}'" : $"'{value[..(MaxEchoLength - 1)]}…'";

    public IReadOnlyDictionary<string, string[]> ToDictionary()
        => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public static FieldErrors Of(string field, string message) => new FieldErrors().Add(field, message);
}
