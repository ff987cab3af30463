using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.RepairApplications;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.RepairApplications;

/// <summary>Table <c>RepairApplications</c> (<see cref="RepairApplicationEntity"/>): one partition per enterprise.</summary>
public sealed class RepairApplicationTableStore(TableServiceClient tables, StorageNames names) : IRepairApplicationStore
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.RepairApplications));

    public async Task<StoredRepairApplication?> GetAsync(string uscc, string repairId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<RepairApplicationEntity>(TableKeys.Checked(uscc), TableKeys.Checked(repairId), cancellationToken: cancellationToken);
        return response.HasValue && response.Value!.Kind == RepairApplicationKeys.ApplicationKind ? ToStored(response.Value) : null;
    }

    public async Task<IReadOnlyList<StoredRepairApplication>> ListAsync(string uscc, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(uscc)} and Kind eq {RepairApplicationKeys.ApplicationKind}");
        var all = new List<StoredRepairApplication>();
        await foreach (var e in table.QueryAsync<RepairApplicationEntity>(filter, cancellationToken: cancellationToken))
        {
            all.Add(ToStored(e));
        }

        return all;
    }

    public async Task<string?> TryAddAsync(RepairApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        var claim = Claim(application);
        try
        {
            await table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, ToEntity(application)), new TableTransactionAction(TableTransactionActionType.Add, claim)],
                cancellationToken);
            return null;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            var holder = await table.GetEntityIfExistsAsync<RepairApplicationEntity>(claim.PartitionKey, claim.RowKey, cancellationToken: cancellationToken);
            if (!holder.HasValue)
            {
                throw new RepairApplicationConflictException("The target's open application was decided meanwhile.", ex);
            }

            return holder.Value!.OpenRepairId;
        }
    }

    public async Task DecideAsync(StoredRepairApplication decided, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        try
        {
            await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(decided.Application), new ETag(decided.Version!)),
                    new TableTransactionAction(TableTransactionActionType.Delete, Claim(decided.Application), ETag.All),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new RepairApplicationConflictException($"Repair application {decided.Application.Id} changed meanwhile.", ex);
        }
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static RepairApplicationEntity Claim(RepairApplication a) => new()
    {
        PartitionKey = TableKeys.Checked(a.Uscc),
        RowKey = TableKeys.Checked(RepairApplicationKeys.Claim(a.Target.Kind, a.Target.Id)),
        Kind = RepairApplicationKeys.ClaimKind,
        OpenRepairId = a.Id,
        TargetKind = a.Target.Kind,
        TargetId = a.Target.Id,
    };

    private static RepairApplicationEntity ToEntity(RepairApplication a) => new()
    {
        PartitionKey = TableKeys.Checked(a.Uscc),
        RowKey = TableKeys.Checked(a.Id),
        Kind = RepairApplicationKeys.ApplicationKind,
        TargetKind = a.Target.Kind,
        TargetId = a.Target.Id,
        ProviderId = a.ProviderId,
        Reason = a.Reason,
        Commitment = JsonSerializer.Serialize(a.Commitment, WireJson.Options),
        ObligationsFulfilled = a.ObligationsFulfilled,
        Evidence = JsonSerializer.Serialize(a.Evidence, WireJson.Options),
        SubmittedAt = a.SubmittedAt,
        SubmittedBy = a.SubmittedBy,
        DueOn = Day(a.DueOn),
        Status = a.Status,
        Note = a.Decision?.Note,
        DecidedAt = a.Decision?.At,
        DecidedBy = a.Decision?.By,
    };

    private static StoredRepairApplication ToStored(RepairApplicationEntity e) => new(
        new RepairApplication(
            e.RowKey,
            e.PartitionKey,
            new RepairTarget(e.TargetKind ?? string.Empty, e.TargetId ?? string.Empty),
            e.ProviderId ?? string.Empty,
            e.Reason ?? string.Empty,
            JsonSerializer.Deserialize<RepairCommitment>(e.Commitment ?? "\"\"", WireJson.Options) ?? new RepairCommitment(string.Empty, null),
            e.ObligationsFulfilled,
            JsonSerializer.Deserialize<List<string>>(e.Evidence, WireJson.Options) ?? [],
            e.SubmittedAt,
            e.SubmittedBy ?? string.Empty,
            DateOnly.ParseExact(e.DueOn ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.Status is null or RepairApplicationStatuses.Submitted ? null : new RepairApplicationDecision(e.Status, e.Note, e.DecidedAt ?? default, e.DecidedBy ?? string.Empty)),
        e.ETag.ToString());
}
