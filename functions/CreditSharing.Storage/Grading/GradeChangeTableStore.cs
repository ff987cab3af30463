using Azure.Data.Tables;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Grading;

/// <summary>
/// Table <c>GradeChanges</c>: PartitionKey = the UTC day inverted (<c>{9999999 − dayNumber:D7}</c>),
/// RowKey = <c>{invertedTicks:D19}~{uscc}</c>. The table service returns rows in key order, so one
/// query over the whole table reads the newest changes first and stops after the first few; a day
/// per partition keeps a city-wide re-grade from piling every write onto one partition for long.
/// </summary>
public sealed class GradeChangeTableStore : IGradeChangeLog
{
    private const int DayNumberCeiling = 9_999_999;

    private readonly TableClient table;

    /// <summary>A burst of first grades appends thousands of rows to today's partition: a transaction per 100 of them, not a request each.</summary>
    private readonly PartitionBatcher<TableEntity> appends;

    public GradeChangeTableStore(TableServiceClient tables, StorageNames names)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(names);
        table = tables.GetTableClient(names.Table(TableNames.GradeChanges));
        appends = new PartitionBatcher<TableEntity>(WriteAsync, maxBatch: 100);
    }

    public Task AppendAsync(GradeChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var entity = new TableEntity(PartitionOf(change.ChangedAt), RowKeyOf(change.ChangedAt, change.Uscc))
        {
            ["Uscc"] = change.Uscc,
            ["Name"] = change.Name,
            ["County"] = change.County,
            ["PreviousGrade"] = change.PreviousGrade,
            ["PreviousScore"] = change.PreviousScore,
            ["Grade"] = change.Grade,
            ["Score"] = change.Score,
            ["ChangedAt"] = change.ChangedAt,
        };
        return appends.SubmitAsync(entity.PartitionKey, entity).WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<GradeChange>> NewestAsync(int count, CancellationToken cancellationToken)
    {
        var newest = new List<GradeChange>(count);
        await foreach (var e in table.QueryAsync<TableEntity>(maxPerPage: count, cancellationToken: cancellationToken))
        {
            var county = e.GetString("County");
            newest.Add(new GradeChange(
                e.GetString("Uscc"), e.GetString("Name"), county, Counties.NameOf(county), e.GetString("PreviousGrade"), e.GetInt32("PreviousScore"),
                e.GetString("Grade"), e.GetInt32("Score") ?? 0, e.GetDateTimeOffset("ChangedAt") ?? default));
            if (newest.Count == count)
            {
                break;
            }
        }

        return newest;
    }

    /// <summary>Upserts, so an append repeated (a redelivered grade request) is one row; a batch serves several graders, so no one grader's cancellation stops it.</summary>
    private async Task WriteAsync(string partition, IReadOnlyList<TableEntity> rows)
    {
        var distinct = rows.GroupBy(r => r.RowKey, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        await table.SubmitTransactionAsync(distinct.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), CancellationToken.None);
    }

    private static string PartitionOf(DateTimeOffset at)
        => (DayNumberCeiling - DateOnly.FromDateTime(at.UtcDateTime).DayNumber).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    private static string RowKeyOf(DateTimeOffset at, string uscc)
        => TableKeys.Checked($"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}~{uscc}");
}
