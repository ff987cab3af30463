using Azure;
using Azure.Data.Tables;

namespace CreditSharing.Storage.Lists;

/// <summary>
/// Table <c>ListEntries</c>: PartitionKey = USCC, RowKey = entry id. All of an enterprise's red,
/// black and watch entries are one partition read, which is what grading needs. Partition
/// <see cref="IdsPartition"/> holds one <see cref="ListEntryIdEntity"/> per entry id, naming the
/// enterprise it belongs to, so a resend under another USCC is recognised with one point read.
/// </summary>
public sealed class ListEntryEntity : ITableEntity
{
    /// <summary>The partition of the id rows; no USCC starts with '~'.</summary>
    public const string IdsPartition = "~ids";

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

    /// <summary><c>repaired</c>, <c>expired</c>, <c>black-listed</c>, <c>withdrawn</c> or a basis end once ended.</summary>
    public string? EndReason { get; set; }

    /// <summary>Who listed, corrected, repaired, withdrew or expired it, when and why, as JSON; appended to, never rewritten.</summary>
    public string History { get; set; } = "[]";

    /// <summary>1 for the first version, + 1 for each correction; absent (read as 1) on rows from before corrections.</summary>
    public int? Revision { get; set; }

    /// <summary>The record ids the decision rests on, as a JSON array; null when none.</summary>
    public string? BasisRecordIds { get; set; }

    /// <summary>The withdrawal (撤销) <c>{at, by, reason, documentNo}</c> as JSON; null unless withdrawn.</summary>
    public string? Withdrawn { get; set; }

    /// <summary>The decision whose follow-ups are not done yet (<c>listed</c>, <c>corrected</c>, <c>withdrawn</c>, a basis end); null when complete.</summary>
    public string? Pending { get; set; }
}

/// <summary>Partition <see cref="ListEntryEntity.IdsPartition"/> of <c>ListEntries</c>: RowKey = entry id, the enterprise it was first stored under.</summary>
public sealed class ListEntryIdEntity : ITableEntity
{
    public string PartitionKey { get; set; } = ListEntryEntity.IdsPartition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Uscc { get; set; } = string.Empty;
}
