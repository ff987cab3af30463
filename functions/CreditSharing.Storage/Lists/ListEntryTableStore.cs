using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Lists;

public sealed class ListEntryTableStore(TableServiceClient tables, StorageNames names) : IListEntryStore
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.ListEntries));

    public async Task<StoredListEntry?> GetAsync(string uscc, string entryId, CancellationToken cancellationToken)
    {
        if (entryId.Length == 0 || !entryId.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var response = await table.GetEntityIfExistsAsync<ListEntryEntity>(TableKeys.Checked(uscc), entryId, cancellationToken: cancellationToken);
        return response.HasValue ? ToStored(response.Value!) : null;
    }

    /// <summary>
    /// Two writes: the id row (which enterprise this id belongs to), then the entry, pending. An id
    /// row left by a failure before the entry is harmless: the retry finds it naming the same USCC.
    /// </summary>
    public async Task<ListEntryAddResult> TryAddAsync(ListEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await table.AddEntityAsync(new ListEntryIdEntity { RowKey = TableKeys.Checked(entry.Id), Uscc = entry.Uscc }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var owner = await table.GetEntityAsync<ListEntryIdEntity>(ListEntryEntity.IdsPartition, entry.Id, cancellationToken: cancellationToken);
            if (!string.Equals(owner.Value.Uscc, entry.Uscc, StringComparison.Ordinal))
            {
                return new ListEntryAddResult(false, owner.Value.Uscc);
            }
        }

        try
        {
            var added = await table.AddEntityAsync(ToEntity(new StoredListEntry(entry, null, ListDecisions.Listed)), cancellationToken);
            return new ListEntryAddResult(true, entry.Uscc, added.Headers.ETag?.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return new ListEntryAddResult(false, entry.Uscc);
        }
    }

    public async Task<string> UpdateAsync(StoredListEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(entry), new ETag(entry.Version!), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table answered an update without an ETag.");
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new ListEntryConflictException($"List entry {entry.Entry.Id} changed meanwhile.", ex);
        }
    }

    public async Task<IReadOnlyList<StoredListEntry>> ListAsync(string uscc, CancellationToken cancellationToken)
    {
        var all = new List<StoredListEntry>();
        await foreach (var e in table.QueryAsync<ListEntryEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(uscc)}"), cancellationToken: cancellationToken))
        {
            all.Add(ToStored(e));
        }

        return all;
    }

    public async IAsyncEnumerable<StoredListEntry> ExpiredAsync(DateOnly today, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A daily cross-partition scan; ended entries carry EndedOn, so only still-open ones match.
        var filter = TableClient.CreateQueryFilter($"ExpiresOn lt {Day(today)}");
        await foreach (var e in table.QueryAsync<ListEntryEntity>(filter, cancellationToken: cancellationToken))
        {
            if (e.EndedOn is null)
            {
                yield return ToStored(e);
            }
        }
    }

    /// <summary>A daily scan of every partition but the id rows: about one request per 1,000 entries.</summary>
    public async IAsyncEnumerable<StoredListEntry> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ne {ListEntryEntity.IdsPartition}");
        await foreach (var e in table.QueryAsync<ListEntryEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return ToStored(e);
        }
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ListEntryEntity ToEntity(StoredListEntry stored)
    {
        var e = stored.Entry;
        return new()
        {
            PartitionKey = TableKeys.Checked(e.Uscc),
            RowKey = TableKeys.Checked(e.Id),
            ListType = e.ListType,
            DecidedOn = Day(e.DecidedOn),
            ExpiresOn = Day(e.ExpiresOn),
            EndedOn = e.EndedOn is { } ended ? Day(ended) : null,
            EndReason = e.EndReason,
            Reason = e.Reason,
            Authority = e.Authority,
            AuthorityUscc = e.AuthorityUscc,
            DocumentNo = e.DocumentNo,
            LegalRepresentativeIncluded = e.LegalRepresentativeIncluded,
            ProviderId = e.ProviderId,
            SourceId = e.SourceId,
            History = JsonSerializer.Serialize(e.History, WireJson.Options),
            Revision = e.Revision,
            BasisRecordIds = e.BasisRecordIds is { Count: > 0 } basis ? JsonSerializer.Serialize(basis, WireJson.Options) : null,
            Withdrawn = e.Withdrawn is { } withdrawal ? JsonSerializer.Serialize(withdrawal, WireJson.Options) : null,
            Pending = stored.Pending,
        };
    }

    private static StoredListEntry ToStored(ListEntryEntity e) => new(
        new ListEntry(
            e.RowKey, e.PartitionKey, e.ListType, e.Reason ?? string.Empty, e.Authority ?? string.Empty, e.AuthorityUscc, e.DocumentNo ?? string.Empty,
            Day(e.DecidedOn), Day(e.ExpiresOn), e.LegalRepresentativeIncluded, e.ProviderId ?? string.Empty, e.SourceId ?? string.Empty,
            e.EndedOn is null ? null : Day(e.EndedOn), e.EndReason,
            JsonSerializer.Deserialize<List<ListEntryEvent>>(e.History, WireJson.Options) ?? [],
            e.Revision ?? 1,
            e.BasisRecordIds is null ? null : JsonSerializer.Deserialize<List<string>>(e.BasisRecordIds, WireJson.Options),
            e.Withdrawn is null ? null : JsonSerializer.Deserialize<Withdrawal>(e.Withdrawn, WireJson.Options)),
        e.ETag.ToString(),
        e.Pending);
}
