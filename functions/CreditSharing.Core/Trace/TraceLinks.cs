namespace CreditSharing.Core.Trace;

/// <summary>The downstream index: for each code, the codes registered with it as a parent (a split or a merge).</summary>
public interface ITraceLinkStore
{
    /// <summary>Records <paramref name="child"/> under each of its parents (idempotent).</summary>
    Task LinkAsync(string child, IReadOnlyList<string> parents, CancellationToken cancellationToken);

    /// <summary>The codes registered with <paramref name="parent"/> among their parents.</summary>
    Task<IReadOnlyList<string>> ChildrenAsync(string parent, CancellationToken cancellationToken);
}

/// <summary>A parent (or further ancestor) of a scanned code, as its scan shows it: 来源可追.</summary>
public sealed record UpstreamChain(string Code, string ProductName, string? Batch, IReadOnlyList<ScanEvent> Events, IntegrityStatus Integrity, bool Recalled, IReadOnlyList<string> Parents);

/// <summary>A code derived from the one asked about, directly or further down.</summary>
public sealed record DownstreamCode(string Code, string ProductName, string ProducerUscc, IReadOnlyList<string> Parents, int Depth);

/// <summary>An enterprise that received goods of the code or of a descendant (an event's <c>to</c>).</summary>
public sealed record DownstreamReceiver(string Uscc, IReadOnlyList<string> Codes);

/// <summary>
/// <c>GET /api/trace/codes/{code}/downstream</c>: 去向可查. <see cref="Truncated"/> when the walk stopped
/// at <see cref="TraceLinkWalk.MaxDownstreamCodes"/> codes or <see cref="TraceLinkWalk.MaxDepth"/> generations.
/// </summary>
public sealed record DownstreamResult(string Code, IReadOnlyList<DownstreamCode> Descendants, IReadOnlyList<DownstreamReceiver> Receivers, bool Truncated);

/// <summary>Walks the links of codes: up through <see cref="TraceProduct.Parents"/>, down through the <see cref="ITraceLinkStore"/> index.</summary>
public static class TraceLinkWalk
{
    /// <summary>Generations walked either way.</summary>
    public const int MaxDepth = 10;

    /// <summary>Ancestor chains a scan reads (one point read each).</summary>
    public const int MaxUpstreamChains = 50;

    /// <summary>Descendant codes a downstream answer lists.</summary>
    public const int MaxDownstreamCodes = 1_000;

    /// <summary>
    /// The ancestors of a product, nearest first, each chain read once: parents, their parents, … up to
    /// <see cref="MaxDepth"/> generations and <see cref="MaxUpstreamChains"/> chains. A parent missing from
    /// the store (it cannot be, parents are checked at registration) is skipped.
    /// </summary>
    public static async Task<IReadOnlyList<TraceChain>> AncestorsAsync(ITraceStore store, TraceProduct product, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(product);
        var seen = new HashSet<string>(StringComparer.Ordinal) { product.Code };
        var result = new List<TraceChain>();
        var generation = (product.Parents ?? []).Where(seen.Add).ToList();
        for (var depth = 0; depth < MaxDepth && generation.Count > 0 && result.Count < MaxUpstreamChains; depth++)
        {
            var take = generation.Take(MaxUpstreamChains - result.Count).ToList();
            var chains = await Task.WhenAll(take.Select(code => store.GetAsync(code, cancellationToken)));
            var next = new List<string>();
            foreach (var chain in chains.OfType<TraceChain>())
            {
                result.Add(chain);
                next.AddRange((chain.Product.Parents ?? []).Where(seen.Add));
            }

            generation = next;
        }

        return result;
    }

    /// <summary>The ancestors as the scan shows them: events in time order with their actors, integrity, recall.</summary>
    public static async Task<IReadOnlyList<UpstreamChain>> UpstreamAsync(ITraceStore store, TraceProduct product, Func<string, Task<ActorView>> actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var chains = await AncestorsAsync(store, product, cancellationToken);
        var usccs = chains.SelectMany(c => c.Events.Select(e => e.ActorUscc)).Distinct(StringComparer.Ordinal).ToList();
        var views = (await Task.WhenAll(usccs.Select(actor))).ToDictionary(v => v.Uscc, StringComparer.Ordinal);
        return chains.Select(c =>
            {
                var (shown, counted) = ScanTimeline.Of(c.Events, views);
                return new UpstreamChain(
                    c.Product.Code,
                    c.Product.ProductName,
                    c.Product.Batch,
                    shown,
                    TraceChainHash.Verify(c.Product.Code, c.Events),
                    counted.Any(e => e.Step == TraceVocabulary.Recall),
                    c.Product.Parents ?? []);
            })
            .ToList();
    }

    /// <summary>What the upstream adds to a scan's version (its ETag): every ancestor's event hashes.</summary>
    public static string VersionOf(IEnumerable<UpstreamChain> upstream)
        => string.Join('|', upstream.Select(u => $"{u.Code}:{u.Integrity.Events}:{string.Join(',', u.Events.Select(e => e.Seq))}:{u.Recalled}:{string.Join(',', u.Events.Select(e => $"{e.Actor.Grade}{string.Join(',', e.Actor.Warnings)}"))}"));

    /// <summary>Descendants breadth first, each with its product, and every receiver named along the way (the code's own events included).</summary>
    public static async Task<DownstreamResult> DownstreamAsync(ITraceStore store, ITraceLinkStore links, TraceChain root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(root);
        var seen = new HashSet<string>(StringComparer.Ordinal) { root.Product.Code };
        var descendants = new List<DownstreamCode>();
        var receivers = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        AddReceivers(root, receivers);
        var truncated = false;
        var generation = new List<string> { root.Product.Code };
        for (var depth = 1; generation.Count > 0; depth++)
        {
            var children = (await Task.WhenAll(generation.Select(code => links.ChildrenAsync(code, cancellationToken)))).SelectMany(c => c).Where(seen.Add).ToList();
            if (children.Count > 0 && (depth > MaxDepth || descendants.Count + children.Count > MaxDownstreamCodes))
            {
                truncated = true;
                children = depth > MaxDepth ? [] : children.Take(MaxDownstreamCodes - descendants.Count).ToList();
            }

            var next = new List<string>();
            foreach (var chain in (await Task.WhenAll(children.Select(code => store.GetAsync(code, cancellationToken)))).OfType<TraceChain>())
            {
                descendants.Add(new DownstreamCode(chain.Product.Code, chain.Product.ProductName, chain.Product.ProducerUscc, chain.Product.Parents ?? [], depth));
                AddReceivers(chain, receivers);
                next.Add(chain.Product.Code);
            }

            generation = next;
        }

        return new DownstreamResult(root.Product.Code, descendants, receivers.Select(r => new DownstreamReceiver(r.Key, r.Value.ToList())).ToList(), truncated);
    }

    /// <summary>Every <c>to</c> of the chain's events, except those of annulled events: an annulled shipment delivered nothing.</summary>
    private static void AddReceivers(TraceChain chain, SortedDictionary<string, SortedSet<string>> receivers)
    {
        var annulled = chain.Events.Where(e => e.Details?.Annuls is not null).Select(e => e.Details!.Annuls!.Value).ToHashSet();
        foreach (var to in chain.Events.Where(e => !annulled.Contains(e.Seq)).Select(e => e.Details?.To).OfType<string>())
        {
            if (!receivers.TryGetValue(to, out var codes))
            {
                receivers[to] = codes = new SortedSet<string>(StringComparer.Ordinal);
            }

            codes.Add(chain.Product.Code);
        }
    }
}
