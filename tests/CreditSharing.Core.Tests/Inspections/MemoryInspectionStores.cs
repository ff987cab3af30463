using System.Globalization;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Inspections;

namespace CreditSharing.Core.Tests.Inspections;

/// <summary>The grade index as a plan reads it: filtered by county, industry and industry-code prefix, in pages.</summary>
internal sealed class MemoryGradeIndex(IReadOnlyList<GradeListItem> items) : IGradeStore
{
    public int PagesRead { get; private set; }

    public Task<(IReadOnlyList<GradeListItem> Items, string? ContinuationToken)> ListAsync(string? county, string? industry, string? industryCode, string? grade, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        PagesRead++;
        var skip = continuationToken is null ? 0 : int.Parse(continuationToken, CultureInfo.InvariantCulture);
        var matching = items.Where(i => (county is null || i.County == county) && (industry is null || i.Industry == industry) && IndustryCodes.Matches(i.IndustryCode, industryCode) && (grade is null || i.Grade == grade)).ToList();
        var page = matching.Skip(skip).Take(pageSize).ToList();
        var next = skip + page.Count < matching.Count ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult<(IReadOnlyList<GradeListItem>, string?)>((page, next));
    }

    public Task<StoredGrade?> GetCurrentAsync(string uscc, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<GradeSnapshot?> GetAsOfAsync(string uscc, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveAsync(GradeSnapshot snapshot, StoredGrade? previous, bool writeHistory, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task EnsureFiledAsync(StoredGrade current, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyDictionary<(string County, string Grade), GradeCount>> CountAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<string> GradedAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>A review index with no grade due: the catch-up before a draw checks once and grades nothing.</summary>
internal sealed class NoReviewsDue : IGradeReviewIndex
{
    public static GradeReviews Reviews(DateTimeOffset now) => new(new NoReviewsDue(), null!, null!, new FixedTimeProvider(now));

    public Task<bool> AnyDueAsync(DateOnly through, CancellationToken cancellationToken) => Task.FromResult(false);

    public IAsyncEnumerable<GradeReviewDue> DueAsync(DateOnly through, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveAsync(IReadOnlyList<GradeReviewDue> rows, CancellationToken cancellationToken) => throw new NotSupportedException();
}

internal sealed class MemoryInspectionPlanStore : IInspectionPlanStore
{
    public Dictionary<string, InspectionPlan> Plans { get; } = new(StringComparer.Ordinal);

    public Task SaveAsync(InspectionPlan plan, CancellationToken cancellationToken)
    {
        Plans[plan.PlanId] = plan;
        return Task.CompletedTask;
    }

    public Task<InspectionPlan?> GetAsync(string planId, CancellationToken cancellationToken) => Task.FromResult(Plans.GetValueOrDefault(planId));
}
