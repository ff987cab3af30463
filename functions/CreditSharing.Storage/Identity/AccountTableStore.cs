using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Identity;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Identity;

/// <summary>
/// Table <c>Accounts</c>. Per account: PartitionKey <c>oid~{objectId}</c> (lower-case), RowKey <c>enterprises</c>,
/// property <c>Usccs</c> (comma-separated): the one point read that resolves an Enterprise token. Per enterprise:
/// PartitionKey <c>uscc~{USCC}</c>, RowKey = object id, properties <c>BoundAt</c>, <c>BoundBy</c>: what
/// <c>GET /api/enterprises/{uscc}/accounts</c> lists (each checked against the account's row).
/// </summary>
public sealed class AccountTableStore(TableServiceClient tables, StorageNames names) : IAccountStore
{
    public const string AccountRowKey = "enterprises";

    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Accounts));

    public static string AccountPartition(string oid) => TableKeys.Checked("oid~" + oid);

    public static string EnterprisePartition(string uscc) => TableKeys.Checked("uscc~" + uscc);

    public async Task<StoredAccount?> GetAsync(string oid, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(AccountPartition(oid), AccountRowKey, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        var joined = row.GetString("Usccs");
        return new StoredAccount(oid, string.IsNullOrEmpty(joined) ? [] : joined.Split(','), row.ETag.ToString());
    }

    public async Task<bool> TrySaveAsync(string oid, IReadOnlyList<string> usccs, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usccs);
        try
        {
            if (usccs.Count == 0)
            {
                await table.DeleteEntityAsync(AccountPartition(oid), AccountRowKey, expectedVersion is null ? ETag.All : new ETag(expectedVersion), cancellationToken);
                return true;
            }

            var row = new TableEntity(AccountPartition(oid), AccountRowKey) { ["Usccs"] = string.Join(',', usccs) };
            if (expectedVersion is null)
            {
                await table.AddEntityAsync(row, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(row, new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    public async Task PutMemberAsync(AccountView member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var row = new TableEntity(EnterprisePartition(member.Uscc), TableKeys.Checked(member.Oid)) { ["BoundAt"] = member.BoundAt, ["BoundBy"] = member.BoundBy };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task RemoveMemberAsync(string uscc, string oid, CancellationToken cancellationToken)
        => await table.DeleteEntityAsync(EnterprisePartition(uscc), TableKeys.Checked(oid), ETag.All, cancellationToken);

    public async Task<IReadOnlyList<AccountView>> MembersAsync(string uscc, CancellationToken cancellationToken)
    {
        var members = new List<AccountView>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {EnterprisePartition(uscc)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            members.Add(new AccountView(uscc, row.RowKey, row.GetDateTimeOffset("BoundAt") ?? DateTimeOffset.MinValue, row.GetString("BoundBy") ?? string.Empty));
        }

        return members;
    }
}
