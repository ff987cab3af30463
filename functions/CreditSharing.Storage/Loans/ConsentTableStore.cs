using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Loans;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Loans;

/// <summary>
/// Table <c>Authorizations</c>: PartitionKey = USCC, RowKey = bank id. A bank's check is one point
/// read; an enterprise's consents are one partition. A revoked consent keeps its row (RevokedAt).
/// </summary>
public sealed class ConsentTableStore(TableServiceClient tables, StorageNames names) : IConsentStore
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Authorizations));

    public Task SaveAsync(Consent consent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return table.UpsertEntityAsync(
            new TableEntity(TableKeys.Checked(consent.Uscc), TableKeys.Checked(consent.BankId))
            {
                ["Purpose"] = consent.Purpose,
                ["ExpiresOn"] = consent.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["GrantedAt"] = consent.GrantedAt,
                ["GrantedBy"] = consent.GrantedBy,
                ["RevokedAt"] = consent.RevokedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task<Consent?> GetAsync(string uscc, string bankId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Checked(uscc), TableKeys.Checked(bankId), cancellationToken: cancellationToken);
        return response.HasValue ? ToConsent(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Consent>> ListAsync(string uscc, CancellationToken cancellationToken)
    {
        var all = new List<Consent>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(uscc)}"), cancellationToken: cancellationToken))
        {
            all.Add(ToConsent(e));
        }

        return all;
    }

    private static Consent ToConsent(TableEntity e) => new(
        e.PartitionKey,
        e.RowKey,
        e.GetString("Purpose"),
        DateOnly.ParseExact(e.GetString("ExpiresOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        e.GetDateTimeOffset("GrantedAt") ?? default,
        e.GetString("GrantedBy"),
        e.GetDateTimeOffset("RevokedAt"));
}
