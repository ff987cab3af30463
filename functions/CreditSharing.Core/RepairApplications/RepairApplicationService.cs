using System.Globalization;
using CreditSharing.Core.Objections;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.RepairApplications;

/// <summary>
/// 信用修复申请: an enterprise (or a Regulator on its behalf) applies to repair one of its records
/// or list entries with what the repair rules require (<see cref="Repairs"/>); the target's provider
/// or a Regulator decides within <c>repairApplications.dueWorkingDays</c> working days. A grant runs
/// the direct repair with the application's commitment and evidence; a refusal changes nothing.
/// </summary>
public sealed class RepairApplicationService(IRepairApplicationStore store, IRepairTargets targets, IEvidenceFiles evidence, CreditRules rules, TimeProvider clock)
{
    public const int MaxNoteLength = 1_000;

    /// <summary>The reason kept with a repair when the application gave none.</summary>
    public const string DefaultReason = "信用修复申请";

    public async Task<CommandResult<RepairApplicationReceipt>> SubmitAsync(RepairApplicationInput? input, RepairActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var today = CityClock.Today(clock);
        var errors = new FieldErrors();
        Uscc.TryParse(input?.Uscc, out var uscc, out var usccError);
        if (uscc.IsEmpty)
        {
            errors.Add("uscc", usccError);
        }

        var (kind, targetId) = TargetReference.Check(input?.Target is not null, input?.Target?.Kind, input?.Target?.Id, RepairTargetKinds.All, errors);

        // The one set of repair rules (Core/Shared/Repairs.cs): the document number is the
        // application's id, given at the grant, so a placeholder stands in for it here.
        var check = Repairs.Check(
            new RepairInput(input?.Reason ?? DefaultReason, "application", input?.Commitment, input?.ObligationsFulfilled, input?.Evidence),
            today);
        foreach (var (field, messages) in check.Invalid.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }

        var ids = input?.Evidence ?? [];
        for (var i = 0; i < ids.Count && i < Repairs.MaxEvidenceItems; i++)
        {
            if (ids[i] is { } id && !string.IsNullOrWhiteSpace(id) && !EvidenceId.IsWellFormed(id.Trim()))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"evidence[{i}]"), "An evidence id is the evidenceId that POST /api/evidence answered (32 hex characters).");
            }
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<RepairApplicationReceipt>.Invalid(errors);
        }

        if (!actor.IsRegulator && !actor.IsEnterprise(uscc.Value))
        {
            return CommandResult<RepairApplicationReceipt>.Forbidden($"An enterprise applies to repair its own records only; {uscc.Value} is not the caller's enterprise.");
        }

        if (check.Value is not { } details)
        {
            return CommandResult<RepairApplicationReceipt>.Unprocessable(check.Missing);
        }

        for (var i = 0; i < details.Evidence.Count; i++)
        {
            if (!await evidence.ExistsAsync(details.Evidence[i], cancellationToken))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"evidence[{i}]"), $"No evidence {details.Evidence[i]} was uploaded; upload it with POST /api/evidence first.");
            }
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<RepairApplicationReceipt>.Invalid(errors);
        }

        var target = new RepairTarget(kind!, targetId!);
        var state = await targets.FindAsync(uscc.Value, target, cancellationToken);
        if (state is null)
        {
            return CommandResult<RepairApplicationReceipt>.NotFound($"{uscc.Value} has no {(kind == RepairTargetKinds.Record ? "record" : "list entry")} {targetId}.");
        }

        if (state.Repaired)
        {
            return CommandResult<RepairApplicationReceipt>.Conflict($"The {kind} {targetId} was repaired already.");
        }

        if (state.Refusal is { } refusal)
        {
            return CommandResult<RepairApplicationReceipt>.Conflict(refusal);
        }

        if (state.EligibleFrom is { } eligibleFrom && today < eligibleFrom)
        {
            return CommandResult<RepairApplicationReceipt>.Conflict(
                $"The {kind} can be repaired from {eligibleFrom:yyyy-MM-dd}; apply then.",
                new Dictionary<string, object?> { ["repairEligibleFrom"] = eligibleFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        }

        var dueOn = WorkingDays.Add(today, DueWorkingDays);
        var application = new RepairApplication(
            RepairApplicationId.New(uscc.Value), uscc.Value, target, state.ProviderId, details.Reason, details.Commitment, details.ObligationsFulfilled,
            details.Evidence, clock.GetUtcNow(), actor.Id, dueOn, null);
        string? open;
        try
        {
            open = await store.TryAddAsync(application, cancellationToken);
        }
        catch (RepairApplicationConflictException)
        {
            return CommandResult<RepairApplicationReceipt>.Conflict("The target's open application was decided meanwhile; apply again.");
        }

        if (open is not null)
        {
            return CommandResult<RepairApplicationReceipt>.Conflict(
                $"Repair application {open} for this {kind} is still open.",
                new Dictionary<string, object?> { ["repairId"] = open });
        }

        return CommandResult<RepairApplicationReceipt>.Ok(new RepairApplicationReceipt(application.Id, RepairApplicationStatuses.Submitted, dueOn));
    }

    public async Task<CommandResult<RepairApplicationView>> GetAsync(string repairId, RepairActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var stored = await FindAsync(repairId, cancellationToken);
        if (stored is null)
        {
            return CommandResult<RepairApplicationView>.NotFound($"No repair application {repairId} exists.");
        }

        var a = stored.Application;
        return actor.IsRegulator || actor.IsEnterprise(a.Uscc) || IsProvider(actor, a)
            ? CommandResult<RepairApplicationView>.Ok(View(a))
            : CommandResult<RepairApplicationView>.Forbidden("A repair application is read by its enterprise, the provider of its target and Regulators.");
    }

    /// <summary>An enterprise's applications, newest first: all of them for the enterprise itself and Regulators, a provider's own targets' for a provider.</summary>
    public async Task<CommandResult<IReadOnlyList<RepairApplicationView>>> ListAsync(string? routeUscc, RepairActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Uscc.TryParse(routeUscc, out var uscc, out var usccError))
        {
            return CommandResult<IReadOnlyList<RepairApplicationView>>.Invalid(FieldErrors.Of("uscc", usccError));
        }

        var everything = actor.IsRegulator || actor.IsEnterprise(uscc.Value);
        if (!everything && !actor.IsDataProvider)
        {
            return CommandResult<IReadOnlyList<RepairApplicationView>>.Forbidden($"An enterprise reads its own repair applications only; {uscc.Value} is not the caller's enterprise.");
        }

        var all = await store.ListAsync(uscc.Value, cancellationToken);
        return CommandResult<IReadOnlyList<RepairApplicationView>>.Ok(all
            .Select(s => s.Application)
            .Where(a => everything || IsProvider(actor, a))
            .OrderByDescending(a => a.SubmittedAt)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(View)
            .ToList());
    }

    /// <summary>
    /// Decides an application: <c>granted</c> runs the direct repair (RecordService / ListService)
    /// with the application's commitment and evidence, the application id as document number and
    /// the note (or the application's reason) as reason; <c>refused</c> needs a note and changes
    /// nothing else. A grant whose repair was written but whose decision was not completes when retried.
    /// </summary>
    public async Task<CommandResult<RepairApplicationView>> DecideAsync(string repairId, RepairApplicationDecisionInput? input, RepairActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var stored = await FindAsync(repairId, cancellationToken);
        if (stored is null)
        {
            return CommandResult<RepairApplicationView>.NotFound($"No repair application {repairId} exists.");
        }

        var a = stored.Application;
        if (!actor.IsRegulator && !IsProvider(actor, a))
        {
            return CommandResult<RepairApplicationView>.Forbidden($"Only the target's provider ({a.ProviderId}) or a Regulator decides this application (谁认定、谁修复).");
        }

        var errors = new FieldErrors();
        var outcome = input?.Outcome?.Trim();
        if (outcome is null || !RepairApplicationStatuses.Outcomes.Contains(outcome, StringComparer.Ordinal))
        {
            errors.Add("outcome", $"outcome is one of {string.Join(", ", RepairApplicationStatuses.Outcomes)}.");
        }

        var note = string.IsNullOrWhiteSpace(input?.Note) ? null : input.Note.Trim();
        if (note is null && outcome == RepairApplicationStatuses.Refused)
        {
            errors.Add("note", "A refusal needs a note saying why.");
        }
        else if (note is not null && note.Length > MaxNoteLength)
        {
            errors.Add("note", string.Create(CultureInfo.InvariantCulture, $"note has at most {MaxNoteLength:N0} characters."));
        }

        PlainText.Check(note, "note", errors, multiline: true);
        if (!errors.IsEmpty)
        {
            return CommandResult<RepairApplicationView>.Invalid(errors);
        }

        if (a.Decision is { } earlier)
        {
            return CommandResult<RepairApplicationView>.Conflict(
                $"The application was {earlier.Outcome} on {earlier.At:yyyy-MM-dd}.",
                new Dictionary<string, object?> { ["status"] = earlier.Outcome });
        }

        if (outcome == RepairApplicationStatuses.Granted)
        {
            var repair = new RepairInput(
                note ?? a.Reason,
                a.Id,
                new RepairCommitmentInput(a.Commitment.Text, a.Commitment.SignedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                a.ObligationsFulfilled,
                a.Evidence.Cast<string?>().ToList());
            var repaired = await targets.RepairAsync(a.Uscc, a.Target, repair, actor.Id, actor.IsRegulator, cancellationToken);
            if (repaired.Value is null)
            {
                // A grant cut short after the repair was written finds the target repaired: it completes.
                var state = repaired.ConflictDetail is null ? null : await targets.FindAsync(a.Uscc, a.Target, cancellationToken);
                if (state is not { Repaired: true })
                {
                    return new CommandResult<RepairApplicationView>(null, repaired.Errors, repaired.NotFoundDetail, repaired.ConflictDetail, repaired.ConflictFacts, repaired.ForbiddenDetail, repaired.UnprocessableErrors);
                }
            }
        }

        var decided = stored with { Application = a with { Decision = new RepairApplicationDecision(outcome!, note, clock.GetUtcNow(), actor.Id) } };
        try
        {
            await store.DecideAsync(decided, cancellationToken);
        }
        catch (RepairApplicationConflictException)
        {
            return CommandResult<RepairApplicationView>.Conflict("The application changed meanwhile; read it again.");
        }

        return CommandResult<RepairApplicationView>.Ok(View(decided.Application));
    }

    public static RepairApplicationView View(RepairApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var d = application.Decision;
        List<RepairApplicationEvent> history = [new(RepairApplicationStatuses.Submitted, application.SubmittedAt, application.SubmittedBy, null)];
        if (d is not null)
        {
            history.Add(new RepairApplicationEvent(d.Outcome, d.At, d.By, d.Note));
        }

        return new RepairApplicationView(
            application.Id, application.Uscc, application.Target, application.Status, application.SubmittedAt, application.DueOn, d?.At, d?.By, d?.Note,
            application.ProviderId, application.SubmittedBy, application.Reason, application.Commitment, application.ObligationsFulfilled, application.Evidence, history);
    }

    private int DueWorkingDays => rules.RepairApplications?.DueWorkingDays ?? 10;

    private async Task<StoredRepairApplication?> FindAsync(string repairId, CancellationToken cancellationToken)
        => RepairApplicationId.TryParse(repairId, out var uscc) ? await store.GetAsync(uscc, repairId, cancellationToken) : null;

    private static bool IsProvider(RepairActor actor, RepairApplication application)
        => actor.IsDataProvider && string.Equals(actor.Id, application.ProviderId, StringComparison.Ordinal);
}

/// <summary>A repair id has the shape of an objection id, <c>{uscc}-{24 lower-case hex}</c>: it names the enterprise's partition.</summary>
public static class RepairApplicationId
{
    public static string New(string uscc) => ObjectionId.New(uscc);

    public static bool TryParse(string? id, out string uscc) => ObjectionId.TryParse(id, out uscc);
}
