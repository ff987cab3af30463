namespace CreditSharing.Core.Grading;

/// <summary>A list entry as grading sees it (red/black/watch), active from its decision until it expires or is ended early.</summary>
public sealed record ListEntrySnapshot(string Id, string ListType, DateOnly DecidedOn, DateOnly ExpiresOn, DateOnly? EndedOn)
{
    public bool IsActiveOn(DateOnly day) => DecidedOn <= day && day <= ExpiresOn && (EndedOn is null || day < EndedOn);
}

/// <summary>One reason for a score: the rule, its points and the records (or list entries) behind it.</summary>
/// <param name="Disputed">
/// Of <paramref name="RecordIds"/>, those under an open objection, set when a grade is answered
/// (never stored); absent when none is.
/// </param>
public sealed record GradeFactor(string Rule, string Description, int Points, IReadOnlyList<string> RecordIds, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Disputed = null);

public sealed record ListStatus(bool Red, bool Black, bool Watch, IReadOnlyList<string> ActiveEntries);

public sealed record Supervision(decimal SamplingRatio, IReadOnlyList<string> Measures);

/// <summary>The outcome of <see cref="GradeEngine.Evaluate"/>: pure data, the same for the same input.</summary>
/// <param name="DataSources">
/// How many distinct providers sent the records behind the factors (records that count, inside
/// their windows and look-backs): 0 is a grade on no data, the default B of a new entity.
/// </param>
public sealed record GradeResult(
    int Score,
    string Grade,
    IReadOnlyList<GradeFactor> Factors,
    ListStatus ListStatus,
    Supervision Supervision,
    DateOnly AsOf,
    string RulesVersion,
    int DataSources = 0)
{
    /// <summary>
    /// The first date after <see cref="AsOf"/> on which time alone changes the inputs (a window or
    /// look-back ends, a list entry starts or ends): the grade is re-computed from then
    /// (<see cref="GradeReview"/>). Null when nothing changes with time.
    /// </summary>
    public DateOnly? ReviewOn { get; init; }
}

/// <summary>A grade as stored: the result, where it files in the index, and when it was computed.</summary>
/// <param name="IndustryCode">The profile's GB/T 4754-2017 code, filed with the index row so lists, summaries and plans filter by it.</param>
public sealed record GradeSnapshot(
    string Uscc,
    string? Name,
    string County,
    string? Industry,
    GradeResult Result,
    DateTimeOffset ComputedAt,
    string? IndustryCode = null);

/// <param name="PreviousCounty">The county the grade was filed under before its last save, so a filing cut short can be finished.</param>
public sealed record StoredGrade(GradeSnapshot Snapshot, string? Version, string? PreviousCounty = null);

/// <summary>What <c>GET /api/enterprises/{uscc}/grade</c> answers.</summary>
public sealed record GradeView(
    string Uscc,
    string? Name,
    string Grade,
    int Score,
    IReadOnlyList<GradeFactor> Factors,
    ListStatus ListStatus,
    Supervision Supervision,
    DateTimeOffset ComputedAt,
    string RulesVersion,
    int DataSources,
    DateOnly? ReviewOn);

/// <param name="NoData">Graded on no data (<see cref="GradeResult.DataSources"/> 0).</param>
public sealed record GradeListItem(string Uscc, string? Name, string County, string? CountyName, string? Industry, string Grade, int Score, string? IndustryCode = null, bool NoData = false);

/// <param name="NoData">Of <see cref="Total"/>, the enterprises graded on no data: the default B of an enterprise no department has reported on (or a list effect alone).</param>
/// <param name="NoDataByCounty">The same per county (index county), only counties with any.</param>
public sealed record GradeSummary(
    int Total,
    IReadOnlyDictionary<string, int> ByGrade,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ByCounty,
    int NoData,
    IReadOnlyDictionary<string, int> NoDataByCounty);

/// <summary>A <c>GradeIndex</c> partition's counter: its enterprises, and how many of them were graded on no data.</summary>
public sealed record GradeCount(int Count, int NoData);

/// <summary>A change of an enterprise's grade letter (or its first grade, when <see cref="PreviousGrade"/> is null), for the regulators' feed.</summary>
public sealed record GradeChange(
    string Uscc,
    string? Name,
    string County,
    string? CountyName,
    string? PreviousGrade,
    int? PreviousScore,
    string Grade,
    int Score,
    DateTimeOffset ChangedAt);

/// <summary>
/// Queue <c>grade-requests</c>: enterprises whose credit data changed, or a chunk of a re-grade of
/// every enterprise (<see cref="JobId"/> set: computed even when the data did not change, because
/// the rules did). <see cref="DeferredSince"/> is set on a request put off while credit records were
/// queued in bulk (<see cref="GradeDeferral"/>): the time of the oldest request it stands for.
/// </summary>
public sealed record GradeRequestMessage(IReadOnlyList<string> Usccs, string Reason, DateTimeOffset RequestedAt, string? JobId = null, int Chunk = 0, DateTimeOffset? DeferredSince = null)
{
    /// <summary>Records of the enterprises were delivered through the <c>credit-records</c> queue.</summary>
    public const string RecordsChanged = "records-changed";

    /// <summary>Records of the enterprises were stored by a bulk import.</summary>
    public const string RecordsImported = "records-imported";

    /// <summary>The enterprises' grades reached their <see cref="GradeResult.ReviewOn"/> (<see cref="GradeReviews"/>).</summary>
    public const string Calendar = "calendar";
}

public enum RecomputeOutcome
{
    /// <summary>A grade computed after the request already reflects its data (coalesced).</summary>
    Skipped,
    Unchanged,
    Changed,

    /// <summary>Put off while credit records are queued in bulk (<see cref="GradeDeferral"/>).</summary>
    Deferred,
}
