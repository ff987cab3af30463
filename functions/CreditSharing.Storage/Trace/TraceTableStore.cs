using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Trace;

/// <summary>
/// Table <c>Trace</c>: PartitionKey = trace code; RowKey <c>product</c> is the chain's head and holds
/// the materialised timeline, so a scan is one point read. The head keeps the product, <c>LastSeq</c>,
/// <c>LastHash</c> and <c>Sources</c> (the events' source keys, so an append of new events reads the
/// head alone), <c>Custodians</c> (the producer and every receiver named by <c>to</c>: who may add events;
/// <c>*</c> when they outgrow the property, then read from the chain), the scan tally (<c>Scans</c>, <c>ScansFirstAt</c>, merged by <see cref="TraceScanTallyStore"/>)
/// and the events as one JSON line each (<c>TimelineLength</c> characters), cut into parts of
/// <see cref="PartChars"/> characters: parts <c>T00</c>…<c>T09</c> in the head, further parts in spill rows
/// <c>t~000001</c>… (<c>TimelineRows</c> of them, 15 parts each), each also read by a point read.
/// The head's ETag guards every append, which merges the head and the changed spill rows in one
/// entity group transaction. Chains recorded before heads held timelines have their events in rows
/// <c>e~{seq:D6}</c> only: their first read is a partition query, which writes the timeline into the head.
/// Table <c>TraceActors</c>: PartitionKey = actor USCC, RowKey = code, for trace-forward and recall.
/// Why: docs/decisions/0004-trace-chain-head-keeps-sources.md, docs/decisions/0009-trace-timeline-in-the-head-row.md
/// </summary>
public sealed class TraceTableStore(TableServiceClient tables, StorageNames names) : ITraceStore
{
    /// <summary>Characters of timeline text a property holds: a string property holds 64 KiB, 32,768 UTF-16 characters.</summary>
    public const int PartChars = 30_000;

    /// <summary>Timeline parts in the head (600 KB), leaving room for the product, <c>Sources</c> (64 KB) and the tally within an entity's 1 MiB.</summary>
    public const int HeadParts = 10;

    /// <summary>Timeline parts in a spill row (900 KB of an entity's 1 MiB).</summary>
    public const int SpillParts = 15;

    /// <summary>New timeline text one append may add: the transaction (at most 4 MiB) carries the head and the changed spill rows.</summary>
    public const int MaxAppendChars = 1_000_000;

    internal const string ProductRowKey = "product";
    internal const string Scans = "Scans";
    internal const string ScansFirstAt = "ScansFirstAt";
    private const string EventPrefix = "e~";
    private const string SpillPrefix = "t~";
    private const string LastSeq = "LastSeq";
    private const string LastHash = "LastHash";
    private const string Sources = "Sources";
    private const string TimelineLength = "TimelineLength";
    private const string TimelineRows = "TimelineRows";

    /// <summary><c>Sources</c> of a head whose keys no longer fit: appends read the chain (heads are merged, so a key list cannot simply be dropped).</summary>
    private const string SourcesOverflowed = "*";

    /// <summary>Who holds the code: the producer and every receiver (<c>to</c>) of an event not annulled, space-separated USCCs.</summary>
    private const string Custodians = "Custodians";

    /// <summary>
    /// Source keys the head keeps, space-separated (17 characters an event): a string property holds
    /// 32,768 characters, so about 1,900 events. A longer chain's head keeps none, and its appends
    /// read the chain.
    /// </summary>
    private const int MaxSourcesLength = 32_000;

    private readonly TableClient trace = tables.GetTableClient(names.Table(TableNames.Trace));
    private readonly TableClient actors = tables.GetTableClient(names.Table(TableNames.TraceActors));

    public async Task<bool> TryCreateAsync(TraceProduct product, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(product);
        try
        {
            await trace.AddEntityAsync(
                new TableEntity(TableKeys.Checked(product.Code), ProductRowKey)
                {
                    ["Product"] = JsonSerializer.Serialize(product, WireJson.Options),
                    [LastSeq] = 0,
                    [Sources] = string.Empty,
                    [TimelineLength] = 0,
                    [TimelineRows] = 0,
                    [Custodians] = product.ProducerUscc,
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }

        await IndexActorAsync(product.ProducerUscc, product.Code, cancellationToken);
        return true;
    }

    /// <summary>The head by a point read, and its spill rows (if any) by one point read each; a head without a timeline is read once by a partition query and given one.</summary>
    public async Task<TraceChain?> GetAsync(string code, CancellationToken cancellationToken)
    {
        var key = TableKeys.Checked(code);
        var response = await trace.GetEntityIfExistsAsync<TableEntity>(key, ProductRowKey, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var head = response.Value!;
        if (head.GetInt32(TimelineLength) is not { } length)
        {
            return await MaterialiseAsync(head, cancellationToken);
        }

        var spills = await Task.WhenAll(Enumerable.Range(1, head.GetInt32(TimelineRows) ?? 0).Select(async row =>
            (await trace.GetEntityAsync<TableEntity>(key, SpillKey(row), cancellationToken: cancellationToken)).Value));
        var text = new StringBuilder(length);
        for (var part = 0; text.Length < length; part++)
        {
            var (row, name) = Place(part);
            var holder = row == 0 ? head : spills[row - 1];
            text.Append(holder.GetString(name) ?? throw new InvalidOperationException($"The timeline of {code} lacks part {part}."));
        }

        return new TraceChain(ProductOf(head), EventsOf(text.ToString(0, length)), head.ETag.ToString(), TallyOf(head));
    }

    public async Task<TraceChainHead?> GetHeadAsync(string code, CancellationToken cancellationToken)
    {
        var response = await trace.GetEntityIfExistsAsync<TableEntity>(TableKeys.Checked(code), ProductRowKey, select: ["Product", LastSeq, LastHash, Sources, Custodians], cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        var sources = row.GetString(Sources);
        return new TraceChainHead(
            ProductOf(row),
            row.GetInt32(LastSeq) ?? 0,
            row.GetString(LastHash),
            sources is null or SourcesOverflowed ? null : sources.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            row.ETag.ToString(),
            row.GetString(Custodians) is { } custodians and not SourcesOverflowed ? custodians.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : null);
    }

    public async Task AppendAsync(TraceChainHead head, IReadOnlyList<TraceEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(events);
        var code = TableKeys.Checked(head.Product.Code);
        var added = TextOf(events);
        if (added.Length > MaxAppendChars)
        {
            throw new ArgumentException($"At most {MaxAppendChars:N0} characters of events are appended at once.", nameof(events));
        }

        // The timeline's tail: the head as the caller read it (its ETag), or a lost race.
        var current = (await trace.GetEntityIfExistsAsync<TableEntity>(code, ProductRowKey, cancellationToken: cancellationToken)).Value;
        if (current is null || current.ETag.ToString() != head.Version)
        {
            throw new TraceConflictException($"The chain of {head.Product.Code} grew meanwhile.");
        }

        var last = events.MaxBy(e => e.Seq)!;
        var row = new TableEntity(code, ProductRowKey)
        {
            [LastSeq] = last.Seq,
            [LastHash] = last.Hash,
        };

        // Sources must list every event or say it does not: a head missing a key would let a repeat
        // be appended twice.
        row[Sources] = head.Sources is { } known
            && string.Join(' ', known.Concat(events.Select(e => TraceChainHash.SourceKey(e.ActorUscc, e.SourceId))).Distinct(StringComparer.Ordinal)) is { Length: <= MaxSourcesLength } sources
            ? sources
            : SourcesOverflowed;

        // Custody only grows by an append (an annulment passes a head whose custodians were
        // recomputed from the chain). A head written before heads kept custodians keeps none, and
        // custodians that outgrow the property are marked not kept: both are read from the chain.
        if (head.Custodians is { } custodians)
        {
            row[Custodians] = string.Join(' ', custodians.Concat(events.Select(e => e.Details?.To).OfType<string>()).Distinct(StringComparer.Ordinal)) is { Length: <= MaxSourcesLength } holders
                ? holders
                : SourcesOverflowed;
        }

        if (current.GetInt32(TimelineLength) is null)
        {
            // A chain recorded before heads held timelines: the timeline starts with its stored events.
            added = TextOf(await StoredEventsAsync(code, cancellationToken)) + added;
        }

        var actions = await TimelineActionsAsync(current, row, added, cancellationToken);
        await SubmitAsync(head.Product.Code, actions, cancellationToken);
        foreach (var actor in events.Select(e => e.ActorUscc).Distinct(StringComparer.Ordinal))
        {
            await IndexActorAsync(actor, head.Product.Code, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<string>> CodesOfActorAsync(string actorUscc, CancellationToken cancellationToken)
    {
        var codes = new List<string>();
        await foreach (var row in actors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(actorUscc)}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            codes.Add(row.RowKey);
        }

        return codes;
    }

    /// <summary>Where timeline part <paramref name="part"/> lives: row 0 is the head, row n the spill row <c>t~{n:D6}</c>.</summary>
    private static (int Row, string Name) Place(int part)
        => part < HeadParts
            ? (0, PartName(part))
            : (1 + ((part - HeadParts) / SpillParts), PartName((part - HeadParts) % SpillParts));

    private static string PartName(int slot) => $"T{slot.ToString("D2", CultureInfo.InvariantCulture)}";

    private static string SpillKey(int row) => $"{SpillPrefix}{row.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>Events as timeline text: one JSON object a line (JSON strings escape line breaks).</summary>
    private static string TextOf(IEnumerable<TraceEvent> events)
        => string.Concat(events.Select(e => JsonSerializer.Serialize(e, WireJson.Options) + "\n"));

    private static List<TraceEvent> EventsOf(string text)
        => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<TraceEvent>(line, WireJson.Options)!).OrderBy(e => e.Seq).ToList();

    private static ScanTally? TallyOf(TableEntity head)
        => head.GetInt64(Scans) is { } count && head.GetDateTimeOffset(ScansFirstAt) is { } first ? new ScanTally(count, first) : null;

    /// <summary>
    /// The head's merge (guarded by <paramref name="current"/>'s ETag, carrying <paramref name="head"/>'s
    /// properties and the changed head parts) and a merge of each spill row whose parts change, for
    /// <paramref name="added"/> text after the timeline <paramref name="current"/> holds.
    /// </summary>
    private async Task<List<TableTransactionAction>> TimelineActionsAsync(TableEntity current, TableEntity head, string added, CancellationToken cancellationToken)
    {
        var code = current.PartitionKey;
        var length = current.GetInt32(TimelineLength) ?? 0;
        var rows = current.GetInt32(TimelineRows) ?? 0;
        var firstPart = length / PartChars;
        var (tailRow, tailName) = Place(firstPart);
        var tail = string.Empty;
        if (length % PartChars != 0)
        {
            var holder = tailRow == 0 ? current : (await trace.GetEntityAsync<TableEntity>(code, SpillKey(tailRow), cancellationToken: cancellationToken)).Value;
            tail = holder.GetString(tailName)![..(length % PartChars)];
        }

        var text = tail + added;
        var spills = new SortedDictionary<int, TableEntity>();
        for (var part = firstPart; (part - firstPart) * PartChars < text.Length; part++)
        {
            var (row, name) = Place(part);
            var offset = (part - firstPart) * PartChars;
            var target = row == 0 ? head : spills.TryGetValue(row, out var spill) ? spill : spills[row] = new TableEntity(code, SpillKey(row));
            target[name] = text.Substring(offset, Math.Min(PartChars, text.Length - offset));
            rows = Math.Max(rows, row);
        }

        head[TimelineLength] = length + added.Length;
        head[TimelineRows] = rows;
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateMerge, head, current.ETag) };
        actions.AddRange(spills.Values.Select(spill => new TableTransactionAction(TableTransactionActionType.UpsertMerge, spill)));
        return actions;
    }

    private async Task SubmitAsync(string code, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await trace.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new TraceConflictException($"The chain of {code} grew meanwhile.", ex);
        }
    }

    /// <summary>
    /// A chain recorded before heads held timelines: its events by a partition query (once), then the
    /// timeline merged into the head, guarded by its ETag (a lost race leaves it to the next read).
    /// </summary>
    private async Task<TraceChain> MaterialiseAsync(TableEntity head, CancellationToken cancellationToken)
    {
        var code = head.PartitionKey;
        var events = await StoredEventsAsync(code, cancellationToken);
        var version = head.ETag.ToString();
        var added = TextOf(events);
        if (added.Length <= MaxAppendChars)
        {
            var update = new TableEntity(code, ProductRowKey);
            var actions = await TimelineActionsAsync(head, update, added, cancellationToken);
            try
            {
                var responses = await trace.SubmitTransactionAsync(actions, cancellationToken);
                version = responses.Value[0].Headers.ETag?.ToString() ?? version;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // Written meanwhile (an append or another reader did it): the next read uses the head.
            }
        }

        return new TraceChain(ProductOf(head), events, version, TallyOf(head));
    }

    /// <summary>The rows <c>e~{seq:D6}</c> of a chain recorded before heads held timelines: a partition query.</summary>
    private async Task<List<TraceEvent>> StoredEventsAsync(string code, CancellationToken cancellationToken)
    {
        var events = new List<TraceEvent>();
        await foreach (var row in trace.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {code} and RowKey gt {EventPrefix} and RowKey lt {"e\u007f"}"), select: ["RowKey", "Event"], cancellationToken: cancellationToken))
        {
            events.Add(JsonSerializer.Deserialize<TraceEvent>(row.GetString("Event"), WireJson.Options)!);
        }

        return events.OrderBy(e => e.Seq).ToList();
    }

    private static TraceProduct ProductOf(TableEntity head)
        => JsonSerializer.Deserialize<TraceProduct>(head.GetString("Product"), WireJson.Options) ?? throw new InvalidOperationException($"The head of {head.PartitionKey} holds no product.");

    private Task IndexActorAsync(string actorUscc, string code, CancellationToken cancellationToken)
        => actors.UpsertEntityAsync(new TableEntity(TableKeys.Checked(actorUscc), TableKeys.Checked(code)), TableUpdateMode.Replace, cancellationToken);
}
