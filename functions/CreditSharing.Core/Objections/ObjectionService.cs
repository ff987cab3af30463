using System.Security.Cryptography;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Objections;

/// <summary>
/// 异议处理: an enterprise (or a Regulator on its behalf) objects to one of its records or list
/// entries; the target's provider (or a Regulator) decides within <c>objections.dueWorkingDays</c>
/// working days. While open, the target is shown as disputed (<see cref="Disputes"/>) and still counts.
/// </summary>
public sealed class ObjectionService(IObjectionStore store, IObjectionTargets targets, IEvidenceFiles evidence, CreditRules rules, TimeProvider clock, Webhooks.WebhookEvents? webhooks = null)
{
    public const int MaxReasonLength = 2_000;

    public const int MaxNoteLength = 2_000;

    public const int MaxEvidence = 20;

    /// <summary>One evidence file holds at most 10 MiB.</summary>
    public const long MaxEvidenceBytes = 10L * 1024 * 1024;

    /// <summary>The file types evidence may have, with the bytes each file of the type starts with.</summary>
    public static readonly IReadOnlyDictionary<string, byte[]> EvidenceTypes = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["application/pdf"] = "%PDF-"u8.ToArray(),
        ["image/jpeg"] = [0xFF, 0xD8, 0xFF],
        ["image/png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
    };

    public async Task<CommandResult<ObjectionReceipt>> FileAsync(ObjectionInput? input, ObjectionActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new FieldErrors();
        Uscc.TryParse(input?.Uscc, out var uscc, out var usccError);
        if (uscc.IsEmpty)
        {
            errors.Add("uscc", usccError);
        }

        var (kind, targetId) = TargetReference.Check(input?.Target is not null, input?.Target?.Kind, input?.Target?.Id, ObjectionKinds.All, errors);

        var reason = Text(input?.Reason, "reason", MaxReasonLength, errors);
        var evidenceIds = input?.Evidence ?? [];
        if (evidenceIds.Count > MaxEvidence)
        {
            errors.Add("evidence", $"An objection names at most {MaxEvidence} evidence files.");
        }
        else
        {
            for (var i = 0; i < evidenceIds.Count; i++)
            {
                if (!EvidenceId.IsWellFormed(evidenceIds[i]))
                {
                    errors.Add($"evidence[{i}]", "An evidence id is the evidenceId that POST /api/evidence answered (32 hex characters).");
                }
            }
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<ObjectionReceipt>.Invalid(errors);
        }

        if (!actor.IsRegulator && !actor.IsEnterprise(uscc.Value))
        {
            return CommandResult<ObjectionReceipt>.Forbidden($"An enterprise files objections on its own records only; {uscc.Value} is not the caller's enterprise.");
        }

        var ids = evidenceIds.Select(e => e!).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!await evidence.ExistsAsync(ids[i], cancellationToken))
            {
                errors.Add($"evidence[{i}]", $"No evidence {ids[i]} was uploaded; upload it with POST /api/evidence first.");
            }
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<ObjectionReceipt>.Invalid(errors);
        }

        var target = new ObjectionTarget(kind!, targetId!);
        var state = await targets.FindAsync(uscc.Value, target, cancellationToken);
        if (state is null)
        {
            return CommandResult<ObjectionReceipt>.NotFound($"{uscc.Value} has no {(kind == ObjectionKinds.Record ? "record" : "list entry")} {targetId}.");
        }

        if (state.Withdrawn)
        {
            return CommandResult<ObjectionReceipt>.Conflict(
                $"The {(kind == ObjectionKinds.Record ? "record" : "list entry")} {targetId} was withdrawn: it is shown and counted nowhere, so there is nothing left to dispute.");
        }

        var filedOn = CityClock.Today(clock);
        var dueOn = WorkingDays.Add(filedOn, DueWorkingDays);
        var objection = new Objection(ObjectionId.New(uscc.Value), uscc.Value, target, state.ProviderId, state.Revision, reason!, ids, clock.GetUtcNow(), actor.Id, dueOn, null);
        var open = await store.TryAddAsync(objection, cancellationToken);
        if (open is not null)
        {
            return CommandResult<ObjectionReceipt>.Conflict(
                $"Objection {open} on this {kind} is still open.",
                new Dictionary<string, object?> { ["objectionId"] = open });
        }

        return CommandResult<ObjectionReceipt>.Ok(new ObjectionReceipt(objection.Id, ObjectionStatuses.Open, dueOn));
    }

    public async Task<CommandResult<ObjectionView>> GetAsync(string objectionId, ObjectionActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var stored = await FindAsync(objectionId, cancellationToken);
        if (stored is null)
        {
            return CommandResult<ObjectionView>.NotFound($"No objection {objectionId} exists.");
        }

        var o = stored.Objection;
        return actor.IsRegulator || actor.IsEnterprise(o.Uscc) || IsProvider(actor, o)
            ? CommandResult<ObjectionView>.Ok(View(o))
            : CommandResult<ObjectionView>.Forbidden("An objection is read by its enterprise, the provider of its target and Regulators.");
    }

    /// <summary>
    /// Decides an objection: <c>upheld</c> (the data stands), <c>corrected</c> (a correction of the
    /// target arrived since filing) or <c>withdrawn</c> (the target is withdrawn, 撤销).
    /// </summary>
    public async Task<CommandResult<ObjectionView>> DecideAsync(string objectionId, ObjectionDecisionInput? input, ObjectionActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var stored = await FindAsync(objectionId, cancellationToken);
        if (stored is null)
        {
            return CommandResult<ObjectionView>.NotFound($"No objection {objectionId} exists.");
        }

        var o = stored.Objection;
        if (!actor.IsRegulator && !IsProvider(actor, o))
        {
            return CommandResult<ObjectionView>.Forbidden("An objection is decided by the provider of its target or a Regulator.");
        }

        var errors = new FieldErrors();
        var outcome = input?.Outcome?.Trim();
        if (outcome is null || !ObjectionStatuses.Outcomes.Contains(outcome, StringComparer.Ordinal))
        {
            errors.Add("outcome", $"outcome is one of {string.Join(", ", ObjectionStatuses.Outcomes)}.");
        }

        var note = Text(input?.Note, "note", MaxNoteLength, errors);
        if (!errors.IsEmpty)
        {
            return CommandResult<ObjectionView>.Invalid(errors);
        }

        if (o.Decision is not null)
        {
            return CommandResult<ObjectionView>.Conflict(
                $"The objection was decided ({o.Decision.Outcome}) on {o.Decision.At:yyyy-MM-dd}.",
                new Dictionary<string, object?> { ["status"] = o.Decision.Outcome });
        }

        if (outcome == ObjectionStatuses.Corrected)
        {
            var state = await targets.FindAsync(o.Uscc, o.Target, cancellationToken);
            if (state is null || state.Revision <= o.TargetRevision)
            {
                return CommandResult<ObjectionView>.Conflict(
                    $"No correction of the {o.Target.Kind} arrived since the objection was filed (revision {o.TargetRevision}); send the corrected data first, or decide upheld or withdrawn.",
                    new Dictionary<string, object?> { ["revisionAtFiling"] = o.TargetRevision, ["revision"] = state?.Revision });
            }
        }
        else if (outcome == ObjectionStatuses.Withdrawn
                 && (await targets.FindAsync(o.Uscc, o.Target, cancellationToken)) is not { Withdrawn: true })
        {
            // A retry whose withdrawal landed before the decision was saved finds the target withdrawn
            // and only saves the decision: the withdrawal itself would answer 409.
            var withdrawal = await targets.WithdrawAsync(o.Uscc, o.Target, new WithdrawalInput(note, null), actor.Id, actor.IsRegulator, cancellationToken);
            if (withdrawal.Value is null)
            {
                return new CommandResult<ObjectionView>(null, withdrawal.Errors, withdrawal.NotFoundDetail, withdrawal.ConflictDetail, withdrawal.ConflictFacts, withdrawal.ForbiddenDetail);
            }
        }

        var decided = stored with { Objection = o with { Decision = new ObjectionDecision(outcome!, note!, clock.GetUtcNow(), actor.Id) } };
        try
        {
            await store.DecideAsync(decided, cancellationToken);
        }
        catch (ObjectionConflictException)
        {
            return CommandResult<ObjectionView>.Conflict("The objection changed meanwhile; read it again.");
        }

        if (webhooks is not null)
        {
            await webhooks.RaiseAsync(
                Webhooks.WebhookEventTypes.ObjectionDecided,
                o.Uscc,
                o.ProviderId,
                new { objectionId = o.Id, target = o.Target, outcome, decidedAt = decided.Objection.Decision!.At },
                cancellationToken);
        }

        return CommandResult<ObjectionView>.Ok(View(decided.Objection));
    }

    /// <summary>One enterprise's objections, newest filed first (one partition read): for the enterprise itself and Regulators.</summary>
    public async Task<CommandResult<IReadOnlyList<ObjectionView>>> ListOfEnterpriseAsync(string routeUscc, ObjectionActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Uscc.TryParse(routeUscc, out var uscc, out var usccError))
        {
            return CommandResult<IReadOnlyList<ObjectionView>>.Invalid(FieldErrors.Of("uscc", usccError));
        }

        if (!actor.IsRegulator && !actor.IsEnterprise(uscc.Value))
        {
            return CommandResult<IReadOnlyList<ObjectionView>>.Forbidden($"An enterprise reads its own objections only; {uscc.Value} is not the caller's enterprise.");
        }

        var today = CityClock.Today(clock);
        var stored = await store.ListAsync(uscc.Value, cancellationToken);
        return CommandResult<IReadOnlyList<ObjectionView>>.Ok(stored.Select(s => s.Objection).OrderByDescending(o => o.FiledAt).Select(o => View(o, today)).ToList());
    }

    /// <summary>Objections across enterprises: a Regulator's of any provider, a provider's of its own targets only.</summary>
    public async Task<QueryResult<Page<ObjectionView>>> ListAsync(ObjectionQuery query, ObjectionActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new FieldErrors();
        var status = string.IsNullOrWhiteSpace(query.Status) ? null : query.Status.Trim();
        if (status is not null && !ObjectionStatuses.Filters.Contains(status, StringComparer.Ordinal))
        {
            errors.Add("status", $"status is one of {string.Join(", ", ObjectionStatuses.Filters)}.");
        }

        var providerId = actor.IsRegulator ? (string.IsNullOrWhiteSpace(query.ProviderId) ? null : query.ProviderId.Trim()) : actor.Id;
        if (providerId is not null && providerId.Length > 256)
        {
            errors.Add("providerId", "providerId has at most 256 characters.");
        }

        PlainText.Check(providerId, "providerId", errors);
        var size = ContinuationToken.PageSize(query.PageSize, errors);
        var tableToken = ContinuationToken.UnwrapTableToken(query.ContinuationToken, errors);
        if (!errors.IsEmpty)
        {
            return QueryResult<Page<ObjectionView>>.Invalid(errors);
        }

        var today = CityClock.Today(clock);
        var (items, next) = await store.PageAsync(new ObjectionFilter(status, providerId, today), size!.Value, tableToken, cancellationToken);
        return QueryResult<Page<ObjectionView>>.Ok(new Page<ObjectionView>(items.Select(o => View(o, today)).ToList(), ContinuationToken.WrapTableToken(next)));
    }

    /// <summary>
    /// Stores an evidence file (PDF, JPEG or PNG, at most 10 MiB) whose bytes match its declared type.
    /// Null when the body holds more than <see cref="MaxEvidenceBytes"/>.
    /// </summary>
    public async Task<CommandResult<EvidenceReceipt>?> UploadEvidenceAsync(string contentType, Stream body, string uploadedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!EvidenceTypes.TryGetValue(contentType, out var magic))
        {
            return CommandResult<EvidenceReceipt>.Invalid(FieldErrors.Of("contentType", $"Evidence is one of {string.Join(", ", EvidenceTypes.Keys)}."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxEvidenceBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Length == 0)
        {
            return CommandResult<EvidenceReceipt>.Invalid(FieldErrors.Of("body", "The evidence file is empty."));
        }

        if (!bytes.Span.StartsWith(magic))
        {
            return CommandResult<EvidenceReceipt>.Invalid(FieldErrors.Of("body", $"The file is not a {contentType} file: its first bytes do not match the type."));
        }

        var receipt = new EvidenceReceipt(EvidenceId.New(), Convert.ToHexStringLower(SHA256.HashData(bytes.Span)), bytes.Length, contentType);
        await evidence.SaveAsync(receipt, bytes, uploadedBy, cancellationToken);
        return CommandResult<EvidenceReceipt>.Ok(receipt);
    }

    public ObjectionView View(Objection objection, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(objection);
        var day = today ?? CityClock.Today(clock);
        return new ObjectionView(
            objection.Id, objection.Uscc, objection.Target, objection.ProviderId, objection.Status, objection.IsOverdueOn(day), objection.DueOn,
            objection.Reason, objection.Evidence, objection.FiledAt, objection.FiledBy, objection.TargetRevision, objection.Decision);
    }

    private int DueWorkingDays => rules.Objections?.DueWorkingDays ?? 7;

    private async Task<StoredObjection?> FindAsync(string objectionId, CancellationToken cancellationToken)
        => ObjectionId.TryParse(objectionId, out var uscc) ? await store.GetAsync(uscc, objectionId, cancellationToken) : null;

    private static bool IsProvider(ObjectionActor actor, Objection objection)
        => actor.IsDataProvider && string.Equals(actor.Id, objection.ProviderId, StringComparison.Ordinal);

    /// <summary>Required plain text (tabs and line breaks allowed), at most <paramref name="max"/> characters.</summary>
    private static string? Text(string? value, string field, int max, FieldErrors errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null)
        {
            errors.Add(field, $"{field} is required.");
            return null;
        }

        if (text.Length > max)
        {
            errors.Add(field, $"{field} has at most {max:N0} characters.");
        }

        return PlainText.Check(text, field, errors, multiline: true) ? text : null;
    }
}
