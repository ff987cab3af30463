using System.Globalization;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Grading;

/// <summary>The queries regulators (and an enterprise, of its own grade) make of the grades.</summary>
public sealed class GradeQueries(IGradeStore grades, IGradeChangeLog changes, GradeReviews reviews, Objections.Disputes? disputes = null)
{
    public const int DefaultChangeCount = 20;

    public const int MaxChangeCount = 100;

    public async Task<QueryResult<GradeView>> GetAsync(string routeUscc, string? asOf, CancellationToken cancellationToken)
    {
        if (!Uscc.TryParse(routeUscc, out var uscc, out var error))
        {
            return QueryResult<GradeView>.Invalid(FieldErrors.Of("uscc", error));
        }

        GradeSnapshot? snapshot;
        if (string.IsNullOrWhiteSpace(asOf))
        {
            // Past its review date the stored grade is re-computed before it is answered.
            snapshot = (await reviews.CurrentAsync(uscc.Value, cancellationToken))?.Snapshot;
        }
        else if (DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            // The grade in force that day is the last one computed before the city's midnight.
            var endOfDay = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), CityClock.Offset).AddTicks(-1);
            snapshot = await grades.GetAsOfAsync(uscc.Value, endOfDay, cancellationToken);
        }
        else
        {
            return QueryResult<GradeView>.Invalid(FieldErrors.Of("asOf", "A date is written YYYY-MM-DD."));
        }

        if (snapshot is null)
        {
            return QueryResult<GradeView>.NotFound(asOf is null ? $"{uscc.Value} has no grade yet." : $"{uscc.Value} had no grade on {asOf}.");
        }

        var r = snapshot.Result;
        // A factor resting on disputed data names it (异议处理中); it still counts until decided.
        var disputed = disputes is null ? Objections.DisputedTargets.None : await disputes.OfAsync(uscc.Value, cancellationToken);
        var factors = disputed.IsEmpty ? r.Factors : r.Factors.Select(f => disputed.Among(f.RecordIds) is { Count: > 0 } ids ? f with { Disputed = ids } : f).ToList();
        return QueryResult<GradeView>.Ok(new GradeView(uscc.Value, snapshot.Name, r.Grade, r.Score, factors, r.ListStatus, r.Supervision, snapshot.ComputedAt, r.RulesVersion, r.DataSources, r.ReviewOn));
    }

    /// <param name="industryCode">A GB/T 4754-2017 code, a prefix filter: <c>F</c> lists <c>F</c>, <c>F51</c> and <c>F52</c>.</param>
    public async Task<QueryResult<Page<GradeListItem>>> ListAsync(string? county, string? industry, string? industryCode, string? grade, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        ValidateFilters(county, grade, errors);
        var code = IndustryCode(industryCode, errors);
        var size = ContinuationToken.PageSize(pageSize, errors);
        var tableToken = ContinuationToken.UnwrapTableToken(continuationToken, errors);

        if (!errors.IsEmpty)
        {
            return QueryResult<Page<GradeListItem>>.Invalid(errors);
        }

        // The index is read only once every grade past its review date is re-computed (one query when none is).
        await reviews.CatchUpAsync(cancellationToken);
        var (items, next) = await grades.ListAsync(county, Blank(industry), code, grade, size!.Value, tableToken, cancellationToken);
        return QueryResult<Page<GradeListItem>>.Ok(new Page<GradeListItem>(items, ContinuationToken.WrapTableToken(next)));
    }

    /// <summary>Counts by grade and county, from the counters kept with the index; an industry or industry-code filter pages through the index instead.</summary>
    public async Task<QueryResult<GradeSummary>> SummaryAsync(string? county, string? industry, string? industryCode, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        ValidateFilters(county, null, errors);
        var code = IndustryCode(industryCode, errors);
        if (!errors.IsEmpty)
        {
            return QueryResult<GradeSummary>.Invalid(errors);
        }

        await reviews.CatchUpAsync(cancellationToken);

        var counts = new Dictionary<(string County, string Grade), int>();
        var noData = new Dictionary<string, int>(StringComparer.Ordinal);
        if (Blank(industry) is null && code is null)
        {
            foreach (var (key, count) in (await grades.CountAsync(cancellationToken)).Where(c => county is null || c.Key.County == county))
            {
                counts[key] = count.Count;
                noData[key.County] = noData.GetValueOrDefault(key.County) + count.NoData;
            }
        }
        else
        {
            string? token = null;
            do
            {
                var (items, next) = await grades.ListAsync(county, Blank(industry), code, null, ContinuationToken.MaxPageSize * 2, token, cancellationToken);
                foreach (var item in items)
                {
                    counts[(item.County, item.Grade)] = counts.GetValueOrDefault((item.County, item.Grade)) + 1;
                    noData[item.County] = noData.GetValueOrDefault(item.County) + (item.NoData ? 1 : 0);
                }

                token = next;
            }
            while (token is not null);
        }

        var byGrade = GradingRules.Grades.ToDictionary(g => g, g => counts.Where(c => c.Key.Grade == g).Sum(c => c.Value));
        var byCounty = counts.Keys.Select(k => k.County).Distinct().Order(StringComparer.Ordinal)
            .ToDictionary(c => c, c => (IReadOnlyDictionary<string, int>)GradingRules.Grades.ToDictionary(g => g, g => counts.GetValueOrDefault((c, g))));
        var noDataByCounty = noData.Where(n => n.Value > 0).OrderBy(n => n.Key, StringComparer.Ordinal).ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        return QueryResult<GradeSummary>.Ok(new GradeSummary(byGrade.Values.Sum(), byGrade, byCounty, noDataByCounty.Values.Sum(), noDataByCounty));
    }

    /// <summary>The newest grade changes across the city (1–100, default 20), newest first.</summary>
    public async Task<QueryResult<IReadOnlyList<GradeChange>>> ChangesAsync(string? count, CancellationToken cancellationToken)
    {
        var size = DefaultChangeCount;
        if (!string.IsNullOrWhiteSpace(count)
            && !(int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxChangeCount))
        {
            return QueryResult<IReadOnlyList<GradeChange>>.Invalid(FieldErrors.Of("count", $"count is a whole number from 1 to {MaxChangeCount}."));
        }

        // The changes the calendar made today are logged before the list is read.
        await reviews.CatchUpAsync(cancellationToken);
        return QueryResult<IReadOnlyList<GradeChange>>.Ok(await changes.NewestAsync(size, cancellationToken));
    }

    private static void ValidateFilters(string? county, string? grade, FieldErrors errors)
    {
        if (county is not null && county != GradeIndex.OtherCounty && Counties.NameOf(county) is null)
        {
            errors.Add("county", $"A county is one of {string.Join(", ", Counties.All.Keys)} or '{GradeIndex.OtherCounty}'.");
        }

        if (grade is not null && !GradingRules.Grades.Contains(grade, StringComparer.Ordinal))
        {
            errors.Add("grade", "A grade is A, B, C or D.");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A filter code, checked against the GB/T 4754-2017 table: an unknown code is an error, not an empty answer.</summary>
    private static string? IndustryCode(string? industryCode, FieldErrors errors)
    {
        if (!Enterprises.IndustryCodes.TryNormalize(industryCode, out var code, out var error))
        {
            errors.Add(Enterprises.IndustryCodes.Field, error);
        }

        return code;
    }
}
