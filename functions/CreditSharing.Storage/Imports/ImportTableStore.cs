using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Imports;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Imports;

public sealed class ImportTableStore(TableServiceClient tables, StorageNames names) : IImportStore
{
    private const int TransactionSize = 100;

    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Imports));

    public Task CreateAsync(ImportState state, CancellationToken cancellationToken)
        => table.AddEntityAsync(ToEntity(state), cancellationToken);

    public async Task<ImportState?> GetAsync(string importId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<ImportEntity>(TableKeys.Checked(importId), ImportEntity.StatusRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? ToState(response.Value!) : null;
    }

    public async Task<ImportState> SaveAsync(ImportState state, IReadOnlyList<RejectedLine> newRejectedLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(newRejectedLines);

        // Rejected lines first (upserts keyed by line, so a resumed run rewrites the same rows);
        // the status row last, guarded by its ETag, so a second runner of the same import fails.
        foreach (var chunk in newRejectedLines.Chunk(TransactionSize))
        {
            await table.SubmitTransactionAsync(
                chunk.Select(l => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new RejectedLineEntity
                {
                    PartitionKey = state.ImportId,
                    RowKey = RejectedLineEntity.RowKeyOf(l.Line),
                    Line = l.Line,
                    Errors = JsonSerializer.Serialize(l.Errors, WireJson.Options),
                })),
                cancellationToken);
        }

        var entity = ToEntity(state);
        var response = await table.UpdateEntityAsync(entity, state.Version is null ? ETag.All : new ETag(state.Version), TableUpdateMode.Replace, cancellationToken);
        return state with { Version = response.Headers.ETag?.ToString() };
    }

    public async Task<IReadOnlyList<RejectedLine>> GetRejectedLinesAsync(string importId, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(importId)} and RowKey ge {RejectedLineEntity.RowKeyPrefix} and RowKey lt {"r~~"}");
        var lines = new List<RejectedLine>();
        await foreach (var entity in table.QueryAsync<RejectedLineEntity>(filter, cancellationToken: cancellationToken))
        {
            lines.Add(new RejectedLine(entity.Line, JsonSerializer.Deserialize<Dictionary<string, string[]>>(entity.Errors, WireJson.Options)!));
            if (lines.Count >= max)
            {
                break;
            }
        }

        return lines;
    }

    private static ImportEntity ToEntity(ImportState s) => new()
    {
        PartitionKey = TableKeys.Checked(s.ImportId),
        RowKey = ImportEntity.StatusRowKey,
        ProviderId = s.ProviderId,
        Format = s.Format,
        Status = s.Status,
        Total = s.Total,
        Accepted = s.Accepted,
        Rejected = s.Rejected,
        CheckpointLine = s.CheckpointLine,
        Passes = s.Passes,
        CheckpointPass = s.CheckpointPass,
        Categories = s.Categories is null ? null : System.Text.Json.JsonSerializer.Serialize(s.Categories),
        Severity = s.Severity,
        Error = s.Error,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
    };

    private static ImportState ToState(ImportEntity e) => new(
        e.PartitionKey, e.ProviderId, e.Format, e.Status, e.Total, e.Accepted, e.Rejected, e.CheckpointLine, e.Error, e.CreatedAt, e.UpdatedAt, e.ETag.ToString(), Math.Max(1, e.Passes), e.CheckpointPass,
        e.Categories is null ? null : System.Text.Json.JsonSerializer.Deserialize<string[]>(e.Categories), e.Severity);
}
