using System.Globalization;
using System.Text.Json;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Records;

/// <summary>Credit record collection (信用信息归集): intake over HTTP, storage from the queue, queries.</summary>
public sealed class RecordService(
    IRecordQueue queue,
    ISubmissionArchive archive,
    RecordWriter writer,
    IRecordStore store,
    IEnterpriseStore enterprises,
    IRecordDependents dependents,
    CreditRules rules,
    TimeProvider clock,
    ProviderGate providers,
    Objections.Disputes? disputes = null,
    Webhooks.WebhookEvents? webhooks = null)
{
    public const int MaxBatchSize = 1_000;

    /// <summary>A queue message holds 64 KiB and base64 costs a third: keep each message's JSON under this.</summary>
    public const int MaxMessageJsonBytes = 40 * 1024;

    /// <summary>
    /// Validates each record on its own; archives the raw submission; queues the valid ones grouped by
    /// enterprise. An unregistered provider is refused whole (403); a record of a category its registry
    /// entry does not allow is rejected on its own, on <c>category</c>.
    /// </summary>
    public async Task<CommandResult<BatchReceipt>> SubmitAsync(
        IReadOnlyList<RecordInput?> inputs,
        IReadOnlyDictionary<int, FieldErrors> shapeErrors,
        ReadOnlyMemory<byte> rawBody,
        string contentType,
        string providerId,
        bool asRegulator,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shapeErrors);
        var access = await providers.CheckAsync(providerId, asRegulator, cancellationToken);
        if (access.Refused is { } refused)
        {
            return CommandResult<BatchReceipt>.Forbidden(refused);
        }

        var today = CityClock.Today(clock);
        var accepted = new List<CreditRecord>(inputs.Count);
        var rejected = new List<RejectedItem>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (shapeErrors.TryGetValue(i, out var shape))
            {
                rejected.Add(new RejectedItem(i, shape.ToDictionary()));
                continue;
            }

            var (record, errors) = RecordValidator.Validate(inputs[i], providerId, today);
            if (record is not null && access.CategoryError(record.Category) is { } notAllowed)
            {
                errors = FieldErrors.Of("category", notAllowed);
                record = null;
            }

            if (record is null)
            {
                rejected.Add(new RejectedItem(i, errors.ToDictionary()));
            }
            else
            {
                accepted.Add(record);
            }
        }

        if (accepted.Count == 0)
        {
            return CommandResult<BatchReceipt>.Ok(new BatchReceipt(0, rejected));
        }

        var submissionId = Guid.NewGuid().ToString("N");
        var receivedAt = clock.GetUtcNow();

        // Archive first: a failure here queues nothing, and the provider's retry is harmless.
        await archive.ArchiveAsync(providerId, submissionId, contentType, rawBody, cancellationToken);
        foreach (var message in Messages(submissionId, providerId, receivedAt, accepted))
        {
            await queue.EnqueueAsync(message, cancellationToken);
        }

        return CommandResult<BatchReceipt>.Ok(new BatchReceipt(accepted.Count, rejected));
    }

    /// <summary>The queue function's work: store the records of each enterprise in the message, then ask for their grades.</summary>
    public Task<RecordWriteCounts> StoreAsync(RecordBatchMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return writer.StoreManyAsync(message.Records, message.ReceivedAt, GradeRequestMessage.RecordsChanged, cancellationToken);
    }

    /// <summary>Records of one enterprise, newest decision first. A provider sees only its own.</summary>
    public async Task<QueryResult<Page<RecordView>>> ListAsync(string routeUscc, RecordQuery query, string? onlyProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new FieldErrors();
        Uscc.TryParse(routeUscc, out var uscc, out var usccError);
        if (uscc.IsEmpty)
        {
            errors.Add("uscc", usccError);
        }

        if (query.Category is not null && !RecordCategories.All.ContainsKey(query.Category))
        {
            errors.Add("category", $"Unknown category {FieldErrors.Echo(query.Category)}.");
        }

        var from = ParseDate(query.From, "from", errors);
        var to = ParseDate(query.To, "to", errors);
        var pageSize = ContinuationToken.PageSize(query.PageSize, errors);
        if (!ContinuationToken.TryDecode<RecordPosition>(query.ContinuationToken, out var after))
        {
            errors.Add("continuationToken", "The continuation token is not one this service issued.");
        }

        if (!errors.IsEmpty)
        {
            return QueryResult<Page<RecordView>>.Invalid(errors);
        }

        // One partition read, ordered here: an enterprise has hundreds of records, not millions,
        // and ordering by decision date needs no second index to keep in step.
        var records = new List<StoredRecord>();
        await foreach (var record in store.ListAsync(uscc.Value, new RecordFilter(query.Category, from, to, onlyProvider), cancellationToken))
        {
            records.Add(record);
        }

        var ordered = records
            .OrderByDescending(r => r.Record.DecisionDate)
            .ThenBy(r => r.Record.Id, StringComparer.Ordinal)
            .Where(r => after is null || IsAfter(r.Record, after))
            .Take(pageSize!.Value + 1)
            .ToList();
        var decisions = ordered.Count == 0 ? null : await DecisionsOfAsync(uscc.Value, cancellationToken);
        var disputed = ordered.Count == 0 || disputes is null ? Objections.DisputedTargets.None : await disputes.OfAsync(uscc.Value, cancellationToken);
        var items = ordered.Take(pageSize.Value).Select(r => View(r, decisions, onlyProvider) with { Disputed = disputed.Records.Contains(r.Record.Id) }).ToList();
        var token = ordered.Count > pageSize.Value
            ? ContinuationToken.Encode(new RecordPosition(items[^1].DecisionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), items[^1].Id))
            : null;
        return QueryResult<Page<RecordView>>.Ok(new Page<RecordView>(items, token));
    }

    /// <summary>The public credit page (信用驻马店 公示): only public-tier records inside their disclosure window, no personal data.</summary>
    public async Task<QueryResult<PublicEnterprisePage>> PublicPageAsync(string routeUscc, CancellationToken cancellationToken)
    {
        if (!Uscc.TryParse(routeUscc, out var uscc, out var error))
        {
            return QueryResult<PublicEnterprisePage>.Invalid(FieldErrors.Of("uscc", error));
        }

        var profile = await enterprises.GetAsync(uscc.Value, cancellationToken);
        var today = CityClock.Today(clock);
        var all = new Dictionary<string, StoredRecord>(StringComparer.Ordinal);
        await foreach (var stored in store.ListAsync(uscc.Value, new RecordFilter(null, null, today, null), cancellationToken))
        {
            all[stored.Record.Id] = stored;
        }

        // One decision is shown once: its public copies are its sources, and the repair or the
        // withdrawal of any copy takes the whole decision off the page (docs/records.md "Withdrawal").
        var decisions = Decisions.Group(all.Values.Select(s => s.Record));
        var disputed = all.Count == 0 || disputes is null ? Objections.DisputedTargets.None : await disputes.OfAsync(uscc.Value, cancellationToken);
        var ended = Decisions.Ended([.. decisions.Where(d => !d.Copies.Any(c => IsWithdrawn(all[c.Id], today)))]);
        var records = new List<PublicRecordView>();
        foreach (var decision in decisions)
        {
            if (decision.Copies.Any(c => all[c.Id].Repair?.On <= today || IsWithdrawn(all[c.Id], today)))
            {
                continue;
            }

            var shown = decision.Copies
                .Select(c => (Record: c, Window: Disclosure.WindowOf(c, rules.Disclosure)))
                .Where(x => x.Record.Disclosure == "public" && x.Window.IsPublicOn(today, x.Record.DecisionDate))
                .ToList();
            if (shown.Count == 0)
            {
                continue;
            }

            var (record, window) = shown[0];
            records.Add(new PublicRecordView(
                record.Id, record.Category, record.Title, record.Content, record.DecisionDate, record.DocumentNo, record.Authority,
                record.AuthorityUscc, record.LegalBasis, record.Severity, record.Outcome, record.Rating, record.Amount, window.PublicUntil,
                [.. shown.Select(x => x.Record.Id)], ended.GetValueOrDefault(decision.Record.Id)?.On,
                decision.Copies.Any(c => disputed.Records.Contains(c.Id)), record.Details));
        }

        if (profile is null && records.Count == 0)
        {
            return QueryResult<PublicEnterprisePage>.NotFound($"No enterprise {uscc.Value} is known.");
        }

        var p = profile?.Profile;
        return QueryResult<PublicEnterprisePage>.Ok(new PublicEnterprisePage(
            uscc.Value, p?.Name, p?.County, Counties.NameOf(p?.County), p?.Industry,
            records.OrderByDescending(r => r.DecisionDate).ThenBy(r => r.Id, StringComparer.Ordinal).ToList(),
            FormerNames: profile?.Former ?? []));
    }

    /// <summary>
    /// A record as answered, with the decision it belongs to: <c>sources</c> (the ids of every copy
    /// of the decision; for a provider, only its own copies) and, for an <c>active</c> record a later
    /// <c>cleared</c> one ended, <c>endedOn</c> and <c>endedBy</c> (shown to a provider only when the
    /// clearing record is its own).
    /// </summary>
    public RecordView View(StoredRecord stored, DecisionIndex? decisions = null, string? onlyProvider = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var r = stored.Record;
        var window = Disclosure.WindowOf(r, rules.Disclosure);
        var decision = decisions?.Of(r.Id);
        var sources = decision is null ? [r.Id] : decision.Copies.Where(c => onlyProvider is null || c.ProviderId == onlyProvider).Select(c => c.Id).ToList();
        var end = decision is null ? null : decisions!.EndOf(decision);
        var endedBy = end is not null && (onlyProvider is null || end.ByProviderId == onlyProvider) ? end.ByRecordId : null;
        return new RecordView(
            r.Id, r.SourceId, r.ProviderId, r.Uscc, r.Category, r.Title, r.Content, r.DecisionDate, r.DocumentNo, r.Authority, r.AuthorityUscc,
            r.LegalBasis, r.Severity, r.Outcome, r.Rating, r.Amount, r.ValidUntil, r.Disclosure, stored.Revision, stored.UpdatedAt,
            window.PublicUntil, window.RepairEligibleFrom, window.RuleSet, stored.Repair, r.Scheme, sources, end?.On, endedBy, stored.Withdrawn, Details: r.Details);
    }

    /// <summary>The city's day a withdrawal took effect, for the date-based views (grading, 信易贷, the public page).</summary>
    public static DateOnly WithdrawnOn(Withdrawal withdrawal)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);
        return DateOnly.FromDateTime(withdrawal.At.ToOffset(CityClock.Offset).DateTime);
    }

    private static bool IsWithdrawn(StoredRecord stored, DateOnly today) => stored.Withdrawn is { } w && WithdrawnOn(w) <= today;

    /// <summary>The decisions of an enterprise's records (every copy, repaired ones too: provenance), from its facts (one read).</summary>
    private async Task<DecisionIndex> DecisionsOfAsync(string uscc, CancellationToken cancellationToken)
        => new((await store.ReadFactsAsync(uscc, cancellationToken)).Select(f => f.Record));

    /// <summary>
    /// 信用修复 of a record, by its provider or a Regulator (谁认定、谁修复): allowed from its
    /// <c>repairEligibleFrom</c> and only with what the 2026 rules require (<see cref="Repairs"/>:
    /// a signed credit commitment, obligations fulfilled, evidence). It then leaves public
    /// disclosure and the grade, and the list entries resting on it end.
    /// </summary>
    public async Task<CommandResult<RecordView>> RepairAsync(string routeUscc, string recordId, RepairInput? input, string by, bool asRegulator, CancellationToken cancellationToken)
    {
        if ((await providers.CheckAsync(by, asRegulator, cancellationToken)).Refused is { } unregistered)
        {
            return CommandResult<RecordView>.Forbidden(unregistered);
        }

        var today = CityClock.Today(clock);
        var check = Repairs.Check(input, today);
        var errors = check.Invalid;
        if (!Uscc.TryParse(routeUscc, out var uscc, out var usccError))
        {
            errors.Add("uscc", usccError);
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<RecordView>.Invalid(errors);
        }

        if (check.Value is not { } repair)
        {
            return CommandResult<RecordView>.Unprocessable(check.Missing);
        }

        var (stored, refusal) = await FindOwnAsync(uscc.Value, recordId, by, asRegulator, "repair", cancellationToken);
        if (stored is null)
        {
            return refusal!;
        }

        var window = Disclosure.WindowOf(stored.Record, rules.Disclosure);
        if (stored.Withdrawn is { } withdrawn)
        {
            return CommandResult<RecordView>.Conflict($"The record was withdrawn on {WithdrawnOn(withdrawn):yyyy-MM-dd}.");
        }

        if (stored.Repair is not null)
        {
            return CommandResult<RecordView>.Conflict($"The record was repaired on {stored.Repair.On:yyyy-MM-dd}.");
        }

        if (window.RepairEligibleFrom is not { } eligibleFrom)
        {
            return CommandResult<RecordView>.Conflict($"A {stored.Record.Category} record is not subject to credit repair.");
        }

        if (today < eligibleFrom)
        {
            return CommandResult<RecordView>.Conflict(
                $"The record can be repaired from {eligibleFrom:yyyy-MM-dd}.",
                new Dictionary<string, object?> { ["repairEligibleFrom"] = eligibleFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        }

        var repaired = stored with
        {
            Repair = new RecordRepair(today, repair.Reason, repair.DocumentNo, repair.Commitment, by, repair.ObligationsFulfilled, repair.Evidence),
            UpdatedAt = clock.GetUtcNow(),
        };
        try
        {
            await store.SaveAsync(uscc.Value, [repaired], cancellationToken);
        }
        catch (RecordConflictException)
        {
            return CommandResult<RecordView>.Conflict("The record changed meanwhile; read it again.");
        }

        await dependents.EndOnBasisAsync(uscc.Value, recordId, "basis-repaired", by, cancellationToken);
        await writer.RequestGradeAsync(uscc.Value, "record-repair", cancellationToken);
        return CommandResult<RecordView>.Ok(View(repaired, await DecisionsOfAsync(uscc.Value, cancellationToken)));
    }

    /// <summary>
    /// 撤销: the record's provider (or, with <paramref name="asRegulator"/>, a Regulator) withdraws a
    /// record. It leaves public pages, grading and 信易贷 at once (a re-grade is requested), and with
    /// it every other copy of the same decision; the list entries resting on it end. It stays in
    /// history: the reads show <c>withdrawn</c>.
    /// </summary>
    public async Task<CommandResult<RecordView>> WithdrawAsync(string routeUscc, string recordId, WithdrawalInput? input, string by, bool asRegulator, CancellationToken cancellationToken)
    {
        if ((await providers.CheckAsync(by, asRegulator, cancellationToken)).Refused is { } unregistered)
        {
            return CommandResult<RecordView>.Forbidden(unregistered);
        }

        var errors = input?.Errors() ?? FieldErrors.Of("reason", "reason is required.");
        if (!Uscc.TryParse(routeUscc, out var uscc, out var usccError))
        {
            errors.Add("uscc", usccError);
        }

        if (!errors.IsEmpty)
        {
            return CommandResult<RecordView>.Invalid(errors);
        }

        var (stored, refusal) = await FindOwnAsync(uscc.Value, recordId, by, asRegulator, "withdraw", cancellationToken);
        if (stored is null)
        {
            return refusal!;
        }

        if (stored.Withdrawn is { } earlier)
        {
            // A retry of a withdrawal cut short after its write still ends what rests on the record.
            await FollowWithdrawalAsync(uscc.Value, recordId, earlier.By, cancellationToken);
            return CommandResult<RecordView>.Conflict(
                $"The record was withdrawn on {WithdrawnOn(earlier):yyyy-MM-dd}.",
                new Dictionary<string, object?> { ["withdrawnAt"] = earlier.At });
        }

        var documentNo = string.IsNullOrWhiteSpace(input!.DocumentNo) ? null : input.DocumentNo.Trim();
        var now = clock.GetUtcNow();
        var withdrawn = stored with { Withdrawn = new Withdrawal(now, by, input.Reason!.Trim(), documentNo), UpdatedAt = now };
        try
        {
            await store.SaveAsync(uscc.Value, [withdrawn], cancellationToken);
        }
        catch (RecordConflictException)
        {
            return CommandResult<RecordView>.Conflict("The record changed meanwhile; read it again.");
        }

        await FollowWithdrawalAsync(uscc.Value, recordId, by, cancellationToken);
        if (webhooks is not null)
        {
            await webhooks.RaiseAsync(
                Webhooks.WebhookEventTypes.RecordWithdrawn,
                uscc.Value,
                stored.Record.ProviderId,
                new { recordId, category = stored.Record.Category, providerId = stored.Record.ProviderId, withdrawnAt = now, documentNo },
                cancellationToken);
        }

        return CommandResult<RecordView>.Ok(View(withdrawn, await DecisionsOfAsync(uscc.Value, cancellationToken)));
    }

    private async Task FollowWithdrawalAsync(string uscc, string recordId, string by, CancellationToken cancellationToken)
    {
        await dependents.EndOnBasisAsync(uscc, recordId, "basis-withdrawn", by, cancellationToken);
        await writer.RequestGradeAsync(uscc, "record-withdrawal", cancellationToken);
    }

    /// <summary>The record, if it exists and <paramref name="by"/> may change it: its provider, or a Regulator.</summary>
    private async Task<(StoredRecord? Stored, CommandResult<RecordView>? Refusal)> FindOwnAsync(string uscc, string recordId, string by, bool asRegulator, string action, CancellationToken cancellationToken)
    {
        // An id no record can have is simply not found; it never reaches storage as a key.
        var found = RecordId.IsWellFormed(recordId) ? await store.GetAsync(uscc, [recordId], cancellationToken) : new Dictionary<string, StoredRecord>();
        if (!found.TryGetValue(recordId, out var stored))
        {
            return (null, CommandResult<RecordView>.NotFound($"{uscc} has no record {recordId}."));
        }

        if (!asRegulator && stored.Record.ProviderId != by)
        {
            return (null, CommandResult<RecordView>.Forbidden($"Only the record's provider ({stored.Record.ProviderId}) or a Regulator may {action} it (谁认定、谁修复)."));
        }

        return (stored, null);
    }

    /// <summary>
    /// Packs accepted records into messages each small enough for the queue, one enterprise's records
    /// next to each other so a message writes whole partitions where it can.
    /// </summary>
    public static IEnumerable<RecordBatchMessage> Messages(string submissionId, string providerId, DateTimeOffset receivedAt, IEnumerable<CreditRecord> records)
        => MessagePacking.Pack(
                records.GroupBy(r => r.Uscc, StringComparer.Ordinal).SelectMany(g => g),
                MessagePacking.EnvelopeBytes(new RecordBatchMessage(submissionId, providerId, receivedAt, [])))
            .Select(chunk => new RecordBatchMessage(submissionId, providerId, receivedAt, chunk));

    private static bool IsAfter(CreditRecord record, RecordPosition after)
    {
        var date = record.DecisionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var byDate = string.CompareOrdinal(date, after.DecisionDate);
        return byDate < 0 || (byDate == 0 && string.CompareOrdinal(record.Id, after.Id) > 0);
    }

    private static DateOnly? ParseDate(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, "A date is written YYYY-MM-DD.");
        return null;
    }

    private sealed record RecordPosition(string DecisionDate, string Id);
}

public sealed record RecordQuery(string? Category, string? From, string? To, string? PageSize, string? ContinuationToken);

/// <param name="Commitments">The public 信用承诺 (docs/commitments.md), filled by <c>PublicPageService</c>.</param>
/// <param name="FormerNames">曾用名, most recent first.</param>
public sealed record PublicEnterprisePage(string Uscc, string? Name, string? County, string? CountyName, string? Industry, IReadOnlyList<PublicRecordView> Records, IReadOnlyList<Commitments.PublicCommitment>? Commitments = null, IReadOnlyList<string>? FormerNames = null);

public sealed record PublicRecordView(
    string Id,
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
    DateOnly? PublicUntil,
    IReadOnlyList<string> Sources,
    DateOnly? EndedOn,
    bool Disputed = false,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] RecordDetails? Details = null);

/// <summary>An enterprise's records grouped into decisions (<see cref="Decisions"/>), looked up by any copy's id.</summary>
public sealed class DecisionIndex
{
    private readonly Dictionary<string, Decision> byId = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, DecisionEnd> ended;

    public DecisionIndex(IEnumerable<CreditRecord> records)
    {
        var decisions = Decisions.Group(records);
        foreach (var decision in decisions)
        {
            foreach (var copy in decision.Copies)
            {
                byId[copy.Id] = decision;
            }
        }

        ended = Decisions.Ended(decisions);
    }

    public Decision? Of(string recordId) => byId.GetValueOrDefault(recordId);

    public DecisionEnd? EndOf(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return ended.GetValueOrDefault(decision.Record.Id);
    }
}
