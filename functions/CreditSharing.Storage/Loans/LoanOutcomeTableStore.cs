using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Loans;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Loans;

/// <summary>
/// Table <c>LoanOutcomes</c>: PartitionKey = the month of <c>on</c> (<c>yyyy-MM</c>), RowKey = <c>{bankId}~{id}</c>
/// (<see cref="LoanOutcomeRules.IdOf"/>). Monthly statistics read one partition per month, never a scan. The amount
/// is stored in fen (Int64), exact.
/// </summary>
public sealed class LoanOutcomeTableStore(TableServiceClient tables, StorageNames names) : ILoanOutcomeStore
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.LoanOutcomes));

    public async Task<bool> SaveAsync(LoanOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var entity = new TableEntity(YearMonth.Of(outcome.On).ToString(), TableKeys.Checked($"{outcome.BankId}~{outcome.Id}"))
        {
            ["Uscc"] = outcome.Uscc,
            ["Product"] = outcome.Product,
            ["AmountFen"] = (long)(outcome.Amount * 100),
            ["Status"] = outcome.Status,
            ["On"] = outcome.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["LoanRef"] = outcome.LoanRef,
            ["County"] = outcome.County,
            ["ReportedAt"] = outcome.ReportedAt,
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            return false;
        }
    }

    public async Task<IReadOnlyList<LoanOutcome>> ListMonthAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var all = new List<LoanOutcome>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {month.ToString()}"), cancellationToken: cancellationToken))
        {
            var separator = e.RowKey.IndexOf('~', StringComparison.Ordinal);
            all.Add(new LoanOutcome(
                e.RowKey[(separator + 1)..],
                e.RowKey[..separator],
                e.GetString("Uscc"),
                e.GetString("Product"),
                (e.GetInt64("AmountFen") ?? 0) / 100m,
                e.GetString("Status"),
                DateOnly.ParseExact(e.GetString("On"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                e.GetString("LoanRef"),
                e.GetString("County"),
                e.GetDateTimeOffset("ReportedAt") ?? default));
        }

        return all;
    }
}
