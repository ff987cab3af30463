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

        if (IsPlainNormalized(text))
        {
            // Most names (CJK ideographs, lower-case ASCII letters and digits) are already normal:
            // a query confirms up to 200 candidates' names, so skip NFKC for them.
            return text;
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

    /// <summary>The distinct grams of 2 to <see cref="SearchIndexRules.MaxGramLength"/> characters of a normalised text: a name is posted to each.</summary>
    public static IReadOnlyList<string> Grams(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var grams = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var length = 2; length <= SearchIndexRules.MaxGramLength; length++)
        {
            for (var i = 0; i + length <= normalized.Length; i++)
            {
                var gram = normalized.Substring(i, length);
                if (seen.Add(gram))
                {
                    grams.Add(gram);
                }
            }
        }

        return grams;
    }

    /// <summary>The grams of every name of one enterprise (current and former), distinct.</summary>
    public static IReadOnlyList<string> GramsOf(IEnumerable<string> names)
        => [.. names.SelectMany(n => Grams(Normalize(n))).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The rows a normalised query reads: the query itself when it has 2–4 characters (one point
    /// read, its row lists exactly the names holding it); otherwise 4-character grams covering it
    /// (from every 4th position, and the last four characters), at most
    /// <see cref="SearchIndexRules.MaxQueryGrams"/> (the first ones and the last).
    /// </summary>
    public static IReadOnlyList<string> QueryGrams(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var length = SearchIndexRules.MaxGramLength;
        if (normalized.Length <= length)
        {
            return normalized.Length < 2 ? [] : [normalized];
        }

        var starts = new List<int>();
        for (var i = 0; i + length < normalized.Length; i += length)
        {
            starts.Add(i);
        }

        if (starts.Count >= SearchIndexRules.MaxQueryGrams)
        {
            starts = starts.Take(SearchIndexRules.MaxQueryGrams - 1).ToList();
        }

        starts.Add(normalized.Length - length);
        return [.. starts.Select(i => normalized.Substring(i, length)).Distinct(StringComparer.Ordinal)];
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

    private static bool IsPlainNormalized(string text)
    {
        foreach (var c in text)
        {
            var plain = c < 0x80
                ? char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.' or '&' or '(' or ')'
                : c is >= '\u4E00' and <= '\u9FFF';
            if (!plain)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first of <paramref name="names"/> whose normalised form contains the normalised query, or null.</summary>
    public static string? FirstMatch(IEnumerable<string> names, string normalizedQuery)
        => names.FirstOrDefault(n => Normalize(n).Contains(normalizedQuery, StringComparison.Ordinal));
}
