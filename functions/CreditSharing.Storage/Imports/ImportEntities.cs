using Azure;
using Azure.Data.Tables;

namespace CreditSharing.Storage.Imports;

/// <summary>
/// Table <c>Imports</c>: PartitionKey = import id. Row <c>status</c> holds progress and the
/// checkpoint; rows <c>r~{line:D9}</c> hold the first 1,000 rejected lines, so the whole report
/// is one partition query in line order.
/// </summary>
public sealed class ImportEntity : ITableEntity
{
    public const string StatusRowKey = "status";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = StatusRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ProviderId { get; set; } = string.Empty;

    public string Format { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public int Total { get; set; }

    public int Accepted { get; set; }

    public int Rejected { get; set; }

    public int CheckpointLine { get; set; }

    /// <summary>Passes the file is read in; 0 on rows written before passes, read as 1.</summary>
    public int Passes { get; set; }

    public int CheckpointPass { get; set; }

    /// <summary>The record categories the provider's registry entry allowed at upload, as a JSON array; absent when not restricted (a Regulator's upload, or a row from before the registry).</summary>
    public string? Categories { get; set; }

    /// <summary>The upload's <c>?severity=</c> (minor, general, serious) for national-standard 行政处罚 rows without 失信严重程度; absent when not given.</summary>
    public string? Severity { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class RejectedLineEntity : ITableEntity
{
    public const string RowKeyPrefix = "r~";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Line { get; set; }

    /// <summary>The field errors as JSON (<c>{"field":["…"]}</c>).</summary>
    public string Errors { get; set; } = "{}";

    public static string RowKeyOf(int line) => $"{RowKeyPrefix}{line:D9}";
}
