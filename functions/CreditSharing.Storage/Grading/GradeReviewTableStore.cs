using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Grading;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Grading;

/// <summary>
/// Table <c>GradeReviews</c>: PartitionKey = the review date <c>yyyyMMdd</c>, RowKey = USCC, no
/// other properties. Dates sort as their digits, so "everything due by today" is one range query
/// (<c>PartitionKey le today</c>) that reads only the rows still there: the catch-up
/// (<see cref="GradeReviews.CatchUpAsync"/>) deletes each row once it has re-graded its enterprise.
/// </summary>
public sealed class GradeReviewTableStore(TableServiceClient tables, StorageNames names) : IGradeReviewIndex
{
    /// <summary>Rows deleted in one entity group transaction (one partition, at most 100 actions).</summary>
    private const int MaxBatch = 100;

    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.GradeReviews));

    public static string PartitionOf(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static TableEntity EntityOf(DateOnly day, string uscc) => new(PartitionOf(day), TableKeys.Checked(uscc));

    public async Task<bool> AnyDueAsync(DateOnly through, CancellationToken cancellationToken)
    {
        // One row per page: a range query may answer an empty page with a continuation, which is followed.
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {PartitionOf(through)}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            return true;
        }

        return false;
    }

    public async IAsyncEnumerable<GradeReviewDue> DueAsync(DateOnly through, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {PartitionOf(through)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            yield return new GradeReviewDue(DateOnly.ParseExact(row.PartitionKey, "yyyyMMdd", CultureInfo.InvariantCulture), row.RowKey);
        }
    }

    public async Task RemoveAsync(IReadOnlyList<GradeReviewDue> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var day in rows.GroupBy(r => r.Day))
        {
            foreach (var batch in day.Select(r => r.Uscc).Distinct(StringComparer.Ordinal).Chunk(MaxBatch))
            {
                var actions = batch.Select(uscc => new TableTransactionAction(TableTransactionActionType.Delete, EntityOf(day.Key, uscc), ETag.All)).ToList();
                try
                {
                    await table.SubmitTransactionAsync(actions, cancellationToken);
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 404)
                {
                    // One row was gone (a second run got there first): delete the rest one by one.
                    foreach (var uscc in batch)
                    {
                        await table.DeleteEntityAsync(PartitionOf(day.Key), uscc, ETag.All, cancellationToken);
                    }
                }
            }
        }
    }
}
