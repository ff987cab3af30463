using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Identity;
using CreditSharing.Core.Providers;
using CreditSharing.Storage.Identity;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Providers;

public sealed class ProviderTableStore(TableServiceClient tables, StorageNames names) : IProviderStore
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Providers));

    private readonly IdentityIndexTable index = new(tables.GetTableClient(names.Table(TableNames.Providers)));

    public IIdentityIndex Index => index;

    public async Task<StoredProvider?> GetAsync(string providerId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<ProviderEntity>(TableKeys.Checked(providerId), ProviderEntity.CurrentRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? ToStored(response.Value!) : null;
    }

    public async Task<bool> TrySaveAsync(StoredProvider provider, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var current = ToEntity(provider, ProviderEntity.CurrentRowKey);
        var history = ToEntity(provider, ProviderEntity.HistoryRowKey(provider.Revision));
        TableTransactionAction write = expectedVersion is null
            ? new(TableTransactionActionType.Add, current)
            : new(TableTransactionActionType.UpdateReplace, current, new ETag(expectedVersion));
        try
        {
            await table.SubmitTransactionAsync([write, new TableTransactionAction(TableTransactionActionType.Add, history)], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another change came first: nothing of this one was written.
            return false;
        }
    }

    public async Task<IReadOnlyList<ProviderChange>> HistoryAsync(string providerId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Checked(providerId)} and RowKey ge {ProviderEntity.HistoryPrefix} and RowKey lt {ProviderEntity.HistoryPrefix + "~"}");
        var changes = new List<ProviderChange>();
        await foreach (var e in table.QueryAsync<ProviderEntity>(filter, cancellationToken: cancellationToken))
        {
            var r = ToStored(e).Rights;
            changes.Add(new ProviderChange(e.Revision, e.UpdatedAt, e.UpdatedBy, r.Name, r.AuthorityUscc, r.Categories, r.ListTypes, r.Profiles, r.ClientAppIds, r.UserObjectIds));
        }

        return changes;
    }

    public async IAsyncEnumerable<StoredProvider> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {ProviderEntity.CurrentRowKey}");
        await foreach (var e in table.QueryAsync<ProviderEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ToStored(e);
        }
    }

    private static ProviderEntity ToEntity(StoredProvider p, string rowKey) => new()
    {
        PartitionKey = TableKeys.Checked(p.ProviderId),
        RowKey = rowKey,
        Name = p.Rights.Name,
        AuthorityUscc = p.Rights.AuthorityUscc,
        Categories = string.Join(',', p.Rights.Categories),
        ListTypes = string.Join(',', p.Rights.ListTypes),
        Profiles = p.Rights.Profiles,
        ClientAppIds = string.Join(',', p.Rights.ClientAppIds ?? []),
        UserObjectIds = string.Join(',', p.Rights.UserObjectIds ?? []),
        Revision = p.Revision,
        UpdatedAt = p.UpdatedAt,
        UpdatedBy = p.UpdatedBy,
    };

    private static StoredProvider ToStored(ProviderEntity e) => new(
        e.PartitionKey,
        new ProviderRights(e.Name, e.AuthorityUscc, Split(e.Categories), Split(e.ListTypes), e.Profiles, Split(e.ClientAppIds), Split(e.UserObjectIds)),
        e.Revision,
        e.UpdatedAt,
        e.UpdatedBy,
        e.ETag.ToString());

    private static string[] Split(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(',');
}
