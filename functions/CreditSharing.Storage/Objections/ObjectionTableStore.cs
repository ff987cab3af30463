using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Objections;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Objections;

/// <summary>Table <c>Objections</c> (<see cref="ObjectionEntity"/>): one partition per enterprise.</summary>
public sealed class ObjectionTableStore(TableServiceClient tables, StorageNames names) : IObjectionStore
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Objections));

    public async Task<StoredObjection?> GetAsync(string uscc, string objectionId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<ObjectionEntity>(TableKeys.Checked(uscc), TableKeys.Checked(objectionId), cancellationToken: cancellationToken);
        return response.HasValue && response.Value!.Kind == ObjectionKeys.ObjectionKind ? ToStored(response.Value) : null;
    }

    public async Task<IReadOnlyList<StoredObjection>> ListAsync(string uscc, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(uscc)} and Kind eq {ObjectionKeys.ObjectionKind}");
        var all = new List<StoredObjection>();
        await foreach (var e in table.QueryAsync<ObjectionEntity>(filter, cancellationToken: cancellationToken))
        {
            all.Add(ToStored(e));
        }

        return all;
    }

    public async Task<string?> TryAddAsync(Objection objection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objection);
        var claim = Claim(objection);
        try
        {
            await table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, ToEntity(objection)), new TableTransactionAction(TableTransactionActionType.Add, claim)],
                cancellationToken);
            return null;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            var holder = await table.GetEntityIfExistsAsync<ObjectionEntity>(claim.PartitionKey, claim.RowKey, cancellationToken: cancellationToken);
            if (!holder.HasValue)
            {
                // The open objection was decided between our write and this read: the caller may file again.
                throw new ObjectionConflictException("The target's open objection was decided meanwhile.", ex);
            }

            return holder.Value!.OpenObjectionId;
        }
    }

    public async Task DecideAsync(StoredObjection decided, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        var claim = Claim(decided.Objection);
        try
        {
            await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(decided.Objection), new ETag(decided.Version!)),
                    new TableTransactionAction(TableTransactionActionType.Delete, claim, ETag.All),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new ObjectionConflictException($"Objection {decided.Objection.Id} changed meanwhile.", ex);
        }
    }

    public async Task<(IReadOnlyList<Objection> Items, string? ContinuationToken)> PageAsync(ObjectionFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);

        // Across enterprises: objections are few (a city's year is hundreds), so a filtered table
        // query is cheaper than an index to keep in step. Every value goes through CreateQueryFilter.
        var query = TableClient.CreateQueryFilter($"Kind eq {ObjectionKeys.ObjectionKind}");
        query += filter.Status switch
        {
            ObjectionStatuses.Open => " and " + TableClient.CreateQueryFilter($"Status eq {ObjectionStatuses.Open}"),
            ObjectionStatuses.Overdue => " and " + TableClient.CreateQueryFilter($"Status eq {ObjectionStatuses.Open} and DueOn lt {Day(filter.Today)}"),
            ObjectionStatuses.Decided => " and " + TableClient.CreateQueryFilter($"Status ne {ObjectionStatuses.Open}"),
            _ => string.Empty,
        };
        if (filter.ProviderId is { } providerId)
        {
            query += " and " + TableClient.CreateQueryFilter($"ProviderId eq {providerId}");
        }

        await foreach (var page in table.QueryAsync<ObjectionEntity>(query, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(e => ToStored(e).Objection).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ObjectionEntity Claim(Objection o) => new()
    {
        PartitionKey = TableKeys.Checked(o.Uscc),
        RowKey = TableKeys.Checked(ObjectionKeys.Claim(o.Target.Kind, o.Target.Id)),
        Kind = ObjectionKeys.ClaimKind,
        OpenObjectionId = o.Id,
        TargetKind = o.Target.Kind,
        TargetId = o.Target.Id,
    };

    private static ObjectionEntity ToEntity(Objection o) => new()
    {
        PartitionKey = TableKeys.Checked(o.Uscc),
        RowKey = TableKeys.Checked(o.Id),
        Kind = ObjectionKeys.ObjectionKind,
        TargetKind = o.Target.Kind,
        TargetId = o.Target.Id,
        ProviderId = o.ProviderId,
        TargetRevision = o.TargetRevision,
        Reason = o.Reason,
        Evidence = JsonSerializer.Serialize(o.Evidence, WireJson.Options),
        FiledAt = o.FiledAt,
        FiledBy = o.FiledBy,
        DueOn = Day(o.DueOn),
        Status = o.Status,
        Note = o.Decision?.Note,
        DecidedAt = o.Decision?.At,
        DecidedBy = o.Decision?.By,
    };

    private static StoredObjection ToStored(ObjectionEntity e) => new(
        new Objection(
            e.RowKey,
            e.PartitionKey,
            new ObjectionTarget(e.TargetKind ?? string.Empty, e.TargetId ?? string.Empty),
            e.ProviderId ?? string.Empty,
            e.TargetRevision,
            e.Reason ?? string.Empty,
            JsonSerializer.Deserialize<List<string>>(e.Evidence, WireJson.Options) ?? [],
            e.FiledAt,
            e.FiledBy ?? string.Empty,
            DateOnly.ParseExact(e.DueOn ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.Status is null or ObjectionStatuses.Open ? null : new ObjectionDecision(e.Status, e.Note ?? string.Empty, e.DecidedAt ?? default, e.DecidedBy ?? string.Empty)),
        e.ETag.ToString());
}
