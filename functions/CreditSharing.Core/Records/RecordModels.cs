using System.Text.Json.Serialization;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Records;

/// <summary>A credit record as a department sends it (JSON or one CSV/NDJSON line): raw, so each error names its field.</summary>
public sealed record RecordInput(
    string? SourceId,
    string? Uscc,
    string? Category,
    string? Title,
    string? Content,
    string? DecisionDate,
    string? DocumentNo,
    string? Authority,
    string? AuthorityUscc,
    string? LegalBasis,
    string? Severity,
    string? Outcome,
    string? Rating,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? Amount,
    string? ValidUntil,
    string? Disclosure,
    string? Scheme = null,
    RecordDetails? Details = null);

/// <summary>
/// The 双公示 fields of the 2021 national 行政处罚/行政许可 data standard that the record's own fields
/// do not hold (docs/records.md, "National-standard files"). Absent on records sent without them.
/// </summary>
/// <param name="PenaltyType">处罚类别 (警告, 罚款, 没收违法所得 …).</param>
/// <param name="ViolationType">违法行为类型.</param>
/// <param name="ConfiscatedAmount">没收违法所得、没收非法财物的金额, in yuan (the file gives 万元).</param>
/// <param name="SuspendedLicence">暂扣或吊销证照名称及编号.</param>
/// <param name="LicenceCategory">许可类别 (普通, 特许, 认可, 核准, 登记, 其他).</param>
/// <param name="DocumentName">行政许可决定文书名称.</param>
/// <param name="CertificateName">许可证书名称.</param>
/// <param name="CertificateNo">许可编号.</param>
/// <param name="ValidFrom">有效期自 (the record's validUntil is 有效期至).</param>
/// <param name="CurrentStatus">当前状态 of a licence (有效, 无效 …).</param>
/// <param name="DisclosureDeadline">公示截止期 as the department gave it (the service computes its own disclosure window).</param>
/// <param name="DataSource">数据来源单位.</param>
/// <param name="DataSourceUscc">数据来源单位统一社会信用代码.</param>
public sealed record RecordDetails(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PenaltyType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ViolationType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? ConfiscatedAmount = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SuspendedLicence = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LicenceCategory = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DocumentName = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CertificateName = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CertificateNo = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? ValidFrom = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CurrentStatus = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? DisclosureDeadline = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DataSource = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DataSourceUscc = null);

/// <summary>A validated record. Its identity is (provider, sourceId); the provider comes from the token.</summary>
public sealed record CreditRecord(
    string ProviderId,
    string SourceId,
    string Uscc,
    string Category,
    string Title,
    string? Content,
    DateOnly DecisionDate,
    string? DocumentNo,
    string Authority,
    string? AuthorityUscc,
    string? LegalBasis,
    string? Severity,
    string? Outcome,
    string? Rating,
    decimal? Amount,
    DateOnly? ValidUntil,
    string Disclosure,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scheme = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RecordDetails? Details = null)
{
    /// <summary>The record id shown to clients and used as the table row key: <c>{providerId}~{sourceId}</c>, escaped.</summary>
    public string Id => RecordId.Of(ProviderId, SourceId);
}

/// <summary>A record as stored: the record, its revision (1, then +1 per correction) and bookkeeping.</summary>
/// <param name="SubmittedAt">
/// When the submission whose content is stored was received. A delivery of an older submission
/// (queues redeliver and do not keep order) must not overwrite a newer one; null on rows written
/// before it was kept, which then count from <paramref name="ReceivedAt"/>.
/// </param>
/// <param name="Withdrawn">
/// 撤销 of the record: from then on it is in no public page, grade or 信易贷 answer, and stays in
/// history. Kept apart from the provider's content, like <paramref name="Repair"/>, so a
/// correction does not undo it.
/// </param>
public sealed record StoredRecord(CreditRecord Record, int Revision, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, string ContentHash, string? Version, RecordRepair? Repair = null, DateTimeOffset? SubmittedAt = null, Withdrawal? Withdrawn = null)
{
    public DateTimeOffset ContentSubmittedAt => SubmittedAt ?? ReceivedAt;
}

/// <summary>
/// 信用修复 of a record: from <see cref="On"/> it leaves public disclosure and stops counting in the
/// grade. Kept apart from the provider's content, so a correction does not undo it. A repair under
/// the 2026 rules keeps the credit commitment, <see cref="ObligationsFulfilled"/> and the evidence
/// (<see cref="Repairs"/>); repairs made before keep null there.
/// </summary>
public sealed record RecordRepair(DateOnly On, string Reason, string DocumentNo, RepairCommitment? Commitment, string By, bool? ObligationsFulfilled = null, IReadOnlyList<string>? Evidence = null);

/// <summary>What every answer shows of a record, with its disclosure window computed from the rules in force on its decision date.</summary>
public sealed record RecordView(
    string Id,
    string SourceId,
    string ProviderId,
    string Uscc,
    string Category,
    string Title,
    string? Content,
    DateOnly DecisionDate,
    string? DocumentNo,
    string Authority,
    string? AuthorityUscc,
    string? LegalBasis,
    string? Severity,
    string? Outcome,
    string? Rating,
    decimal? Amount,
    DateOnly? ValidUntil,
    string Disclosure,
    int Revision,
    DateTimeOffset UpdatedAt,
    DateOnly? PublicUntil,
    DateOnly? RepairEligibleFrom,
    string DisclosureRules,
    RecordRepair? Repair,
    string? Scheme,
    IReadOnlyList<string> Sources,
    DateOnly? EndedOn,
    string? EndedBy,
    Withdrawal? Withdrawn = null,
    bool Disputed = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RecordDetails? Details = null);

/// <summary>
/// Queue <c>credit-records</c>: accepted records of one submission, those of one enterprise kept
/// together, as many enterprises as fit one message (a batch naming 500 enterprises is a handful of
/// messages, not 500).
/// </summary>
public sealed record RecordBatchMessage(string SubmissionId, string ProviderId, DateTimeOffset ReceivedAt, IReadOnlyList<CreditRecord> Records);

/// <summary>What a store decided for one incoming record.</summary>
public enum RecordChange
{
    Created,
    Corrected,
    Unchanged,
}

public static class RecordId
{
    /// <summary>Table keys may not hold '/', '\', '#', '?' or control characters; those (and '%', '~') are percent-escaped.</summary>
    public static string Of(string providerId, string sourceId) => Escape(providerId) + "~" + Escape(sourceId);

    /// <summary>
    /// Whether a client-given id (a route value) can be one that <see cref="Of"/> made: two non-empty
    /// parts around one '~', no character that escaping removes, within a table key's 1 KiB. Anything
    /// else names no record, and must not reach storage as a key.
    /// </summary>
    public static bool IsWellFormed(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 512)
        {
            return false;
        }

        var separator = id.IndexOf('~', StringComparison.Ordinal);
        if (separator <= 0 || separator == id.Length - 1 || id.IndexOf('~', separator + 1) >= 0)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Escape(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or '~' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
