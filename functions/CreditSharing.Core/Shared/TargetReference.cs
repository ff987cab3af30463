namespace CreditSharing.Core.Shared;

/// <summary>
/// The <c>target {kind, id}</c> of an objection or a repair application: one check, so both name the same
/// fields with the same messages.
/// </summary>
public static class TargetReference
{
    private const int MaxIdLength = 512;

    /// <summary>The trimmed kind and id; errors on <c>target</c>, <c>target.kind</c> or <c>target.id</c> go to <paramref name="errors"/>.</summary>
    public static (string? Kind, string? Id) Check(bool present, string? kind, string? id, IReadOnlyList<string> kinds, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(errors);
        kind = kind?.Trim();
        id = id?.Trim();
        if (!present)
        {
            errors.Add("target", "target {kind, id} is required.");
            return (kind, id);
        }

        if (kind is null || !kinds.Contains(kind, StringComparer.Ordinal))
        {
            errors.Add("target.kind", $"target.kind is one of {string.Join(", ", kinds)}.");
        }

        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            errors.Add("target.id", $"target.id is required (at most {MaxIdLength} characters).");
        }
        else
        {
            PlainText.Check(id, "target.id", errors);
        }

        return (kind, id);
    }
}
