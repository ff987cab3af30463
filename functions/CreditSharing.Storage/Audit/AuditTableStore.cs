using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Audit;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Audit;

/// <summary>
/// Table <c>Audit</c>: PartitionKey the city day <c>yyyyMMdd</c> (UTC+8, the calendar of every other date
/// in the system) of the act, so a period is read day by day and never as a whole-table scan; RowKey the
/// inverted ticks and a random suffix, so a day reads newest first and two acts in the same tick never
/// collide. Rows are only ever added: nothing here updates or deletes one.
/// </summary>
public sealed class AuditTableStore(TableServiceClient service, StorageNames names) : IAuditLog, IAuditReader
{
    private readonly TableClient table = service.GetTableClient(names.Table(TableNames.Audit));

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = entry.At.ToUniversalTime();
        var row = new TableEntity(PartitionKeyOf(at), RowKeyOf(at))
        {
            ["At"] = at,
            ["Actor"] = entry.Actor,
            ["Role"] = entry.Role,
            ["Action"] = entry.Action,
            ["Uscc"] = entry.Uscc,
            ["Target"] = entry.Target,
            ["Reason"] = entry.Reason,
        };
        await table.AddEntityAsync(row, cancellationToken);
    }

    /// <summary>
    /// Reads the filter's days newest first, one partition query each (<c>PartitionKey eq</c> plus the
    /// optional <c>Actor</c>/<c>Uscc</c> equality), until the page is full.
    /// </summary>
    public async Task<AuditSlice> ReadAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var items = new List<AuditEntry>(filter.PageSize);
        var days = filter.Days;
        var index = 0;
        string? token = null;
        if (filter.Start is not null)
        {
            index = days.ToList().IndexOf(filter.Start.Day);
            token = filter.Start.Token;
            if (index < 0)
            {
                return new AuditSlice(items, null);
            }
        }

        while (index < days.Count)
        {
            var remaining = filter.PageSize - items.Count;
            var query = table.QueryAsync<TableEntity>(FilterOf(days[index], filter.Actor, filter.Uscc), maxPerPage: remaining, cancellationToken: cancellationToken);
            await using var pages = query.AsPages(token, remaining).GetAsyncEnumerator(cancellationToken);
            if (await pages.MoveNextAsync())
            {
                items.AddRange(pages.Current.Values.Select(ToEntry));
                token = pages.Current.ContinuationToken;
            }
            else
            {
                token = null;
            }

            if (token is null)
            {
                index++;
            }

            if (items.Count >= filter.PageSize)
            {
                return new AuditSlice(items, index < days.Count ? new AuditPosition(days[index], token) : null);
            }
        }

        return new AuditSlice(items, null);
    }

    public static string PartitionKeyOf(DateTimeOffset at) => at.ToOffset(CityClock.Offset).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string PartitionKeyOf(DateOnly cityDay) => cityDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string RowKeyOf(DateTimeOffset at)
        => (DateTime.MaxValue.Ticks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    private static string FilterOf(DateOnly day, string? actor, string? uscc)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKeyOf(day)}");
        if (actor is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Actor eq {actor}");
        }

        if (uscc is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Uscc eq {uscc}");
        }

        return filter;
    }

    private static AuditEntry ToEntry(TableEntity e) => new(
        e.GetDateTimeOffset("At") ?? e.Timestamp ?? DateTimeOffset.MinValue,
        e.GetString("Actor") ?? string.Empty,
        e.GetString("Role") ?? string.Empty,
        e.GetString("Action") ?? string.Empty,
        e.GetString("Uscc"),
        e.GetString("Target"),
        e.GetString("Reason"));
}
