namespace CreditSharing.Core.Objections;

/// <summary>What an objection may be about: a credit record or a red/black/watch list entry.</summary>
public static class ObjectionKinds
{
    public const string Record = "record";
    public const string ListEntry = "listEntry";

    public static readonly IReadOnlyList<string> All = [Record, ListEntry];
}

/// <summary>An objection's status (<c>open</c> until decided) and the filters of the list (<c>overdue</c>, <c>decided</c>).</summary>
public static class ObjectionStatuses
{
    public const string Open = "open";
    public const string Upheld = "upheld";
    public const string Corrected = "corrected";
    public const string Withdrawn = "withdrawn";

    /// <summary>A list filter: open and past <c>dueOn</c>.</summary>
    public const string Overdue = "overdue";

    /// <summary>A list filter: any outcome.</summary>
    public const string Decided = "decided";

    public static readonly IReadOnlyList<string> Outcomes = [Upheld, Corrected, Withdrawn];

    public static readonly IReadOnlyList<string> Filters = [Open, Overdue, Decided];
}

/// <summary>Body of <c>POST /api/objections</c>.</summary>
public sealed record ObjectionInput(string? Uscc, ObjectionTargetInput? Target, string? Reason, IReadOnlyList<string?>? Evidence);

public sealed record ObjectionTargetInput(string? Kind, string? Id);

/// <summary>Body of <c>POST /api/objections/{objectionId}/decision</c>.</summary>
public sealed record ObjectionDecisionInput(string? Outcome, string? Note);

public sealed record ObjectionTarget(string Kind, string Id);

public sealed record ObjectionDecision(string Outcome, string Note, DateTimeOffset At, string By);

/// <summary>
/// An objection (异议) of an enterprise against one of its records or list entries.
/// <paramref name="ProviderId"/> is the target's provider, who decides; <paramref name="TargetRevision"/>
/// the target's revision when it was filed, so a <c>corrected</c> outcome can tell that a correction arrived since.
/// </summary>
public sealed record Objection(
    string Id,
    string Uscc,
    ObjectionTarget Target,
    string ProviderId,
    int TargetRevision,
    string Reason,
    IReadOnlyList<string> Evidence,
    DateTimeOffset FiledAt,
    string FiledBy,
    DateOnly DueOn,
    ObjectionDecision? Decision)
{
    public string Status => Decision?.Outcome ?? ObjectionStatuses.Open;

    /// <summary>Undecided after its last day (<see cref="DueOn"/> is the last working day to decide).</summary>
    public bool IsOverdueOn(DateOnly today) => Decision is null && today > DueOn;
}

public sealed record StoredObjection(Objection Objection, string? Version);

/// <summary>An objection as answered.</summary>
public sealed record ObjectionView(
    string ObjectionId,
    string Uscc,
    ObjectionTarget Target,
    string ProviderId,
    string Status,
    bool Overdue,
    DateOnly DueOn,
    string Reason,
    IReadOnlyList<string> Evidence,
    DateTimeOffset FiledAt,
    string FiledBy,
    int TargetRevision,
    ObjectionDecision? Decision);

/// <summary>The 201 answer of a filing.</summary>
public sealed record ObjectionReceipt(string ObjectionId, string Status, DateOnly DueOn);

/// <summary>Who is calling, as far as objections care: the token's id, its roles, and an enterprise's own USCC.</summary>
/// <param name="EnterpriseUsccs">Every enterprise an Enterprise caller acts for (an account bound to several, docs/identity.md); null means just <paramref name="EnterpriseUscc"/>.</param>
public sealed record ObjectionActor(string Id, bool IsRegulator, bool IsDataProvider, string? EnterpriseUscc, IReadOnlyList<string>? EnterpriseUsccs = null)
{
    public bool IsEnterprise(string uscc)
        => (EnterpriseUscc is not null && string.Equals(EnterpriseUscc, uscc, StringComparison.OrdinalIgnoreCase))
           || (EnterpriseUsccs?.Contains(uscc, StringComparer.OrdinalIgnoreCase) ?? false);
}

/// <summary>Query of <c>GET /api/objections</c>.</summary>
public sealed record ObjectionQuery(string? Status, string? ProviderId, string? PageSize, string? ContinuationToken);

/// <summary>What the store filters on across enterprises; <see cref="Today"/> decides <c>overdue</c>.</summary>
public sealed record ObjectionFilter(string? Status, string? ProviderId, DateOnly Today);

/// <summary>The target's state that filing and deciding need: who provided it and its revision.</summary>
/// <param name="Withdrawn">The target was withdrawn (撤销): nothing is left to dispute, and a <c>withdrawn</c> decision finds its work done.</param>
public sealed record TargetState(string ProviderId, int Revision, bool Withdrawn = false);

/// <summary>An uploaded evidence file (证据材料), as answered: 201 <c>{evidenceId, sha256, bytes, contentType}</c>.</summary>
public sealed record EvidenceReceipt(string EvidenceId, string Sha256, long Bytes, string ContentType);
