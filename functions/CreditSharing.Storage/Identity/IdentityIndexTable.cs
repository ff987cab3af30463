using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Identity;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Identity;

/// <summary>
/// A registry's identity index, kept in the registry's own table (<c>Providers</c> or <c>Banks</c>):
/// PartitionKey <c>app~{clientAppId}</c> or <c>oid~{objectId}</c> (lower-case), RowKey <c>index</c>;
/// properties <c>Holder</c> (the provider or bank id) and <c>Confirmed</c>. Entry rows use RowKeys
/// <c>current</c> and <c>h~…</c>, so an index row never collides with an entry even in a partition of the same name.
/// </summary>
public sealed class IdentityIndexTable(TableClient table) : IIdentityIndex
{
    public const string RowKey = "index";

    public static string PartitionKeyOf(IdentityKey key)
        => TableKeys.Checked((key.Kind == IdentityKind.ClientApp ? "app~" : "oid~") + key.Id);

    public async Task<IndexClaim?> GetAsync(IdentityKey key, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKeyOf(key), RowKey, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        return new IndexClaim(row.GetString("Holder") ?? string.Empty, row.GetBoolean("Confirmed") ?? false, row.ETag.ToString());
    }

    public async Task<string?> TryClaimAsync(IdentityKey key, string holder, string? replacing, CancellationToken cancellationToken)
    {
        var row = Row(key, holder, confirmed: false);
        try
        {
            var response = replacing is null
                ? await table.AddEntityAsync(row, cancellationToken)
                : await table.UpdateEntityAsync(row, new ETag(replacing), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return null;
        }
    }

    public async Task<bool> TryConfirmAsync(IdentityKey key, string holder, string version, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(Row(key, holder, confirmed: true), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<bool> TryReleaseAsync(IdentityKey key, string version, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(PartitionKeyOf(key), RowKey, new ETag(version), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404)
        {
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412)
        {
            return false;
        }
    }

    private static TableEntity Row(IdentityKey key, string holder, bool confirmed)
        => new(PartitionKeyOf(key), RowKey) { ["Holder"] = holder, ["Confirmed"] = confirmed };
}
