using Azure;
using Azure.Data.Tables;

namespace CreditSharing.Storage.Enterprises;

/// <summary>
/// Table <c>Enterprises</c>: PartitionKey = USCC, RowKey = <c>profile</c>. One partition per
/// enterprise keeps every read of a profile a point query and leaves room for more rows about the
/// same enterprise later.
/// </summary>
public sealed class EnterpriseEntity : ITableEntity
{
    public const string ProfileRowKey = "profile";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = ProfileRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? RepresentativeName { get; set; }

    /// <summary>
    /// Kept for joint punishment look-ups, encrypted: an envelope <c>e1.…</c> (see
    /// <c>EnvelopeProtector</c>); rows written before encryption hold the number in clear until
    /// their next write or the daily re-key run. Every answer masks it.
    /// </summary>
    public string? RepresentativeIdNumber { get; set; }

    public string? Industry { get; set; }

    /// <summary>GB/T 4754-2017 code (section letter, optionally with its division: <c>F</c>, <c>F51</c>); absent on profiles stored before it existed.</summary>
    public string? IndustryCode { get; set; }

    public string? County { get; set; }

    /// <summary><c>yyyy-MM-dd</c>; a calendar date, not an instant.</summary>
    public string? RegisteredOn { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the stored profile was submitted (orders late deliveries of queued batches); absent on older rows, which count from <see cref="UpdatedAt"/>.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    /// <summary>曾用名: a JSON array of the names before the current one, most recent first; absent until the first rename.</summary>
    public string? FormerNames { get; set; }

    /// <summary>SHA-256 of the profile's canonical JSON: a write whose content is the same is skipped.</summary>
    public string ContentHash { get; set; } = string.Empty;
}
