using Azure;
using Azure.Data.Tables;

namespace CreditSharing.Storage.Records;

/// <summary>
/// Table <c>Records</c>: PartitionKey = USCC, RowKey = <c>{providerId}~{sourceId}</c> (escaped).
/// One partition per enterprise makes "all records of X" one partition query (the enterprise page)
/// and lets a provider's batch for one enterprise commit in one transaction, together with the
/// partition's manifest row (<see cref="RecordManifest"/>, read by grading); the row key is the
/// idempotency key of the provider's own record id.
/// </summary>
public sealed class RecordEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ProviderId { get; set; } = string.Empty;

    public string SourceId { get; set; } = string.Empty;

    public string Category { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? Content { get; set; }

    /// <summary><c>yyyy-MM-dd</c>: ISO dates compare as strings, so range filters run in the table service.</summary>
    public string DecisionDate { get; set; } = string.Empty;

    public string? DocumentNo { get; set; }

    public string Authority { get; set; } = string.Empty;

    public string? AuthorityUscc { get; set; }

    public string? LegalBasis { get; set; }

    public string? Severity { get; set; }

    public string? Outcome { get; set; }

    public string? Rating { get; set; }

    /// <summary>The rating scheme of an <c>industry-rating</c> (<c>logistics-a-level</c>); absent for the default AAA–C scheme and every other category.</summary>
    public string? Scheme { get; set; }

    /// <summary>The 双公示 details of the national standard (<c>RecordDetails</c>) as JSON; absent when the record has none.</summary>
    public string? Details { get; set; }

    /// <summary>Yuan as invariant text: the table service has no decimal type and money must not round.</summary>
    public string? Amount { get; set; }

    public string? ValidUntil { get; set; }

    public string Disclosure { get; set; } = string.Empty;

    public int Revision { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Receipt time of the submission whose content this row holds (orders late redeliveries).</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    public string ContentHash { get; set; } = string.Empty;

    /// <summary>Credit repair (信用修复), kept apart from the provider's content.</summary>
    public string? RepairedOn { get; set; }

    public string? RepairReason { get; set; }

    public string? RepairDocumentNo { get; set; }

    /// <summary>The text of the credit commitment (信用承诺) of the repair.</summary>
    public string? RepairCommitment { get; set; }

    /// <summary><c>yyyy-MM-dd</c>: the day the commitment was signed; absent on repairs from before the 2026 rules.</summary>
    public string? RepairCommitmentSignedOn { get; set; }

    /// <summary>The statutory obligations were fulfilled (true on every repair under the 2026 rules; absent before).</summary>
    public bool? RepairObligationsFulfilled { get; set; }

    /// <summary>The repair's evidence, a JSON array of strings (at most 20 of 500 characters).</summary>
    public string? RepairEvidence { get; set; }

    public string? RepairedBy { get; set; }

    /// <summary>Withdrawal (撤销), kept apart from the provider's content like the repair: when, by whom, why, and the revoking document.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }

    public string? WithdrawnBy { get; set; }

    public string? WithdrawalReason { get; set; }

    public string? WithdrawalDocumentNo { get; set; }
}
