using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Records;

public sealed class RecordTableStore(TableServiceClient tables, StorageNames names) : IRecordStore
{
    /// <summary>The table service's limit of 100 actions per entity group transaction, less the manifest row's.</summary>
    private const int RecordsPerTransaction = 99;

    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Records));

    /// <summary>Whether every record in the table is in its partition's manifest (false: a table older than manifests); null until first asked.</summary>
    private Task<bool>? manifestsComplete;

    public async Task<IReadOnlyDictionary<string, StoredRecord>> GetAsync(string uscc, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var partition = TableKeys.Checked(uscc);

        // Point reads, in parallel: the cheapest read in Azure Tables and the only indexed one in
        // Azurite, where a filtered query scans the whole table (measured: slower than one read per id).
        var found = await Task.WhenAll(ids.Select(async id =>
        {
            var response = await table.GetEntityIfExistsAsync<RecordEntity>(partition, TableKeys.Checked(id), cancellationToken: cancellationToken);
            return response.HasValue ? ToStored(response.Value!) : null;
        }));
        return found.OfType<StoredRecord>().ToDictionary(r => r.Record.Id, StringComparer.Ordinal);
    }

    public async Task<bool> TryAddAsync(string uscc, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var partition = TableKeys.Checked(uscc);
        var complete = await ManifestsCompleteAsync(cancellationToken);
        foreach (var chunk in records.Chunk(RecordsPerTransaction))
        {
            try
            {
                await SubmitWithManifestAsync(partition, [.. chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(r)))], chunk, complete, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                return false;
            }
        }

        return true;
    }

    public async Task SaveAsync(string uscc, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var partition = TableKeys.Checked(uscc);
        var complete = await ManifestsCompleteAsync(cancellationToken);
        foreach (var chunk in records.Chunk(RecordsPerTransaction))
        {
            var actions = chunk.Select(r => r.Version is null
                ? new TableTransactionAction(TableTransactionActionType.Add, ToEntity(r))
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(r), new ETag(r.Version)));
            try
            {
                await SubmitWithManifestAsync(partition, [.. actions], chunk, complete, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                throw new RecordConflictException($"Records of {uscc} changed while they were being written.", ex);
            }
        }
    }

    public async Task<IReadOnlyList<RecordFacts>> ReadFactsAsync(string uscc, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Checked(uscc);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, RecordManifest.RowKey, cancellationToken: cancellationToken);
        if (row.HasValue && RecordManifest.Read(row.Value!, partition) is { } facts)
        {
            return facts;
        }

        if (!row.HasValue && await ManifestsCompleteAsync(cancellationToken))
        {
            return [];
        }

        var all = new List<StoredRecord>();
        await foreach (var stored in ListAsync(uscc, new RecordFilter(null, null, null, null), cancellationToken))
        {
            all.Add(stored);
        }

        if (!(row.HasValue && row.Value!.GetBoolean(RecordManifest.Overflow) == true))
        {
            await TryRebuildManifestAsync(partition, row.HasValue ? row.Value!.ETag : null, all, cancellationToken);
        }

        return [.. all.Select(s => new RecordFacts(s.Record with { Content = null, LegalBasis = null }, s.Repair?.On, s.Withdrawn is { } w ? RecordService.WithdrawnOn(w) : null))];
    }

    public async IAsyncEnumerable<StoredRecord> ListAsync(string uscc, RecordFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(uscc)} and RowKey ne {RecordManifest.RowKey}") };
        if (filter.Category is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Category eq {filter.Category}"));
        }

        if (filter.From is { } from)
        {
            clauses.Add(TableClient.CreateQueryFilter($"DecisionDate ge {Day(from)}"));
        }

        if (filter.To is { } to)
        {
            clauses.Add(TableClient.CreateQueryFilter($"DecisionDate le {Day(to)}"));
        }

        if (filter.ProviderId is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"ProviderId eq {filter.ProviderId}"));
        }

        await foreach (var entity in table.QueryAsync<RecordEntity>(string.Join(" and ", clauses), cancellationToken: cancellationToken))
        {
            yield return ToStored(entity);
        }
    }

    /// <summary>
    /// Writes records and merges them into the partition's manifest in one transaction. A merge the
    /// service refuses as too large (the enterprise has outgrown one entity) replaces the manifest by
    /// one that sends readers to a query.
    /// </summary>
    private async Task SubmitWithManifestAsync(string partition, IReadOnlyList<TableTransactionAction> writes, IReadOnlyCollection<StoredRecord> records, bool complete, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync([.. writes, new TableTransactionAction(TableTransactionActionType.UpsertMerge, RecordManifest.Merge(partition, records, complete))], cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (RecordManifest.IsTooLarge(ex))
        {
            await table.SubmitTransactionAsync([.. writes, new TableTransactionAction(TableTransactionActionType.UpsertReplace, RecordManifest.Overflowed(partition))], cancellationToken);
        }
    }

    /// <summary>
    /// A manifest built from a partition query, written only if no writer touched the row since it
    /// was read (absent: added; present: its ETag), so a record written meanwhile is never left out.
    /// </summary>
    private async Task TryRebuildManifestAsync(string partition, ETag? seen, IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
    {
        foreach (var row in new[] { RecordManifest.Whole(partition, records), RecordManifest.Overflowed(partition) })
        {
            try
            {
                _ = seen is { } etag
                    ? await table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken)
                    : await table.AddEntityAsync(row, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (RecordManifest.IsTooLarge(ex))
            {
                // Too many records for one row: write the row that sends readers to a query instead.
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Whether an absent manifest means an empty partition. True once the table holds the marker row,
    /// which is written when the table is found empty: every record after it came with its manifest.
    /// A table holding records from before manifests keeps reading partitions without one by query.
    /// Decided once per process, before this process writes anything (concurrent first writers would
    /// otherwise find each other's records and take the table for an old one).
    /// </summary>
    private Task<bool> ManifestsCompleteAsync(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref manifestsComplete);
        if (known is { IsFaulted: true } or { IsCanceled: true })
        {
            // Storage was away when it was first asked: ask again rather than fail every write from now on.
            Interlocked.CompareExchange(ref manifestsComplete, null, known);
            known = null;
        }

        if (known is not null)
        {
            return known.WaitAsync(cancellationToken);
        }

        // Shared by every caller, so no one caller's cancellation may end it.
        var decided = DecideManifestsCompleteAsync(CancellationToken.None);
        return (Interlocked.CompareExchange(ref manifestsComplete, decided, null) ?? decided).WaitAsync(cancellationToken);
    }

    private async Task<bool> DecideManifestsCompleteAsync(CancellationToken cancellationToken)
    {
        if ((await table.GetEntityIfExistsAsync<TableEntity>(RecordManifest.MarkerPartition, RecordManifest.MarkerRowKey, cancellationToken: cancellationToken)).HasValue)
        {
            return true;
        }

        var empty = true;
        await foreach (var page in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
        {
            empty = page.Values.Count == 0 && page.ContinuationToken is null;
            break;
        }

        if (empty)
        {
            await table.UpsertEntityAsync(new TableEntity(RecordManifest.MarkerPartition, RecordManifest.MarkerRowKey), TableUpdateMode.Replace, cancellationToken);
            return true;
        }

        // Another process may have found the table empty and begun with the marker just before us.
        return (await table.GetEntityIfExistsAsync<TableEntity>(RecordManifest.MarkerPartition, RecordManifest.MarkerRowKey, cancellationToken: cancellationToken)).HasValue;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Day(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static RecordEntity ToEntity(StoredRecord stored)
    {
        var r = stored.Record;
        return new RecordEntity
        {
            PartitionKey = TableKeys.Checked(r.Uscc),
            RowKey = TableKeys.Checked(r.Id),
            ProviderId = r.ProviderId,
            SourceId = r.SourceId,
            Category = r.Category,
            Title = r.Title,
            Content = r.Content,
            DecisionDate = Day(r.DecisionDate),
            DocumentNo = r.DocumentNo,
            Authority = r.Authority,
            AuthorityUscc = r.AuthorityUscc,
            LegalBasis = r.LegalBasis,
            Severity = r.Severity,
            Outcome = r.Outcome,
            Rating = r.Rating,
            Scheme = r.Scheme,
            Details = r.Details is { } details ? JsonSerializer.Serialize(details, WireJson.Options) : null,
            Amount = r.Amount?.ToString("0.00", CultureInfo.InvariantCulture),
            ValidUntil = r.ValidUntil is { } v ? Day(v) : null,
            Disclosure = r.Disclosure,
            Revision = stored.Revision,
            ReceivedAt = stored.ReceivedAt,
            UpdatedAt = stored.UpdatedAt,
            SubmittedAt = stored.SubmittedAt,
            ContentHash = stored.ContentHash,
            RepairedOn = stored.Repair is { } repair ? Day(repair.On) : null,
            RepairReason = stored.Repair?.Reason,
            RepairDocumentNo = stored.Repair?.DocumentNo,
            RepairCommitment = stored.Repair?.Commitment?.Text,
            RepairCommitmentSignedOn = stored.Repair?.Commitment?.SignedOn is { } signedOn ? Day(signedOn) : null,
            RepairObligationsFulfilled = stored.Repair?.ObligationsFulfilled,
            RepairEvidence = stored.Repair?.Evidence is { } evidence ? JsonSerializer.Serialize(evidence, WireJson.Options) : null,
            RepairedBy = stored.Repair?.By,
            WithdrawnAt = stored.Withdrawn?.At,
            WithdrawnBy = stored.Withdrawn?.By,
            WithdrawalReason = stored.Withdrawn?.Reason,
            WithdrawalDocumentNo = stored.Withdrawn?.DocumentNo,
        };
    }

    private static StoredRecord ToStored(RecordEntity e) => new(
        new CreditRecord(
            e.ProviderId, e.SourceId, e.PartitionKey, e.Category, e.Title, e.Content, Day(e.DecisionDate)!.Value, e.DocumentNo, e.Authority,
            e.AuthorityUscc, e.LegalBasis, e.Severity, e.Outcome, e.Rating,
            e.Amount is null ? null : decimal.Parse(e.Amount, CultureInfo.InvariantCulture), Day(e.ValidUntil), e.Disclosure, e.Scheme,
            e.Details is null ? null : JsonSerializer.Deserialize<RecordDetails>(e.Details, WireJson.Options)),
        e.Revision,
        e.ReceivedAt,
        e.UpdatedAt,
        e.ContentHash,
        e.ETag.ToString(),
        e.RepairedOn is null ? null : new RecordRepair(
            Day(e.RepairedOn)!.Value,
            e.RepairReason ?? string.Empty,
            e.RepairDocumentNo ?? string.Empty,
            e.RepairCommitment is null ? null : new RepairCommitment(e.RepairCommitment, Day(e.RepairCommitmentSignedOn)),
            e.RepairedBy ?? string.Empty,
            e.RepairObligationsFulfilled,
            e.RepairEvidence is null ? null : JsonSerializer.Deserialize<List<string>>(e.RepairEvidence, WireJson.Options)),
        e.SubmittedAt,
        e.WithdrawnAt is { } at ? new Withdrawal(at, e.WithdrawnBy ?? string.Empty, e.WithdrawalReason ?? string.Empty, e.WithdrawalDocumentNo) : null);
}
