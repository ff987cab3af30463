using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Search;

/// <summary>
/// Public search (<c>GET /api/public/search</c>, the home page): a USCC by point read, a trace code
/// routed to its scan, anything else of 2+ characters through the n-gram index (docs/search.md):
/// a query of 2–4 characters is one point read, and a result's name, county and grade letter come
/// from the row itself (no read per result; bench figures in docs/performance.md).
/// </summary>
public sealed class SearchService(ISearchIndexStore index, IEnterpriseStore enterprises, IGradeStore grades, TraceService trace)
{
    public const int PageSize = 20;

    public const int MaxQueryLength = 64;

    public const int MaxPage = 50;

    public async Task<QueryResult<SearchAnswer>> SearchAsync(string? query, string? pageText, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var q = query?.Trim() ?? string.Empty;
        if (q.Length == 0)
        {
            errors.Add("q", "Give 2 or more characters of a name, a USCC or a trace code.");
        }
        else if (q.Length > MaxQueryLength)
        {
            errors.Add("q", $"A query has at most {MaxQueryLength} characters.");
        }
        else if (!IsPlain(q))
        {
            errors.Add("q", "A query may not hold control characters or broken characters.");
        }

        var page = 1;
        if (!string.IsNullOrEmpty(pageText) && (!int.TryParse(pageText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out page) || page < 1 || page > MaxPage))
        {
            errors.Add("page", $"A page is a number from 1 to {MaxPage}.");
        }

        // Normalised only once refused characters are ruled out (NFKC throws on a lone surrogate).
        var normalized = errors.IsEmpty ? SearchText.Normalize(q) : string.Empty;
        if (errors.IsEmpty && normalized.Length < 2)
        {
            errors.Add("q", "Give 2 or more characters.");
        }

        if (!errors.IsEmpty)
        {
            return QueryResult<SearchAnswer>.Invalid(errors);
        }

        if (Uscc.TryParse(q, out var uscc, out _))
        {
            var gradeRead = grades.GetCurrentAsync(uscc.Value, cancellationToken);
            var stored = await enterprises.GetAsync(uscc.Value, cancellationToken);
            var grade = (await gradeRead)?.Snapshot.Result.Grade;
            var route = new SearchRoute("enterprise", uscc.Value, $"/e/{uscc.Value}");
            if (stored is null)
            {
                return QueryResult<SearchAnswer>.Ok(new SearchAnswer([], page, false, route));
            }

            var item = new SearchItem(uscc.Value, stored.Profile.Name, stored.Profile.County, Counties.NameOf(stored.Profile.County), grade);
            return QueryResult<SearchAnswer>.Ok(new SearchAnswer(page == 1 ? [item] : [], page, false, route));
        }

        if (TraceValidator.IsCode(q) && await trace.ExistsAsync(q, cancellationToken))
        {
            return QueryResult<SearchAnswer>.Ok(new SearchAnswer([], page, false, new SearchRoute("trace", q, $"/t/{Uri.EscapeDataString(q)}")));
        }

        var grams = SearchText.QueryGrams(normalized);
        var candidates = SearchIndexRules.Candidates(await index.ReadAsync(grams, cancellationToken));
        if (candidates is null)
        {
            return QueryResult<SearchAnswer>.Ok(new SearchAnswer([], page, false, TooCommon: true));
        }

        var found = new List<SearchItem>();
        foreach (var posting in candidates)
        {
            if (SearchText.FirstMatch(posting.Names, normalized) is { } matched)
            {
                var name = posting.Names[0];
                found.Add(new SearchItem(posting.Uscc, name, posting.County, Counties.NameOf(posting.County), posting.Grade, matched == name ? null : matched));
            }
        }

        var ordered = found.OrderBy(i => i.MatchedName is null ? 0 : 1).ThenBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Uscc, StringComparer.Ordinal).ToList();
        var items = ordered.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        return QueryResult<SearchAnswer>.Ok(new SearchAnswer(items, page, ordered.Count > page * PageSize));
    }

    /// <summary>No control or format characters (bidi overrides, zero-width) and no lone surrogate.</summary>
    private static bool IsPlain(string q)
    {
        for (var i = 0; i < q.Length; i++)
        {
            var c = q[i];
            if (char.IsControl(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= q.Length || !char.IsLowSurrogate(q[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }
}
