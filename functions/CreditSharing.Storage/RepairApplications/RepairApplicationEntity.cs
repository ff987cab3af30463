using Azure;
using Azure.Data.Tables;

namespace CreditSharing.Storage.RepairApplications;

/// <summary>
/// Table <c>RepairApplications</c>: PartitionKey = USCC. Two kinds of row (<see cref="Kind"/>):
/// <list type="bullet">
/// <item><c>application</c>: RowKey = repair id (<c>{uscc}-{24 hex}</c>), the application and its decision.</item>
/// <item><c>claim</c>: RowKey = <see cref="RepairApplicationKeys.Claim"/> (<c>open~{kind}~{targetId}</c>), held by the
/// open application of a target (<see cref="OpenRepairId"/>); added with the application and deleted with its
/// decision in the same transaction, so a target has at most one open application.</item>
/// </list>
/// </summary>
public sealed class RepairApplicationEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary><c>application</c> or <c>claim</c>.</summary>
    public string Kind { get; set; } = RepairApplicationKeys.ApplicationKind;

    /// <summary>On a claim row: the open application that holds the target.</summary>
    public string? OpenRepairId { get; set; }

    /// <summary><c>record</c> or <c>listEntry</c>.</summary>
    public string? TargetKind { get; set; }

    public string? TargetId { get; set; }

    /// <summary>The target's provider: who decides.</summary>
    public string? ProviderId { get; set; }

    public string? Reason { get; set; }

    /// <summary>The credit commitment as JSON <c>{text, signedOn}</c>.</summary>
    public string? Commitment { get; set; }

    public bool ObligationsFulfilled { get; set; }

    /// <summary>The evidence ids, as a JSON array.</summary>
    public string Evidence { get; set; } = "[]";

    public DateTimeOffset SubmittedAt { get; set; }

    public string? SubmittedBy { get; set; }

    /// <summary>The last working day to decide, <c>yyyy-MM-dd</c>.</summary>
    public string? DueOn { get; set; }

    /// <summary><c>submitted</c>, <c>granted</c> or <c>refused</c>.</summary>
    public string? Status { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }
}

/// <summary>Keys of table <c>RepairApplications</c>.</summary>
public static class RepairApplicationKeys
{
    public const string ApplicationKind = "application";
    public const string ClaimKind = "claim";

    /// <summary>The row that holds a target while an application for it is open. Repair ids start with a USCC, never with <c>open~</c>.</summary>
    public static string Claim(string targetKind, string targetId) => $"open~{targetKind}~{targetId}";
}
