using CreditSharing.Core.Shared;

namespace CreditSharing.Core.RepairApplications;

/// <summary>What a repair application may be about: a penalty record or a red/black/watch list entry.</summary>
public static class RepairTargetKinds
{
    public const string Record = "record";
    public const string ListEntry = "listEntry";

    public static readonly IReadOnlyList<string> All = [Record, ListEntry];
}

/// <summary>A repair application's status: <c>submitted</c> until decided <c>granted</c> or <c>refused</c>.</summary>
public static class RepairApplicationStatuses
{
    public const string Submitted = "submitted";
    public const string Granted = "granted";
    public const string Refused = "refused";

    public static readonly IReadOnlyList<string> Outcomes = [Granted, Refused];
}

/// <summary>
/// Body of <c>POST /api/repairs</c>: what the direct repair route takes, less what the decider
/// adds (the decision's note and the application id as document number). <paramref name="Evidence"/>
/// holds evidence ids answered by <c>POST /api/evidence</c>.
/// </summary>
public sealed record RepairApplicationInput(
    string? Uscc,
    RepairTargetInput? Target,
    RepairCommitmentInput? Commitment,
    IReadOnlyList<string?>? Evidence,
    bool? ObligationsFulfilled = null,
    string? Reason = null);

public sealed record RepairTargetInput(string? Kind, string? Id);

/// <summary>Body of <c>POST /api/repairs/{repairId}/decision</c>.</summary>
public sealed record RepairApplicationDecisionInput(string? Outcome, string? Note);

public sealed record RepairTarget(string Kind, string Id);

public sealed record RepairApplicationDecision(string Outcome, string? Note, DateTimeOffset At, string By);

/// <summary>
/// A repair application (信用修复申请) of an enterprise for one of its records or list entries.
/// <paramref name="ProviderId"/> is the target's provider, who decides (谁认定、谁修复) with Regulators.
/// </summary>
public sealed record RepairApplication(
    string Id,
    string Uscc,
    RepairTarget Target,
    string ProviderId,
    string Reason,
    RepairCommitment Commitment,
    bool ObligationsFulfilled,
    IReadOnlyList<string> Evidence,
    DateTimeOffset SubmittedAt,
    string SubmittedBy,
    DateOnly DueOn,
    RepairApplicationDecision? Decision)
{
    public string Status => Decision?.Outcome ?? RepairApplicationStatuses.Submitted;
}

public sealed record StoredRepairApplication(RepairApplication Application, string? Version);

/// <summary>One step of an application's history: <c>submitted</c>, then <c>granted</c> or <c>refused</c>.</summary>
public sealed record RepairApplicationEvent(string Event, DateTimeOffset At, string By, string? Note);

/// <summary>A repair application as answered (the pinned contract's fields first).</summary>
public sealed record RepairApplicationView(
    string RepairId,
    string Uscc,
    RepairTarget Target,
    string Status,
    DateTimeOffset SubmittedAt,
    DateOnly DueOn,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? Note,
    string ProviderId,
    string SubmittedBy,
    string Reason,
    RepairCommitment Commitment,
    bool ObligationsFulfilled,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<RepairApplicationEvent> History);

/// <summary>The 201 answer of a submission.</summary>
public sealed record RepairApplicationReceipt(string RepairId, string Status, DateOnly DueOn);

/// <summary>Who is calling, as far as repair applications care.</summary>
/// <param name="EnterpriseUsccs">Every enterprise an Enterprise caller acts for.</param>
public sealed record RepairActor(string Id, bool IsRegulator, bool IsDataProvider, IReadOnlyList<string> EnterpriseUsccs)
{
    public bool IsEnterprise(string uscc) => EnterpriseUsccs.Contains(uscc, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The target's state that submitting and deciding need: its provider, and whether (and from when)
/// it can be repaired. <paramref name="Refusal"/> says why it can never be (withdrawn, not a
/// penalty, no longer active); <paramref name="Repaired"/> that it was repaired already.
/// </summary>
public sealed record RepairTargetState(string ProviderId, DateOnly? EligibleFrom, bool Repaired, string? Refusal);

/// <summary>Rules file section <c>repairApplications</c>: how long the deciding department has, in working days.</summary>
public sealed record RepairApplicationRules(int DueWorkingDays, string? Source = null);
