using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Trace;

/// <summary>
/// Table <c>Trace</c>: PartitionKey = trace code; RowKey <c>product</c> (also the chain's head: its
/// ETag guards every append, and it keeps <c>LastSeq</c>, <c>LastHash</c> and <c>Sources</c>, the
/// events' source keys, so an append of new events reads this row alone, and <c>Custodians</c>, who may
/// add events) and <c>e~{seq:D6}</c> per
/// event in recording order. A scan is one partition query. Table <c>TraceActors</c>: PartitionKey = actor USCC, RowKey = code, for
/// trace-forward and recall. Why the head keeps source keys: docs/decisions/0004-trace-chain-head-keeps-sources.md
/// </summary>
public sealed class TraceTableStore(TableServiceClient tables, StorageNames names) : ITraceStore
{
    private const string ProductRowKey = "product";
    private const string EventPrefix = "e~";
    private const string LastSeq = "LastSeq";
    private const string LastHash = "LastHash";
    private const string Sources = "Sources";

    /// <summary>Who holds the code: the producer and every receiver (<c>to</c>) of an event not annulled, space-separated USCCs.</summary>
    private const string Custodians = "Custodians";

    /// <summary>
    /// Source keys the head keeps, space-separated (17 characters an event): a string property holds
    /// 32,768 characters, so about 1,900 events. A longer chain's head keeps none, and its appends
    /// read the chain.
    /// </summary>
    private const int MaxSourcesLength = 32_000;

    /// <summary>One entity group transaction holds 100 rows: the head and 99 events.</summary>
    private const int MaxEventsPerAppend = 99;

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

    public async Task<TraceChain?> GetAsync(string code, CancellationToken cancellationToken)
    {
        TraceProduct? product = null;
        string? version = null;
        var events = new List<TraceEvent>();
        await foreach (var row in trace.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(code)}"), select: ["RowKey", "Product", "Event"], cancellationToken: cancellationToken))
        {
            if (row.RowKey == ProductRowKey)
            {
                product = ProductOf(row);
                version = row.ETag.ToString();
            }
            else if (row.RowKey.StartsWith(EventPrefix, StringComparison.Ordinal))
            {
                events.Add(JsonSerializer.Deserialize<TraceEvent>(row.GetString("Event"), WireJson.Options)!);
            }
        }

        return product is null ? null : new TraceChain(product, events.OrderBy(e => e.Seq).ToList(), version);
    }

    public async Task<TraceChainHead?> GetHeadAsync(string code, CancellationToken cancellationToken)
    {
        var response = await trace.GetEntityIfExistsAsync<TableEntity>(TableKeys.Checked(code), ProductRowKey, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        return new TraceChainHead(
            ProductOf(row),
            row.GetInt32(LastSeq) ?? 0,
            row.GetString(LastHash),
            row.GetString(Sources)?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            row.ETag.ToString(),
            row.GetString(Custodians)?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
    }

    public async Task AppendAsync(TraceChainHead head, IReadOnlyList<TraceEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count > MaxEventsPerAppend)
        {
            throw new ArgumentException($"At most {MaxEventsPerAppend} events are appended at once.", nameof(events));
        }

        var code = TableKeys.Checked(head.Product.Code);
        var last = events.MaxBy(e => e.Seq)!;
        var row = new TableEntity(code, ProductRowKey)
        {
            ["Product"] = JsonSerializer.Serialize(head.Product, WireJson.Options),
            [LastSeq] = last.Seq,
            [LastHash] = last.Hash,
        };

        // Sources must list every event or be absent: a head missing a key would let a repeat be
        // appended twice. So every head write replaces the row whole (never a merge), dropping
        // Sources when they no longer fit.
        if (head.Sources is { } known
            && string.Join(' ', known.Concat(events.Select(e => TraceChainHash.SourceKey(e.ActorUscc, e.SourceId))).Distinct(StringComparer.Ordinal)) is { Length: <= MaxSourcesLength } sources)
        {
            row[Sources] = sources;
        }

        // Custody only grows by an append (an annulment passes a head whose custodians were
        // recomputed from the chain); a head written before heads kept custodians still keeps none.
        if (head.Custodians is { } custodians
            && string.Join(' ', custodians.Concat(events.Select(e => e.Details?.To).OfType<string>()).Distinct(StringComparer.Ordinal)) is { Length: <= MaxSourcesLength } holders)
        {
            row[Custodians] = holders;
        }

        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, row, new ETag(head.Version)) };
        actions.AddRange(events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(code, $"{EventPrefix}{e.Seq.ToString("D6", CultureInfo.InvariantCulture)}")
        {
            ["Event"] = JsonSerializer.Serialize(e, WireJson.Options),
            ["Step"] = e.Step,
            ["ActorUscc"] = e.ActorUscc,
        })));
        try
        {
            await trace.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new TraceConflictException($"The chain of {head.Product.Code} grew meanwhile.", ex);
        }

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

    private static TraceProduct ProductOf(TableEntity head)
        => JsonSerializer.Deserialize<TraceProduct>(head.GetString("Product"), WireJson.Options) ?? throw new InvalidOperationException($"The head of {head.PartitionKey} holds no product.");

    private Task IndexActorAsync(string actorUscc, string code, CancellationToken cancellationToken)
        => actors.UpsertEntityAsync(new TableEntity(TableKeys.Checked(actorUscc), TableKeys.Checked(code)), TableUpdateMode.Replace, cancellationToken);
}
