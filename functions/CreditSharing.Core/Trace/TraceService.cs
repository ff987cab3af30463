using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Trace;

/// <summary>重要产品追溯: codes, events in a hash chain, the consumer scan, recall and trace-forward.</summary>
public sealed class TraceService(ITraceStore store, ITraceEventQueue queue, ActorDirectory actors, CreditRules rules, TimeProvider clock, ProviderGate providers, ScanCounter scans, ITraceLinkStore? links = null, Webhooks.WebhookEvents? webhooks = null)
{
    public const int MaxBatchSize = 1_000;

    /// <summary>The distinct codes one batch may name: each costs a point read of its head before anything is queued.</summary>
    public const int MaxBatchCodes = 1_000;

    /// <summary>Events in one queue message, so one append (one entity group transaction) stays small.</summary>
    public const int MaxEventsPerMessage = 99;

    /// <summary>How long the actor of an event may annul it itself; a Regulator may at any time.</summary>
    public static readonly TimeSpan AnnulWindow = TimeSpan.FromHours(24);

    private const int MaxAttempts = 10;
    private const int HeadReadConcurrency = 16;

    /// <summary>A code; <paramref name="onlyProducer"/> is the enterprise's own USCC, or null for a data provider, which must be in the provider registry (403).</summary>
    public async Task<CommandResult<TraceProduct>> CreateAsync(CodeInput? input, string createdBy, string? onlyProducer, bool asRegulator, CancellationToken cancellationToken)
    {
        if (await ProviderRefusalAsync(createdBy, onlyProducer, asRegulator, cancellationToken) is { } refused)
        {
            return CommandResult<TraceProduct>.Forbidden(refused);
        }

        var (product, errors) = TraceValidator.Product(input, createdBy, clock.GetUtcNow());
        if (product is null)
        {
            return CommandResult<TraceProduct>.Invalid(errors);
        }

        if (onlyProducer is not null && !string.Equals(onlyProducer, product.ProducerUscc, StringComparison.Ordinal))
        {
            // Acting for another enterprise is a question of who may, not of a malformed field: 403.
            return CommandResult<TraceProduct>.Forbidden("An enterprise registers codes for its own products only: producerUscc must be the token's uscc.");
        }

        if (product.Parents is { Count: > 0 } parents)
        {
            // Each parent must exist (a point read of its head); a new code cannot close a cycle, since
            // its parents exist before it and a code is registered once.
            var heads = await Task.WhenAll(parents.Select(p => store.GetHeadAsync(p, cancellationToken)));
            var missing = new FieldErrors();
            for (var i = 0; i < parents.Count; i++)
            {
                if (heads[i] is null)
                {
                    missing.Add($"parents[{i}]", $"No product has the code {parents[i]}.");
                }
            }

            if (!missing.IsEmpty)
            {
                return CommandResult<TraceProduct>.Invalid(missing);
            }
        }

        if (!await store.TryCreateAsync(product, cancellationToken))
        {
            return CommandResult<TraceProduct>.Conflict($"Code {product.Code} is taken.");
        }

        // Indexed after the code is created, so a taken code never gains parents it was not registered with.
        if (product.Parents is { Count: > 0 })
        {
            await (links ?? throw new InvalidOperationException("No trace link store is configured.")).LinkAsync(product.Code, product.Parents, cancellationToken);
        }

        return CommandResult<TraceProduct>.Ok(product);
    }

    /// <summary>
    /// 去向可查: the codes derived from this one and every receiver along them. <paramref name="onlyProducer"/>
    /// is an enterprise caller's USCC (it must be the producer, 403 otherwise); null for a DataProvider or Regulator.
    /// </summary>
    public async Task<CommandResult<DownstreamResult>> DownstreamAsync(string code, string? onlyProducer, CancellationToken cancellationToken)
    {
        var chain = TraceValidator.IsCode(code) ? await store.GetAsync(code, cancellationToken) : null;
        if (chain is null)
        {
            return CommandResult<DownstreamResult>.NotFound($"No product has the code {code}.");
        }

        if (onlyProducer is not null && onlyProducer != chain.Product.ProducerUscc)
        {
            return CommandResult<DownstreamResult>.Forbidden("Only the code's producer, a DataProvider or a Regulator sees where its goods went.");
        }

        return CommandResult<DownstreamResult>.Ok(await TraceLinkWalk.DownstreamAsync(store, links ?? throw new InvalidOperationException("No trace link store is configured."), chain, cancellationToken));
    }

    /// <summary>One event for one code, stored before answering.</summary>
    public async Task<CommandResult<TraceEvent>> AddAsync(string code, EventInput? input, string? onlyActor, string callerId, bool asRegulator, CancellationToken cancellationToken)
    {
        if (await ProviderRefusalAsync(callerId, onlyActor, asRegulator, cancellationToken) is { } refused)
        {
            return CommandResult<TraceEvent>.Forbidden(refused);
        }

        var (candidate, errors) = TraceValidator.Event(input, clock.GetUtcNow());
        if (candidate is null)
        {
            return CommandResult<TraceEvent>.Invalid(errors);
        }

        if (onlyActor is not null && onlyActor != candidate.ActorUscc)
        {
            return CommandResult<TraceEvent>.Forbidden("An enterprise records its own events only: actorUscc must be the token's uscc.");
        }

        if (!TraceValidator.IsCode(code))
        {
            return CommandResult<TraceEvent>.NotFound($"No product has the code {code}.");
        }

        if (onlyActor is not null)
        {
            // Custody: an enterprise adds events to a code it produced or was named the receiver of.
            var head = await store.GetHeadAsync(code, cancellationToken);
            if (head is null)
            {
                return CommandResult<TraceEvent>.NotFound($"No product has the code {code}.");
            }

            if (!(await CustodiansAsync(head, cancellationToken)).Contains(onlyActor))
            {
                return CommandResult<TraceEvent>.Forbidden(NoCustody(onlyActor, code));
            }
        }

        var stored = await AppendAsync(code, [candidate], cancellationToken);
        return stored is null ? CommandResult<TraceEvent>.NotFound($"No product has the code {code}.") : CommandResult<TraceEvent>.Ok(stored.Single());
    }

    /// <summary>
    /// Up to 1,000 events, each for its <c>codes</c>, naming at most 1,000 distinct codes; valid ones are
    /// queued per code. An enterprise's batch naming another actor is refused whole (nothing queued):
    /// authority is decided per request, as for a single event, while malformed events are still
    /// rejected one by one, and so is an event naming a code that does not exist or (for an
    /// enterprise) one it has no custody of: every code's head is read before anything is queued.
    /// </summary>
    public async Task<CommandResult<BatchReceipt>> SubmitAsync(IReadOnlyList<EventInput?> inputs, IReadOnlyDictionary<int, FieldErrors> shapeErrors, string? onlyActor, string callerId, bool asRegulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shapeErrors);
        if (await ProviderRefusalAsync(callerId, onlyActor, asRegulator, cancellationToken) is { } refused)
        {
            return CommandResult<BatchReceipt>.Forbidden(refused);
        }

        var named = inputs.SelectMany(i => i?.Codes ?? []).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        if (named > MaxBatchCodes)
        {
            return CommandResult<BatchReceipt>.Invalid(FieldErrors.Of("codes", $"A batch names at most {MaxBatchCodes:N0} distinct codes; this one names {named:N0}. Split it."));
        }

        var now = clock.GetUtcNow();
        var rejected = new List<RejectedItem>();
        var foreign = new List<int>();
        var valid = new List<(int Index, NewTraceEvent Event, IReadOnlyList<string> Codes)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var (candidate, errors) = shapeErrors.TryGetValue(i, out var shape) ? (null, shape) : TraceValidator.Event(inputs[i], now);
            var codes = inputs[i]?.Codes ?? [];
            if (candidate is not null)
            {
                if (codes.Count is 0 or > TraceValidator.MaxCodesPerEvent || codes.Any(c => !TraceValidator.IsCode(c)))
                {
                    errors.Add("codes", $"An event names 1–{TraceValidator.MaxCodesPerEvent} codes of 8–64 letters, digits or '-'.");
                }

                if (onlyActor is not null && onlyActor != candidate.ActorUscc)
                {
                    foreign.Add(i);
                }
            }

            if (candidate is null || !errors.IsEmpty)
            {
                rejected.Add(new RejectedItem(i, errors.ToDictionary()));
                continue;
            }

            valid.Add((i, candidate, codes.Distinct(StringComparer.Ordinal).ToList()));
        }

        if (foreign.Count > 0)
        {
            return CommandResult<BatchReceipt>.Forbidden(
                $"An enterprise records its own events only: the events at index {string.Join(", ", foreign.Take(20))}{(foreign.Count > 20 ? $" and {foreign.Count - 20} more" : string.Empty)} name another actorUscc than the token's uscc. Nothing was queued.");
        }

        // Every code named is checked before anything is queued: a message for an unknown code could
        // never succeed, and custody is decided here, from what each chain's head holds.
        var custodians = await CustodiansAsync(valid.SelectMany(v => v.Codes).Distinct(StringComparer.Ordinal).ToList(), needed: onlyActor is not null, cancellationToken);
        var byCode = new Dictionary<string, List<NewTraceEvent>>(StringComparer.Ordinal);
        var accepted = 0;
        foreach (var (index, candidate, codes) in valid)
        {
            var errors = new FieldErrors();
            if (MessagePacking.EnvelopeBytes(new TraceEventMessage(new string('0', 64), [candidate])) > MessagePacking.MaxMessageJsonBytes)
            {
                // A queue message holds 64 KiB: a long logger series cannot travel in a batch, but the
                // single-event route stores it at once.
                errors.Add(candidate.Details?.Readings is { Count: > 0 } ? "readings" : "documents", $"This event is too large for a batch message ({MessagePacking.MaxMessageJsonBytes / 1024} KiB): send it alone with POST /api/trace/codes/{{code}}/events.");
            }
            else if (codes.Where(c => !custodians.ContainsKey(c)).ToList() is { Count: > 0 } unknown)
            {
                errors.Add("codes", $"No product has the code{(unknown.Count > 1 ? "s" : string.Empty)} {Listed(unknown)}: register a code with POST /api/trace/codes first.");
            }
            else if (onlyActor is not null && codes.Where(c => custodians[c]?.Contains(onlyActor) != true).ToList() is { Count: > 0 } held)
            {
                errors.Add("codes", $"{onlyActor} has no custody of {Listed(held)}: events of a code are added by its producer, an enterprise an earlier event named as to, a DataProvider or a Regulator.");
            }

            if (!errors.IsEmpty)
            {
                rejected.Add(new RejectedItem(index, errors.ToDictionary()));
                continue;
            }

            accepted++;
            foreach (var code in codes)
            {
                if (!byCode.TryGetValue(code, out var list))
                {
                    byCode[code] = list = [];
                }

                list.Add(candidate);
            }
        }

        var messages = byCode.SelectMany(pair => Messages(pair.Key, pair.Value)).ToList();
        await Parallel.ForEachAsync(
            messages,
            new ParallelOptions { MaxDegreeOfParallelism = HeadReadConcurrency, CancellationToken = cancellationToken },
            async (message, ct) => await queue.EnqueueAsync(message, ct));

        return CommandResult<BatchReceipt>.Ok(new BatchReceipt(accepted, rejected.OrderBy(r => r.Index).ToList()));
    }

    /// <summary>
    /// Packs one code's events into messages each small enough for the queue (by bytes, as records
    /// are) and for one append (at most <see cref="MaxEventsPerMessage"/>).
    /// </summary>
    public static IEnumerable<TraceEventMessage> Messages(string code, IReadOnlyList<NewTraceEvent> events)
        => MessagePacking.Pack(events, MessagePacking.EnvelopeBytes(new TraceEventMessage(code, [])), MaxEventsPerMessage)
            .Select(chunk => new TraceEventMessage(code, chunk));

    /// <summary>
    /// Each code's custodians, read from its head (one point read; the chain only for a head written
    /// before heads kept them, and only when <paramref name="needed"/>); an unknown code is absent.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlySet<string>?>> CustodiansAsync(IReadOnlyList<string> codes, bool needed, CancellationToken cancellationToken)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<string>?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            codes,
            new ParallelOptions { MaxDegreeOfParallelism = HeadReadConcurrency, CancellationToken = cancellationToken },
            async (code, ct) =>
            {
                if (await store.GetHeadAsync(code, ct) is { } head)
                {
                    found[code] = needed ? await CustodiansAsync(head, ct) : null;
                }
            });
        return found;
    }

    /// <summary>Who holds a code: from its head, or from its chain when the head predates custodians.</summary>
    private async Task<IReadOnlySet<string>> CustodiansAsync(TraceChainHead head, CancellationToken cancellationToken)
        => head.Custodians
           ?? (await store.GetAsync(head.Product.Code, cancellationToken) is { } chain
               ? TraceChainHead.CustodiansOf(chain.Product, chain.Events)
               : new HashSet<string>(StringComparer.Ordinal) { head.Product.ProducerUscc });

    private static string NoCustody(string uscc, string code)
        => $"{uscc} has no custody of {code}: events of a code are added by its producer, an enterprise an earlier event named as to, a DataProvider or a Regulator.";

    private static string Listed(IReadOnlyList<string> codes)
        => string.Join(", ", codes.Take(5)) + (codes.Count > 5 ? $" and {codes.Count - 5} more" : string.Empty);

    /// <summary>An enterprise (<paramref name="onlyEnterprise"/> set) writes for itself; a data provider must be in the provider registry.</summary>
    private async Task<string?> ProviderRefusalAsync(string callerId, string? onlyEnterprise, bool asRegulator, CancellationToken cancellationToken)
        => onlyEnterprise is null ? (await providers.CheckAsync(callerId, asRegulator, cancellationToken)).Refused : null;

    /// <summary>The queue function's work; an unknown code can never succeed, so it is poison.</summary>
    public async Task StoreAsync(TraceEventMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await AppendAsync(message.Code, message.Events, cancellationToken) is null)
        {
            throw new InvalidMessageException($"Events for unknown code {message.Code}.");
        }
    }

    /// <summary>
    /// A recall, by a Regulator or the code's producer (<paramref name="callerUscc"/>), recorded with
    /// the caller as actor: the producer's USCC, or a Regulator's (its token's <c>uscc</c>, else
    /// <see cref="TraceVocabulary.RegulatorActor"/>).
    /// </summary>
    public async Task<CommandResult<TraceEvent>> RecallAsync(string code, string reason, string by, string? callerUscc, bool asRegulator, CancellationToken cancellationToken)
    {
        // The reason becomes the recall event's location, shown on every scan: an event's text rules apply.
        var errors = new FieldErrors();
        if (reason?.Trim().Length > TraceValidator.MaxTextLength)
        {
            errors.Add("reason", $"reason has at most {TraceValidator.MaxTextLength} characters.");
        }

        PlainText.Check(reason, "reason", errors);
        if (!errors.IsEmpty)
        {
            return CommandResult<TraceEvent>.Invalid(errors);
        }

        var head = TraceValidator.IsCode(code) ? await store.GetHeadAsync(code, cancellationToken) : null;
        if (head is null)
        {
            return CommandResult<TraceEvent>.NotFound($"No product has the code {code}.");
        }

        if (!asRegulator && !string.Equals(callerUscc, head.Product.ProducerUscc, StringComparison.Ordinal))
        {
            return CommandResult<TraceEvent>.Forbidden($"A code is recalled by a Regulator or by its producer ({head.Product.ProducerUscc}) only.");
        }

        var actor = asRegulator ? callerUscc ?? TraceVocabulary.RegulatorActor : callerUscc!;
        var recall = new NewTraceEvent(TraceVocabulary.Recall, actor, clock.GetUtcNow(), string.IsNullOrWhiteSpace(reason) ? "召回" : reason.Trim(), null, [], $"recall-{by}-{clock.GetUtcNow().UtcTicks}");
        var stored = await AppendAsync(code, [recall], cancellationToken);
        var recalled = stored!.Single();
        if (webhooks is not null)
        {
            await webhooks.RaiseAsync(
                Webhooks.WebhookEventTypes.TraceRecalled,
                head.Product.ProducerUscc,
                null,
                new { code, reason = recalled.Location, recalledAt = recalled.OccurredAt },
                cancellationToken);
        }

        return CommandResult<TraceEvent>.Ok(recalled);
    }

    /// <summary>
    /// Annuls event <paramref name="seqText"/> of a code by appending an <c>annul</c> event naming it
    /// (the chain stays append-only and intact). A Regulator may at any time; the event's own actor
    /// (<paramref name="callerUscc"/>) within <see cref="AnnulWindow"/> of its recording. An annulment
    /// is not annulled, nor is an event twice (409).
    /// </summary>
    public async Task<CommandResult<TraceEvent>> AnnulAsync(string code, string seqText, AnnulmentInput? input, string? callerUscc, bool asRegulator, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var reason = string.IsNullOrWhiteSpace(input?.Reason) ? null : input.Reason.Trim();
        if (reason is null)
        {
            errors.Add("reason", "reason is required: why the event is annulled.");
        }
        else if (reason.Length > TraceValidator.MaxTextLength)
        {
            errors.Add("reason", $"reason has at most {TraceValidator.MaxTextLength} characters.");
        }

        PlainText.Check(reason, "reason", errors);
        if (!errors.IsEmpty)
        {
            return CommandResult<TraceEvent>.Invalid(errors);
        }

        var chain = TraceValidator.IsCode(code) ? await store.GetAsync(code, cancellationToken) : null;
        if (chain is null)
        {
            return CommandResult<TraceEvent>.NotFound($"No product has the code {code}.");
        }

        var target = int.TryParse(seqText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq)
            ? chain.Events.FirstOrDefault(e => e.Seq == seq)
            : null;
        if (target is null)
        {
            return CommandResult<TraceEvent>.NotFound($"Code {code} has no event {seqText}.");
        }

        var now = clock.GetUtcNow();
        if (!asRegulator)
        {
            if (!string.Equals(callerUscc, target.ActorUscc, StringComparison.Ordinal))
            {
                return CommandResult<TraceEvent>.Forbidden($"Event {seq} of {code} is annulled by a Regulator or by its own actor ({target.ActorUscc}) only.");
            }

            if (now - target.RecordedAt > AnnulWindow)
            {
                return CommandResult<TraceEvent>.Forbidden($"Event {seq} of {code} was recorded at {target.RecordedAt:O}: its actor may annul it within {AnnulWindow.TotalHours:0} hours of recording; after that, only a Regulator.");
            }
        }

        if (target.Step == TraceVocabulary.Annul)
        {
            return CommandResult<TraceEvent>.Conflict($"Event {seq} of {code} is itself an annulment: an annulment is not annulled.");
        }

        if (chain.Events.FirstOrDefault(e => e.Details?.Annuls == seq) is { } earlier)
        {
            return CommandResult<TraceEvent>.Conflict($"Event {seq} of {code} was annulled already, by event {earlier.Seq}.");
        }

        var actor = asRegulator ? callerUscc ?? TraceVocabulary.RegulatorActor : callerUscc!;
        var annul = new NewTraceEvent(TraceVocabulary.Annul, actor, now, reason!, null, [], $"annul-{seq}", new TraceEventDetails(Annuls: seq));
        var stored = await AppendAsync(code, [annul], cancellationToken);
        return stored is null ? CommandResult<TraceEvent>.NotFound($"No product has the code {code}.") : CommandResult<TraceEvent>.Ok(stored.Single());
    }

    public async Task<QueryResult<IReadOnlyList<string>>> CodesOfActorAsync(string routeUscc, CancellationToken cancellationToken)
        => Uscc.TryParse(routeUscc, out var uscc, out var error)
            ? QueryResult<IReadOnlyList<string>>.Ok(await store.CodesOfActorAsync(uscc.Value, cancellationToken))
            : QueryResult<IReadOnlyList<string>>.Invalid(FieldErrors.Of("uscc", error));

    /// <summary>The consumer scan: product, events in time order with each actor's credit, cold chain, integrity, warnings.</summary>
    public async Task<ScanResult?> ScanAsync(string code, CancellationToken cancellationToken)
        => (await ScanDetailAsync(code, cancellationToken))?.Result;

    /// <summary>The consumer scan with the actors and breaks its warnings and break sentences state; counts the scan (<see cref="ScanCounter"/>).</summary>
    public async Task<ScanDetail?> ScanDetailAsync(string code, CancellationToken cancellationToken)
    {
        var chain = TraceValidator.IsCode(code) ? await store.GetAsync(code, cancellationToken) : null;
        if (chain is null)
        {
            return null;
        }

        var product = chain.Product;
        var upstream = await TraceLinkWalk.UpstreamAsync(store, product, u => actors.GetAsync(u, cancellationToken), cancellationToken);
        var usccs = chain.Events.Select(e => e.ActorUscc).Append(product.ProducerUscc).Distinct(StringComparer.Ordinal).ToList();
        var views = (await Task.WhenAll(usccs.Select(u => actors.GetAsync(u, cancellationToken)))).ToDictionary(v => v.Uscc, StringComparer.Ordinal);
        var (events, ordered) = ScanTimeline.Of(chain.Events, views);

        var (coldChain, breaks) = ColdChain.Evaluate(rules.Trace.ColdChain.ProfileOf(product), ordered);

        var recalled = ordered.Any(e => e.Step == TraceVocabulary.Recall);
        var warnings = new List<string>();
        if (recalled)
        {
            warnings.Add("此产品已召回 (recalled)");
        }

        foreach (var ancestor in upstream.Where(u => u.Recalled))
        {
            warnings.Add($"上游产品已召回 (upstream recalled): {ancestor.Code}");
        }

        var warned = views.Values.Where(v => v.Warnings.Count > 0).OrderBy(v => v.Uscc, StringComparer.Ordinal).ToList();
        foreach (var view in warned)
        {
            warnings.Add($"{view.Name ?? view.Uscc}: {string.Join(", ", view.Warnings)}");
        }

        var integrity = TraceChainHash.Verify(code, chain.Events);

        // Not the head's ETag: the scan tally's flushes change it every few seconds.
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', chain.Events.Select(e => e.Hash).Append(integrity.FirstBrokenSeq?.ToString(CultureInfo.InvariantCulture) ?? string.Empty).Concat(views.Values.Select(v => $"{v.Uscc}:{v.Grade}:{string.Join(',', v.Warnings)}"))))))[..32];
        if (upstream.Count > 0)
        {
            version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{version}|{TraceLinkWalk.VersionOf(upstream)}")))[..32];
        }

        var result = new ScanResult(
            code,
            TraceProductView.Of(product),
            events,
            coldChain,
            integrity,
            recalled,
            warnings,
            version,
            scans.Record(code, chain.Scans, chain.Version),
            upstream);
        return new ScanDetail(result, warned, breaks);
    }

    /// <summary>Whether a product has this code: the head row alone, one point read.</summary>
    public async Task<bool> ExistsAsync(string code, CancellationToken cancellationToken)
        => TraceValidator.IsCode(code) && await store.GetHeadAsync(code, cancellationToken) is not null;

    public Task<TraceChain?> ChainAsync(string code, CancellationToken cancellationToken)
        => TraceValidator.IsCode(code) ? store.GetAsync(code, cancellationToken) : Task.FromResult<TraceChain?>(null);

    /// <summary>Appends what is new (an (actor, sourceId) seen before is skipped), chaining hashes after the last event.</summary>
    private async Task<IReadOnlyList<TraceEvent>?> AppendAsync(string code, IReadOnlyList<NewTraceEvent> candidates, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // New events, the common case, chain from the head row alone: a point read, where reading
            // the chain is a partition query (and in Azurite a scan of the whole Trace table). A
            // repeat, or a head that does not know every event, reads the chain to answer from it.
            var head = await store.GetHeadAsync(code, cancellationToken);
            if (head is null)
            {
                return null;
            }

            var seen = new Dictionary<(string ActorUscc, string SourceId), TraceEvent>();
            var annuls = candidates.Any(c => c.Details?.Annuls is not null);
            IReadOnlyList<TraceEvent>? chained = null;
            if (!head.HoldsNoneOf(candidates) || annuls)
            {
                var chain = await store.GetAsync(code, cancellationToken);
                if (chain is null)
                {
                    return null;
                }

                head = TraceChainHead.Of(chain);
                chained = chain.Events;
                seen = chain.Events.ToDictionary(e => (e.ActorUscc, e.SourceId));
            }

            var result = new List<TraceEvent>();
            var fresh = new List<TraceEvent>();
            var previous = head.LastHash ?? TraceChainHash.Genesis(code);
            var seq = head.LastSeq;
            var now = clock.GetUtcNow();
            foreach (var candidate in candidates)
            {
                if (seen.TryGetValue((candidate.ActorUscc, candidate.SourceId), out var existing))
                {
                    result.Add(existing);
                    continue;
                }

                var stored = TraceChainHash.Chained(code, previous, ++seq, candidate, now);
                seen[(candidate.ActorUscc, candidate.SourceId)] = stored;
                fresh.Add(stored);
                result.Add(stored);
                previous = stored.Hash;
            }

            if (fresh.Count == 0)
            {
                return result;
            }

            if (annuls && chained is not null)
            {
                // An annulled event's receiver no longer holds the code.
                head = head with { Custodians = TraceChainHead.CustodiansOf(head.Product, [.. chained, .. fresh]) };
            }

            try
            {
                await store.AppendAsync(head, fresh, cancellationToken);
                return result;
            }
            catch (TraceConflictException) when (attempt < MaxAttempts)
            {
                // Another event of this code was recorded meanwhile: chain after it instead, after a
                // random pause growing with each attempt, so that many messages of one code (a batch
                // of large events packed a few to a message) do not keep colliding.
                await Task.Delay(TimeSpan.FromMilliseconds(System.Security.Cryptography.RandomNumberGenerator.GetInt32(10, 40 * attempt)), cancellationToken);
            }
        }
    }
}
