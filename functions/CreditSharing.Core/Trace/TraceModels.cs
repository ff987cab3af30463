namespace CreditSharing.Core.Trace;

public static class TraceVocabulary
{
    /// <summary>Product categories of the city's traceability plan (重要产品追溯).</summary>
    public static readonly IReadOnlyList<string> Categories =
    [
        "wheat", "corn", "peanut", "sesame", "pork", "beef-mutton", "poultry", "fruit-vegetable", "edible-fungus", "cotton",
        "drug", "tcm-herb", "nonferrous-metal", "coal", "dairy", "aquatic", "quick-frozen",
    ];

    public static readonly IReadOnlyList<string> Steps = ["produce", "process", "inspect", "store", "transport", "wholesale", "retail", "recall"];

    /// <summary>The step of a recall: recorded only by <c>POST /api/trace/codes/{code}/recall</c>, never by the event routes.</summary>
    public const string Recall = "recall";

    /// <summary>The step of an annulment (<c>Details.Annuls</c> names the annulled event): recorded only by the annulment route.</summary>
    public const string Annul = "annul";

    /// <summary>The actor of a recall or annulment by a Regulator whose token names no USCC of its own.</summary>
    public const string RegulatorActor = "regulator";

    public static readonly IReadOnlyList<string> StorageModes = ["ambient", "chilled", "frozen"];

    /// <summary>Steps at which a cold-chain product must report its temperature (a reading or a logger series).</summary>
    public static readonly IReadOnlyList<string> ColdChainSteps = ["store", "transport", "wholesale", "retail"];
}

/// <summary>Rules file section <c>trace</c>: the cold-chain profiles (<see cref="ColdChainRules"/>).</summary>
public sealed record TraceRules(ColdChainRules ColdChain);

public sealed record TemperatureRange(decimal? Min, decimal? Max)
{
    public bool Contains(decimal value) => (Min is null || value >= Min) && (Max is null || value <= Max);
}

/// <summary>Body of <c>POST /api/trace/codes</c>.</summary>
public sealed record CodeInput(
    string? Code,
    string? Category,
    string? ProductName,
    string? Batch,
    string? Spec,
    string? Origin,
    string? ProducerUscc,
    string? Storage,
    IReadOnlyList<string>? Certifications,
    IReadOnlyList<string>? Parents = null,
    TemperatureRange? TemperatureRange = null);

public sealed record TraceProduct(
    string Code,
    string Category,
    string ProductName,
    string? Batch,
    string? Spec,
    string? Origin,
    string ProducerUscc,
    string Storage,
    IReadOnlyList<string> Certifications,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyList<string>? Parents = null,
    TemperatureRange? DeclaredRange = null);

public sealed record TraceDocument(string? Type, string? Number);

/// <summary>An event as sent: one code in the path, or many in <c>codes</c> (a shipped pallet).</summary>
public sealed record EventInput(
    string? Step,
    string? ActorUscc,
    string? OccurredAt,
    string? Location,
    decimal? TemperatureC,
    IReadOnlyList<TraceDocument>? Documents,
    IReadOnlyList<string>? Codes,
    string? SourceId,
    string? From = null,
    string? To = null,
    decimal? Quantity = null,
    string? Unit = null,
    string? Lot = null,
    IReadOnlyList<ReadingInput>? Readings = null);

/// <summary>One reading of a temperature logger as sent: <c>{"at": "…", "c": -19.5}</c>.</summary>
public sealed record ReadingInput(string? At, decimal? C);

/// <summary>One reading of a temperature logger.</summary>
public sealed record TemperatureReading(DateTimeOffset At, decimal C);

/// <summary>
/// What an event carries beyond its step, actor, time and place (GB/T 38156 交易记录, cold-chain
/// loggers, annulment): null on events that carry none of it, so their hashes are as before.
/// </summary>
/// <param name="From">The USCC the goods came from.</param>
/// <param name="To">The USCC the goods went to (the receiver; custody passes to it).</param>
/// <param name="Annuls">The seq of the event this one annuls (an <c>annul</c> step).</param>
public sealed record TraceEventDetails(
    string? From = null,
    string? To = null,
    decimal? Quantity = null,
    string? Unit = null,
    string? Lot = null,
    IReadOnlyList<TemperatureReading>? Readings = null,
    int? Annuls = null);

/// <summary>A validated event, before it is placed in a code's chain.</summary>
public sealed record NewTraceEvent(
    string Step,
    string ActorUscc,
    DateTimeOffset OccurredAt,
    string Location,
    decimal? TemperatureC,
    IReadOnlyList<TraceDocument> Documents,
    string SourceId,
    TraceEventDetails? Details = null);

/// <summary>An event in a code's chain: <see cref="Seq"/> is its recording order; <see cref="Hash"/> chains it to the one before.</summary>
public sealed record TraceEvent(
    int Seq,
    string Step,
    string ActorUscc,
    DateTimeOffset OccurredAt,
    string Location,
    decimal? TemperatureC,
    IReadOnlyList<TraceDocument> Documents,
    string SourceId,
    DateTimeOffset RecordedAt,
    string PreviousHash,
    string Hash,
    TraceEventDetails? Details = null);

/// <param name="Scans">The scans of the code flushed to storage so far (<see cref="ScanCounter"/>); null before the first flush.</param>
public sealed record TraceChain(TraceProduct Product, IReadOnlyList<TraceEvent> Events, string? Version, ScanTally? Scans = null);

/// <summary>How often a code has been scanned and when first: a code scanned thousands of times is a copied label.</summary>
public sealed record ScanTally(long Count, DateTimeOffset FirstAt);

/// <summary>
/// What an append needs of a chain, kept in its head row: the last event's seq and hash, and a
/// <see cref="TraceChainHash.SourceKey"/> per event. <see cref="Sources"/> is null when the head
/// does not hold them all (written before heads kept them, or more than one property holds): the
/// chain is then read whole.
/// </summary>
/// <param name="Custodians">
/// Who holds the code (custody): its producer and every enterprise an event not annulled named as
/// <c>to</c>. Null when the head was written before heads kept them: the chain is then read.
/// </param>
public sealed record TraceChainHead(TraceProduct Product, int LastSeq, string? LastHash, IReadOnlySet<string>? Sources, string Version, IReadOnlySet<string>? Custodians = null)
{
    public static TraceChainHead Of(TraceChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var last = chain.Events.MaxBy(e => e.Seq);
        return new TraceChainHead(
            chain.Product,
            last?.Seq ?? 0,
            last?.Hash,
            chain.Events.Select(e => TraceChainHash.SourceKey(e.ActorUscc, e.SourceId)).ToHashSet(StringComparer.Ordinal),
            chain.Version ?? throw new InvalidOperationException($"The chain of {chain.Product.Code} has no version."),
            CustodiansOf(chain.Product, chain.Events));
    }

    /// <summary>The producer and every receiver (<c>to</c>) of an event that is not annulled.</summary>
    public static IReadOnlySet<string> CustodiansOf(TraceProduct product, IReadOnlyList<TraceEvent> events)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(events);
        var annulled = events.Where(e => e.Details?.Annuls is not null).Select(e => e.Details!.Annuls!.Value).ToHashSet();
        return events.Where(e => !annulled.Contains(e.Seq) && e.Details?.To is not null).Select(e => e.Details!.To!)
            .Prepend(product.ProducerUscc)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether the head alone shows none of <paramref name="candidates"/> recorded yet.</summary>
    public bool HoldsNoneOf(IEnumerable<NewTraceEvent> candidates)
        => Sources is { } sources && (LastSeq == 0 || LastHash is not null) && !candidates.Any(c => sources.Contains(TraceChainHash.SourceKey(c.ActorUscc, c.SourceId)));
}

public sealed record CodeReceipt(string Code, string ScanUrl, string QrUrl);

/// <summary>Body of <c>POST /api/trace/codes/{code}/events/{seq}/annulment</c>.</summary>
public sealed record AnnulmentInput(string? Reason);

/// <summary>
/// The warnings an actor carries on a scan (<see cref="ActorView.Warnings"/>): what the public may see.
/// The watch list (重点关注) is never public, so it is never a warning here.
/// </summary>
public static class ActorWarnings
{
    public const string BlackList = "black-list";
    public const string GradeD = "grade-d";

    public static readonly IReadOnlyList<string> All = [BlackList, GradeD];
}

/// <summary>What an actor looks like to a consumer: name, grade, warnings.</summary>
public sealed record ActorView(string Uscc, string? Name, string? Grade, IReadOnlyList<string> Warnings);

/// <param name="Annulled">Set when a later <c>annul</c> event annulled this one: the scan shows it struck through and leaves it out of the cold-chain verdict and the recall flag.</param>
public sealed record ScanEvent(int Seq, string Step, DateTimeOffset OccurredAt, string Location, ActorView Actor, decimal? TemperatureC, IReadOnlyList<TraceDocument> Documents, ScanAnnulment? Annulled = null);

/// <summary>When, by whom (the annulling actor) and why an event was annulled.</summary>
public sealed record ScanAnnulment(DateTimeOffset At, ActorView By, string Reason);

/// <summary>
/// A product as the public sees it: <see cref="TraceProduct"/> without who registered it
/// (<c>createdBy</c> is a caller id and never appears in an anonymous answer).
/// </summary>
public sealed record TraceProductView(
    string Code,
    string Category,
    string ProductName,
    string? Batch,
    string? Spec,
    string? Origin,
    string ProducerUscc,
    string Storage,
    IReadOnlyList<string> Certifications,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Parents = null,
    TemperatureRange? DeclaredRange = null)
{
    public static TraceProductView Of(TraceProduct product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new(product.Code, product.Category, product.ProductName, product.Batch, product.Spec, product.Origin, product.ProducerUscc, product.Storage, product.Certifications, product.CreatedAt, product.Parents, product.DeclaredRange);
    }
}

/// <summary>The scan's cold chain: <see cref="Profile"/> names the profile applied (<c>chilled</c>, <c>chilled/dairy</c>, <c>declared</c>, …).</summary>
public sealed record ColdChainStatus(bool Required, TemperatureRange? Range, bool Intact, IReadOnlyList<ColdChainBreak> Breaks, string? Profile = null, int? ToleranceMinutes = null);

/// <summary>
/// A break of the cold chain at an event: a reading out of range, none at a cold-chain step
/// (<see cref="TemperatureC"/> and <see cref="ExtremeC"/> null), or a logger series out of range beyond
/// the tolerance, from <see cref="Start"/> to <see cref="End"/>, at worst <see cref="ExtremeC"/>.
/// <see cref="Text"/> is the sentence the API has always given.
/// </summary>
public sealed record ColdChainBreak(string Step, DateTimeOffset OccurredAt, string Location, decimal? TemperatureC, DateTimeOffset? Start = null, DateTimeOffset? End = null, decimal? ExtremeC = null, string? Text = null);

public sealed record IntegrityStatus(bool Intact, int Events, int? FirstBrokenSeq);

/// <summary>The consumer scan of <c>GET /api/trace/{code}</c>; <see cref="Upstream"/> the chains of its parents and their ancestors (来源可追).</summary>
public sealed record ScanResult(
    string Code,
    TraceProductView Product,
    IReadOnlyList<ScanEvent> Events,
    ColdChainStatus ColdChain,
    IntegrityStatus Integrity,
    bool Recalled,
    IReadOnlyList<string> Warnings,
    string Version,
    ScanTally? Scans = null,
    IReadOnlyList<UpstreamChain>? Upstream = null);

/// <summary>
/// A scan with what its warning and break sentences were made from, so the scan page can word them
/// in Chinese: the actors with warnings (the producer included, who may have no event) and the breaks.
/// </summary>
public sealed record ScanDetail(ScanResult Result, IReadOnlyList<ActorView> WarnedActors, IReadOnlyList<ColdChainBreak> Breaks);

public interface ITraceStore
{
    /// <summary>False when the code exists already.</summary>
    Task<bool> TryCreateAsync(TraceProduct product, CancellationToken cancellationToken);

    /// <summary>The product, every event and the flushed scan tally of a code: point reads of the head and of its spill rows.</summary>
    Task<TraceChain?> GetAsync(string code, CancellationToken cancellationToken);

    /// <summary>The chain's head alone: one point read.</summary>
    Task<TraceChainHead?> GetHeadAsync(string code, CancellationToken cancellationToken);

    /// <summary>
    /// Appends events after the chain's last one, atomically with its head (guarded by the head's
    /// version), adding their source keys to the head's; a lost race throws <see cref="TraceConflictException"/>.
    /// </summary>
    Task AppendAsync(TraceChainHead head, IReadOnlyList<TraceEvent> events, CancellationToken cancellationToken);

    /// <summary>Codes whose chain includes this actor (trace-forward, recall).</summary>
    Task<IReadOnlyList<string>> CodesOfActorAsync(string actorUscc, CancellationToken cancellationToken);
}

/// <summary>A code's stored tally as a scan read it, with the version of the head row that carried it.</summary>
public sealed record SeenTally(ScanTally? Tally, string Version);

/// <summary>Where <see cref="ScanCounter"/> adds the scans it counted, per code.</summary>
public interface IScanTallyStore
{
    /// <summary>
    /// Adds <paramref name="count"/> scans to the code's stored tally (its first scan the earlier of
    /// the stored one and <paramref name="firstAt"/>), guarded so that instances adding at once all
    /// count; false when the code does not exist. <paramref name="seen"/> is the head as a scan last
    /// read it (its tally and version): when the head is still that version, the sum is written
    /// without reading it again.
    /// </summary>
    Task<bool> AddAsync(string code, long count, DateTimeOffset firstAt, SeenTally? seen, CancellationToken cancellationToken);
}

public interface ITraceEventQueue
{
    Task EnqueueAsync(TraceEventMessage message, CancellationToken cancellationToken);
}

/// <summary>Queue <c>trace-events</c>: validated events for one code.</summary>
public sealed record TraceEventMessage(string Code, IReadOnlyList<NewTraceEvent> Events);

public sealed class TraceConflictException(string message, Exception? inner = null) : Exception(message, inner);
