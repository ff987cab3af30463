namespace CreditSharing.Core.Shared;

/// <summary>Validation errors keyed by the wire name of the field (camelCase, dotted for nested fields).</summary>
public sealed class FieldErrors
{
    private readonly SortedDictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsEmpty => errors.Count == 0;

    public FieldErrors Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary()
        => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public static FieldErrors Of(string field, string message) => new FieldErrors().Add(field, message);
}
