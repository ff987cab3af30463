using Azure.Data.Tables;
using CreditSharing.Core.Reports;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Reports;

/// <summary>
/// Table <c>Reports</c>: PartitionKey = report number, RowKey = "" (one point read per verification;
/// numbers are random, so rows spread over partitions). A row is added once and never changed.
/// </summary>
public sealed class ReportTableStore(TableServiceClient tables, StorageNames names) : IReportRegistry
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Reports));

    public Task AddAsync(ReportEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // AddEntity, not upsert: a (never expected) repeated number fails rather than replacing a report.
        return table.AddEntityAsync(
            new TableEntity(TableKeys.Checked(entry.ReportNo), string.Empty)
            {
                ["Uscc"] = entry.Uscc,
                ["Name"] = entry.Name,
                ["IssuedAt"] = entry.IssuedAt,
                ["Type"] = entry.Type,
                ["ContentSha256"] = entry.ContentSha256,
                ["FileSha256"] = entry.FileSha256,
                ["RulesVersion"] = entry.RulesVersion,
                ["Pages"] = entry.Pages,
                ["IssuedTo"] = entry.IssuedTo,
            },
            cancellationToken);
    }

    public async Task<ReportEntry?> GetAsync(string reportNo, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Checked(reportNo), string.Empty, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        return new ReportEntry(
            e.PartitionKey,
            e.GetString("Uscc"),
            e.GetString("Name"),
            e.GetDateTimeOffset("IssuedAt") ?? default,
            e.GetString("Type"),
            e.GetString("ContentSha256"),
            e.GetString("FileSha256"),
            e.GetString("RulesVersion"),
            e.GetInt32("Pages") ?? 0,
            e.GetString("IssuedTo"));
    }
}
