using Azure;
using Azure.Data.Tables;

namespace CreditSharing.Storage.Lists;

/// <summary>
/// Table <c>ListEntries</c>: PartitionKey = USCC, RowKey = entry id. All of an enterprise's red,
/// black and watch entries are one partition read, which is what grading needs.
/// </summary>
public sealed class ListEntryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary><c>red</c>, <c>black</c> or <c>watch</c>.</summary>
    public string ListType { get; set; } = string.Empty;

    public string DecidedOn { get; set; } = string.Empty;

    public string ExpiresOn { get; set; } = string.Empty;

    /// <summary>Set when the entry ended early (credit repair) or was ended at expiry; entries are never deleted.</summary>
    public string? EndedOn { get; set; }

    public string? Reason { get; set; }

    public string? Authority { get; set; }

    public string? AuthorityUscc { get; set; }

    public string? DocumentNo { get; set; }

    public bool LegalRepresentativeIncluded { get; set; }

    public string? ProviderId { get; set; }

    public string? SourceId { get; set; }

    /// <summary><c>repaired</c> or <c>expired</c> once ended.</summary>
    public string? EndReason { get; set; }

    /// <summary>Who listed, repaired or expired it, when and why, as JSON; appended to, never rewritten.</summary>
    public string History { get; set; } = "[]";
}
