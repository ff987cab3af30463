using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Trace;

/// <summary>重要产品追溯: codes, events in a hash chain, the consumer scan, recall and trace-forward.</summary>
public sealed class TraceService(ITraceStore store, ITraceEventQueue queue, ActorDirectory actors, CreditRules rules, TimeProvider clock, ProviderGate providers, ScanCounter scans, ITraceLinkStore? links = null)
{
    public const int MaxBatchSize = 1_000;
    private const int MaxAttempts = 5;

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

        var stored = await AppendAsync(code, [candidate], cancellationToken);
        return stored is null ? CommandResult<TraceEvent>.NotFound($"No product has the code {code}.") : CommandResult<TraceEvent>.Ok(stored.Single());
    }

    /// <summary>
    /// Up to 1,000 events, each for its <c>codes</c>; valid ones are queued per code. An enterprise's
    /// batch naming another actor is refused whole (nothing queued): authority is decided per
    /// request, as for a single event, while malformed events are still rejected one by one.
    /// </summary>
    public async Task<CommandResult<BatchReceipt>> SubmitAsync(IReadOnlyList<EventInput?> inputs, IReadOnlyDictionary<int, FieldErrors> shapeErrors, string? onlyActor, string callerId, bool asRegulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shapeErrors);
        if (await ProviderRefusalAsync(callerId, onlyActor, asRegulator, cancellationToken) is { } refused)
        {
            return CommandResult<BatchReceipt>.Forbidden(refused);
        }

        var now = clock.GetUtcNow();
        var byCode = new Dictionary<string, List<NewTraceEvent>>(StringComparer.Ordinal);
        var rejected = new List<RejectedItem>();
        var foreign = new List<int>();
        var accepted = 0;
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

            accepted++;
            foreach (var code in codes.Distinct(StringComparer.Ordinal))
            {
                if (!byCode.TryGetValue(code, out var list))
                {
                    byCode[code] = list = [];
                }

                list.Add(candidate);
            }
        }

        if (foreign.Count > 0)
        {
            return CommandResult<BatchReceipt>.Forbidden(
                $"An enterprise records its own events only: the events at index {string.Join(", ", foreign.Take(20))}{(foreign.Count > 20 ? $" and {foreign.Count - 20} more" : string.Empty)} name another actorUscc than the token's uscc. Nothing was queued.");
        }

        foreach (var (code, events) in byCode)
        {
            // 40 events keep a message well under the queue's 64 KiB and one transaction under 100 rows.
            foreach (var chunk in events.Chunk(40))
            {
                await queue.EnqueueAsync(new TraceEventMessage(code, chunk), cancellationToken);
            }
        }

        return CommandResult<BatchReceipt>.Ok(new BatchReceipt(accepted, rejected));
    }

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

    public async Task<CommandResult<TraceEvent>> RecallAsync(string code, string reason, string by, CancellationToken cancellationToken)
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

        var recall = new NewTraceEvent("recall", head.Product.ProducerUscc, clock.GetUtcNow(), string.IsNullOrWhiteSpace(reason) ? "召回" : reason.Trim(), null, [], $"recall-{by}-{clock.GetUtcNow().UtcTicks}");
        var stored = await AppendAsync(code, [recall], cancellationToken);
        return CommandResult<TraceEvent>.Ok(stored!.Single());
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
        var ordered = chain.Events.OrderBy(e => e.OccurredAt).ThenBy(e => e.Seq).ToList();
        var events = ordered.Select(e => new ScanEvent(e.Seq, e.Step, e.OccurredAt, e.Location, views[e.ActorUscc], e.TemperatureC, e.Documents)).ToList();

        var (coldChain, breaks) = ColdChain.Evaluate(rules.Trace.ColdChain.ProfileOf(product), ordered);

        var recalled = ordered.Any(e => e.Step == "recall");
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
            product,
            events,
            coldChain,
            integrity,
            recalled,
            warnings,
            version,
            scans.Record(code, chain.Scans),
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
            if (!head.HoldsNoneOf(candidates))
            {
                var chain = await store.GetAsync(code, cancellationToken);
                if (chain is null)
                {
                    return null;
                }

                head = TraceChainHead.Of(chain);
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

            try
            {
                await store.AppendAsync(head, fresh, cancellationToken);
                return result;
            }
            catch (TraceConflictException) when (attempt < MaxAttempts)
            {
                // Another event of this code was recorded meanwhile: chain after it instead.
            }
        }
    }
}
