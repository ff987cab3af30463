using System.Globalization;
using Azure.Data.Tables;
using CreditSharing.Core.Audit;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Audit;

/// <summary>
/// Table <c>Audit</c>: PartitionKey the UTC day <c>yyyyMMdd</c> of the act, so a period is read day by
/// day; RowKey the inverted ticks and a random suffix, so a day reads newest first and two acts in the
/// same tick never collide. Rows are only ever added.
/// </summary>
public sealed class AuditTableStore(TableServiceClient service, StorageNames names) : IAuditLog
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

    public static string PartitionKeyOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string RowKeyOf(DateTimeOffset at)
        => (DateTime.MaxValue.Ticks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
}
