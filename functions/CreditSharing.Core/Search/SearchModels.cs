using System.Text.Json.Serialization;

namespace CreditSharing.Core.Search;

/// <summary>
/// One enterprise in a gram's row: its USCC, county, names (the current one first, then former
/// names) and current grade letter, so a candidate is confirmed and answered from the row itself,
/// without reading its profile or its grade. <see cref="Grade"/> is rewritten by the grader when the
/// letter changes (docs/search.md).
/// </summary>
public sealed record GramPosting(string Uscc, string? County, IReadOnlyList<string> Names, string? Grade = null)
{
    public bool SameAs(GramPosting other)
        => other is not null && Uscc == other.Uscc && County == other.County && Grade == other.Grade && Names.SequenceEqual(other.Names, StringComparer.Ordinal);
}

/// <summary>
/// The row of one gram of 2 to 4 characters (table <c>SearchGrams</c>). Past <see cref="SearchIndexRules.MaxPostings"/>
/// enterprises the row is marked <see cref="Common"/> and its postings are dropped: it stays bounded,
/// and a query answers from its rarer grams.
/// </summary>
public sealed record GramRow(string Gram, bool Common, IReadOnlyList<GramPosting> Postings);

/// <summary>The cap rule (docs/search.md).</summary>
public static class SearchIndexRules
{
    /// <summary>A gram found in more enterprises than this is "too common": its row keeps no list.</summary>
    public const int MaxPostings = 200;

    /// <summary>The index keeps at most this many former names per enterprise (the most recent).</summary>
    public const int MaxIndexedFormerNames = 5;

    /// <summary>At most this many distinct grams of a query are read (any subset is enough: candidates are confirmed by name).</summary>
    public const int MaxQueryGrams = 12;

    /// <summary>Grams of 2 to this many characters are indexed: a query of 2–4 characters is one point read.</summary>
    public const int MaxGramLength = 4;

    /// <summary>
    /// The row with the posting added or replaced; null when nothing changes (already there the
    /// same, or the row is already common). Crossing the cap turns the row common.
    /// </summary>
    public static GramRow? With(GramRow? row, string gram, GramPosting posting, int cap = MaxPostings)
    {
        ArgumentNullException.ThrowIfNull(posting);
        if (row is { Common: true })
        {
            return null;
        }

        var postings = row?.Postings ?? [];
        var index = -1;
        for (var i = 0; i < postings.Count; i++)
        {
            if (postings[i].Uscc == posting.Uscc)
            {
                index = i;
                break;
            }
        }

        if (index >= 0 && postings[index].SameAs(posting))
        {
            return null;
        }

        var updated = postings.ToList();
        if (index >= 0)
        {
            updated[index] = posting;
        }
        else
        {
            updated.Add(posting);
        }

        return updated.Count > cap ? new GramRow(gram, true, []) : new GramRow(gram, false, updated);
    }

    /// <summary>
    /// The row without the enterprise's posting (a name it no longer has); null when nothing changes
    /// (not listed, or the row is common: a common row is never written again).
    /// </summary>
    public static GramRow? Without(GramRow? row, string gram, string uscc)
    {
        if (row is null or { Common: true } || !row.Postings.Any(p => p.Uscc == uscc))
        {
            return null;
        }

        return new GramRow(gram, false, [.. row.Postings.Where(p => p.Uscc != uscc)]);
    }

    /// <summary>
    /// The candidates of a query: the postings of its rarest listed gram, kept only when every other
    /// listed gram lists them too (rarest first, so the set only shrinks). Null when every gram is
    /// common (the query is too general to answer from the index); empty when a gram is absent.
    /// </summary>
    public static IReadOnlyList<GramPosting>? Candidates(IReadOnlyList<GramRow?> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Any(r => r is null))
        {
            return [];
        }

        var listed = rows.Where(r => !r!.Common).OrderBy(r => r!.Postings.Count).ToList();
        if (listed.Count == 0)
        {
            return null;
        }

        var candidates = listed[0]!.Postings.ToList();
        foreach (var row in listed.Skip(1))
        {
            var usccs = row!.Postings.Select(p => p.Uscc).ToHashSet(StringComparer.Ordinal);
            candidates.RemoveAll(p => !usccs.Contains(p.Uscc));
            if (candidates.Count == 0)
            {
                break;
            }
        }

        return candidates;
    }
}

/// <summary>An enterprise found: only what is public (name, county, USCC, grade letter).</summary>
/// <param name="MatchedName">The former name (曾用名) that matched, when it was not the current name.</param>
public sealed record SearchItem(
    string Uscc,
    string Name,
    string? County,
    string? CountyName,
    string? Grade,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MatchedName = null);

/// <summary>Where a USCC or a trace code leads: <c>kind</c> enterprise or trace, and the page's link.</summary>
public sealed record SearchRoute(string Kind, string Code, string Link);

/// <summary>
/// <c>GET /api/public/search</c>: 20 items a page; <see cref="More"/> when a later page has more.
/// <see cref="TooCommon"/>: every gram of the query read is in too many names to list (add characters).
/// </summary>
public sealed record SearchAnswer(
    IReadOnlyList<SearchItem> Items,
    int Page,
    bool More,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SearchRoute? Route = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool TooCommon = false);
