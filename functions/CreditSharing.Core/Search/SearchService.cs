using System.Collections.Concurrent;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;

namespace CreditSharing.Core.Search;

/// <summary>
/// Public search (<c>GET /api/public/search</c>, the home page): a USCC by point read, a trace code
/// routed to its scan, anything else of 2+ characters through the n-gram index (docs/search.md).
/// A result's grade letter is reused for <see cref="GradeLetterAge"/> (a page of 20 results would
/// otherwise cost 20 grade reads per query, ten times the index reads; bench figures in docs/performance.md).
/// </summary>
public sealed class SearchService(ISearchIndexStore index, IEnterpriseStore enterprises, IGradeStore grades, TraceService trace, TimeProvider clock)
{
    public const int PageSize = 20;

    public const int MaxQueryLength = 64;

    public const int MaxPage = 50;

    /// <summary>How long a grade letter read for a result list is shown again without a read (the public page always reads it).</summary>
    public static readonly TimeSpan GradeLetterAge = TimeSpan.FromSeconds(30);

    /// <summary>Letters kept at most; past it the cache starts again empty (a few MB at most).</summary>
    private const int MaxGradeLetters = 100_000;

    private readonly ConcurrentDictionary<string, (string Grade, DateTimeOffset ReadAt)> gradeLetters = new(StringComparer.Ordinal);

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
            var stored = await enterprises.GetAsync(uscc.Value, cancellationToken);
            var route = new SearchRoute("enterprise", uscc.Value, $"/e/{uscc.Value}");
            if (stored is null)
            {
                return QueryResult<SearchAnswer>.Ok(new SearchAnswer([], page, false, route));
            }

            var item = await WithGradeAsync(new SearchItem(uscc.Value, stored.Profile.Name, stored.Profile.County, Counties.NameOf(stored.Profile.County), null), cancellationToken);
            return QueryResult<SearchAnswer>.Ok(new SearchAnswer(page == 1 ? [item] : [], page, false, route));
        }

        if (TraceValidator.IsCode(q) && await trace.ExistsAsync(q, cancellationToken))
        {
            return QueryResult<SearchAnswer>.Ok(new SearchAnswer([], page, false, new SearchRoute("trace", q, $"/t/{Uri.EscapeDataString(q)}")));
        }

        var grams = SearchText.Bigrams(normalized).Take(SearchIndexRules.MaxQueryGrams).ToList();
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
                found.Add(new SearchItem(posting.Uscc, name, posting.County, Counties.NameOf(posting.County), null, matched == name ? null : matched));
            }
        }

        var ordered = found.OrderBy(i => i.MatchedName is null ? 0 : 1).ThenBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Uscc, StringComparer.Ordinal).ToList();
        var slice = ordered.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var items = await Task.WhenAll(slice.Select(i => WithGradeAsync(i, cancellationToken)));
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

    /// <summary>
    /// The grade letter as the public page shows it (the stored current grade), read at most
    /// <see cref="GradeLetterAge"/> ago, or none (an enterprise without a grade is read every time,
    /// so its first grade shows at once).
    /// </summary>
    private async Task<SearchItem> WithGradeAsync(SearchItem item, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (gradeLetters.TryGetValue(item.Uscc, out var known) && now - known.ReadAt < GradeLetterAge)
        {
            return item with { Grade = known.Grade };
        }

        if (await grades.GetCurrentAsync(item.Uscc, cancellationToken) is not { } grade)
        {
            return item;
        }

        if (gradeLetters.Count >= MaxGradeLetters)
        {
            gradeLetters.Clear();
        }

        gradeLetters[item.Uscc] = (grade.Snapshot.Result.Grade, now);
        return item with { Grade = grade.Snapshot.Result.Grade };
    }
}
