using System.Text;

namespace CreditSharing.Core.Search;

/// <summary>
/// How names and queries are compared: Unicode NFKC (full-width Latin letters, digits and brackets
/// become their half-width forms), then lower case, with white space removed. A name and a query
/// match when the normalised query is a substring of the normalised name.
/// </summary>
public static class SearchText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The distinct bigrams (two consecutive UTF-16 characters) of a normalised text, in order of first appearance.</summary>
    public static IReadOnlyList<string> Bigrams(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var grams = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < normalized.Length; i++)
        {
            var gram = normalized.Substring(i, 2);
            if (seen.Add(gram))
            {
                grams.Add(gram);
            }
        }

        return grams;
    }

    /// <summary>The bigrams of every name of one enterprise (current and former), distinct.</summary>
    public static IReadOnlyList<string> BigramsOf(IEnumerable<string> names)
        => [.. names.SelectMany(n => Bigrams(Normalize(n))).Distinct(StringComparer.Ordinal)];

    /// <summary>The first of <paramref name="names"/> whose normalised form contains the normalised query, or null.</summary>
    public static string? FirstMatch(IEnumerable<string> names, string normalizedQuery)
        => names.FirstOrDefault(n => Normalize(n).Contains(normalizedQuery, StringComparison.Ordinal));
}
