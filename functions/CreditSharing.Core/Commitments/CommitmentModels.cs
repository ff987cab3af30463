namespace CreditSharing.Core.Commitments;

/// <summary>Body of <c>POST /api/commitments</c>: raw, so each error names its field.</summary>
public sealed record CommitmentInput(string? Uscc, string? Kind, string? Text, string? DueOn, string? LicenceRecordId, bool? Public);

/// <summary>A 信用承诺 as stored: what was signed, by whom and when. Its status is not stored but derived (<see cref="CommitmentBreaches"/>).</summary>
public sealed record Commitment(
    string Id,
    string Uscc,
    string Kind,
    string Text,
    DateTimeOffset SignedAt,
    DateOnly SignedOn,
    DateOnly? DueOn,
    string? LicenceRecordId,
    bool Public,
    string SignedBy);

/// <summary>The wire view (pinned contract): status <c>active</c>, <c>breached</c> or <c>fulfilled</c>; <c>breachedBy</c> names the penalty record.</summary>
public sealed record CommitmentView(
    string CommitmentId,
    string Uscc,
    string Kind,
    string Text,
    DateTimeOffset SignedAt,
    DateOnly? DueOn,
    string? LicenceRecordId,
    bool Public,
    string Status,
    string? BreachedBy);

/// <summary>What the public page shows of a public commitment.</summary>
public sealed record PublicCommitment(string Kind, string Text, DateTimeOffset SignedAt, DateOnly? DueOn, string Status);

/// <param name="EnterpriseUsccs">Every enterprise an Enterprise caller acts for.</param>
public sealed record CommitmentActor(string Id, bool IsRegulator, IReadOnlyList<string>? EnterpriseUsccs)
{
    public bool IsEnterprise(string uscc) => EnterpriseUsccs?.Contains(uscc, StringComparer.OrdinalIgnoreCase) == true;
}

public static class CommitmentKinds
{
    /// <summary>告知承诺: signed for a 行政许可 (or 证明事项) under 告知承诺制; names the licence record.</summary>
    public const string Notification = "告知承诺";

    /// <summary>主动承诺: volunteered by the enterprise.</summary>
    public const string Voluntary = "主动承诺";

    /// <summary>行业承诺: signed to an industry association's self-discipline pledge.</summary>
    public const string Industry = "行业承诺";

    public static readonly IReadOnlyList<string> All = [Notification, Voluntary, Industry];

    /// <summary>Published unless the signer opts out: 告知承诺 and 主动承诺 (rules file <c>commitments.publicByDefault</c>).</summary>
    public static bool PublicByDefault(string kind, CommitmentRules rules) => rules.PublicByDefault.Contains(kind, StringComparer.Ordinal);
}

public static class CommitmentStatuses
{
    public const string Active = "active";
    public const string Breached = "breached";
    public const string Fulfilled = "fulfilled";
}

/// <summary>Rules file section <c>commitments</c>: which kinds are public by default and what a breach costs in the grade.</summary>
public sealed record CommitmentRules(IReadOnlyList<string> PublicByDefault, int BreachPoints, int? MaxCount, int? LookbackMonths, string? Source = null, string? Description = null);

/// <summary>Table <c>Commitments</c>: PartitionKey = USCC, RowKey = commitment id; all of an enterprise's commitments are one partition read.</summary>
public interface ICommitmentStore
{
    Task AddAsync(Commitment commitment, CancellationToken cancellationToken);

    Task<Commitment?> GetAsync(string uscc, string commitmentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Commitment>> ListAsync(string uscc, CancellationToken cancellationToken);
}
