using Azure;
using Azure.Data.Tables;

namespace CreditSharing.Storage.Objections;

/// <summary>
/// Table <c>Objections</c>: PartitionKey = USCC. Two kinds of row (<see cref="Kind"/>):
/// <list type="bullet">
/// <item><c>objection</c>: RowKey = objection id (<c>{uscc}-{24 hex}</c>), the objection and its decision.</item>
/// <item><c>claim</c>: RowKey = <see cref="ObjectionKeys.Claim"/> (<c>open~{kind}~{targetId}</c>), held by the
/// open objection of a target (<see cref="OpenObjectionId"/>); added with the objection and deleted with its
/// decision in the same transaction, so two filings on one target cannot both stay open.</item>
/// </list>
/// </summary>
public sealed class ObjectionEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary><c>objection</c> or <c>claim</c>.</summary>
    public string Kind { get; set; } = ObjectionKeys.ObjectionKind;

    /// <summary>On a claim row: the open objection that holds the target.</summary>
    public string? OpenObjectionId { get; set; }

    /// <summary><c>record</c> or <c>listEntry</c>.</summary>
    public string? TargetKind { get; set; }

    public string? TargetId { get; set; }

    /// <summary>The target's provider: who decides, and what a provider's list filters on.</summary>
    public string? ProviderId { get; set; }

    /// <summary>The target's revision when the objection was filed.</summary>
    public int TargetRevision { get; set; }

    public string? Reason { get; set; }

    /// <summary>The evidence ids, as a JSON array.</summary>
    public string Evidence { get; set; } = "[]";

    public DateTimeOffset FiledAt { get; set; }

    public string? FiledBy { get; set; }

    /// <summary>The last working day to decide, <c>yyyy-MM-dd</c> (compares as a string for <c>overdue</c>).</summary>
    public string? DueOn { get; set; }

    /// <summary><c>open</c>, <c>upheld</c>, <c>corrected</c> or <c>withdrawn</c>.</summary>
    public string? Status { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }
}

/// <summary>Keys of table <c>Objections</c>.</summary>
public static class ObjectionKeys
{
    public const string ObjectionKind = "objection";
    public const string ClaimKind = "claim";

    /// <summary>The row that holds a target while an objection on it is open. Objection ids start with a USCC (digits and capitals), so they never start with <c>open~</c>.</summary>
    public static string Claim(string targetKind, string targetId) => $"open~{targetKind}~{targetId}";
}
