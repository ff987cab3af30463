using Azure;
using Azure.Data.Tables;

namespace CreditSharing.Storage.Grading;

/// <summary>
/// Table <c>Grades</c>: PartitionKey = USCC; RowKey <c>current</c> for the grade in force and
/// <c>h~{invertedTicks:D19}</c> for each change, so "the grade on a day" is the first history row at
/// or after that day's inverted time: one range query in one partition, newest first.
/// </summary>
public sealed class GradeEntity : ITableEntity
{
    public const string CurrentRowKey = "current";
    public const string HistoryPrefix = "h~";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = CurrentRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string? Name { get; set; }

    public string County { get; set; } = string.Empty;

    public string? Industry { get; set; }

    /// <summary>GB/T 4754-2017 code of the profile when graded (see <see cref="GradeIndexEntity.IndustryCode"/>).</summary>
    public string? IndustryCode { get; set; }

    public string Grade { get; set; } = string.Empty;

    public int Score { get; set; }

    /// <summary>The factors, list status and supervision as JSON: read whole, never filtered on.</summary>
    public string Factors { get; set; } = "[]";

    public string ListStatus { get; set; } = "{}";

    public string Supervision { get; set; } = "{}";

    public string AsOf { get; set; } = string.Empty;

    public string RulesVersion { get; set; } = string.Empty;

    public DateTimeOffset ComputedAt { get; set; }

    /// <summary>Distinct providers of the counting records (0: graded on no data); null on rows written before it was kept, read as 0.</summary>
    public int? DataSources { get; set; }

    /// <summary><c>yyyy-MM-dd</c>: the first day time alone changes the grade's inputs; null when none does (or stored before it existed).</summary>
    public string? ReviewOn { get; set; }

    /// <summary>Current row only: the county filed under before this save (see <c>EnsureFiledAsync</c>).</summary>
    public string? PreviousCounty { get; set; }

    public static string HistoryRowKey(DateTimeOffset at) => $"{HistoryPrefix}{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}";
}

/// <summary>
/// Table <c>GradeIndex</c>: PartitionKey = <c>{county}~{grade}</c>, RowKey = USCC. A filtered list
/// (county and grade) is one partition; each partition also holds its counter row <c>~count</c>,
/// changed in the same entity group transaction as the index row, so counts never drift.
/// </summary>
public sealed class GradeIndexEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string? Name { get; set; }

    public string County { get; set; } = string.Empty;

    public string? Industry { get; set; }

    /// <summary>
    /// GB/T 4754-2017 code (<c>F</c>, <c>F51</c>). A filter by code is a prefix, asked of the table as a string
    /// range on this property (<c>IndustryCode ge 'F' and IndustryCode lt 'F~'</c>), like the <c>Industry eq</c> filter.
    /// </summary>
    public string? IndustryCode { get; set; }

    public string Grade { get; set; } = string.Empty;

    public int Score { get; set; }

    /// <summary>Graded on no data (<c>dataSources</c> 0); false on rows written before it was kept.</summary>
    public bool NoData { get; set; }

    public static string PartitionOf(string county, string grade) => $"{county}~{grade}";
}

public sealed class GradeCounterEntity : ITableEntity
{
    /// <summary>'~' sorts after every USCC character, so the counter is never in a page of index rows filtered by <c>RowKey lt '~'</c>.</summary>
    public const string CounterRowKey = "~count";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = CounterRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Count { get; set; }

    /// <summary>How many of <see cref="Count"/> were graded on no data (<c>NoData</c> index rows); 0 on counters from before it was kept.</summary>
    public int NoData { get; set; }
}
