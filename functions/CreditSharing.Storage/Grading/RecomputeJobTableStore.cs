using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Grading;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Grading;

/// <summary>
/// Table <c>Jobs</c>: PartitionKey = job id; row <c>status</c>, and one row <c>c~{chunk:D6}</c> per
/// finished chunk. Progress is the sum of chunk rows, so chunks finishing at once never contend and
/// a re-delivered chunk overwrites its own row instead of counting twice.
/// </summary>
public sealed class RecomputeJobTableStore(TableServiceClient tables, StorageNames names, TimeProvider clock) : IRecomputeJobStore
{
    private const string StatusRowKey = "status";
    private const string ChunkPrefix = "c~";

    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Jobs));

    public Task CreateAsync(RecomputeJob job, CancellationToken cancellationToken)
        => table.AddEntityAsync(
            new TableEntity(TableKeys.Checked(job.JobId), StatusRowKey)
            {
                ["Kind"] = "grade-recompute",
                ["Total"] = 0,
                ["Expanded"] = false,
                ["RulesVersion"] = job.RulesVersion,
                ["CreatedAt"] = job.CreatedAt,
            },
            cancellationToken);

    public async Task<RecomputeJob?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        TableEntity? status = null;
        var done = 0;
        DateTimeOffset? lastChunk = null;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(jobId)}"), cancellationToken: cancellationToken))
        {
            if (row.RowKey == StatusRowKey)
            {
                status = row;
            }
            else if (row.RowKey.StartsWith(ChunkPrefix, StringComparison.Ordinal))
            {
                done += row.GetInt32("Count") ?? 0;
                lastChunk = lastChunk is null || row.Timestamp > lastChunk ? row.Timestamp : lastChunk;
            }
        }

        if (status is null)
        {
            return null;
        }

        var total = status.GetInt32("Total") ?? 0;
        var expanded = status.GetBoolean("Expanded") ?? false;
        var state = !expanded ? "queued" : done >= total ? "completed" : "running";
        var created = status.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue;
        return new RecomputeJob(jobId, state, total, Math.Min(done, total), status.GetString("RulesVersion") ?? string.Empty, created, lastChunk ?? status.Timestamp ?? created);
    }

    public Task SetTotalAsync(string jobId, int total, CancellationToken cancellationToken)
        => table.UpdateEntityAsync(
            new TableEntity(TableKeys.Checked(jobId), StatusRowKey) { ["Total"] = total, ["Expanded"] = true, ["ExpandedAt"] = clock.GetUtcNow() },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);

    public Task CompleteChunkAsync(string jobId, int chunk, int count, CancellationToken cancellationToken)
        => table.UpsertEntityAsync(new TableEntity(TableKeys.Checked(jobId), $"{ChunkPrefix}{chunk:D6}") { ["Count"] = count }, TableUpdateMode.Replace, cancellationToken);
}
