using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Enterprises;

public sealed class EnterpriseTableStore(TableServiceClient tables, StorageNames names) : IEnterpriseStore
{
    /// <summary>Concurrent writers of one profile retry on a lost ETag race this many times.</summary>
    private const int MaxAttempts = 5;

    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Enterprises));

    public async Task<StoredEnterprise?> GetAsync(string uscc, CancellationToken cancellationToken)
    {
        var entity = await FindAsync(uscc, cancellationToken);
        return entity is null ? null : ToStored(entity);
    }

    public async Task<SaveOutcome> SaveAsync(EnterpriseProfile profile, string updatedBy, DateTimeOffset submittedAt, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var hash = ContentHash(profile);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await FindAsync(profile.Uscc, cancellationToken);
            if (existing is not null && existing.ContentHash == hash)
            {
                return SaveOutcome.Unchanged;
            }

            if (existing is not null && submittedAt < (existing.SubmittedAt ?? existing.UpdatedAt))
            {
                // A late delivery of an older submission: the newer profile stays.
                return SaveOutcome.Stale;
            }

            var entity = ToEntity(profile, updatedBy, updatedAt, hash);
            entity.SubmittedAt = submittedAt;
            try
            {
                if (existing is null)
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                    return SaveOutcome.Created;
                }

                await table.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                return SaveOutcome.Updated;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another writer got there first: read again and decide again.
            }
        }
    }

    public async IAsyncEnumerable<string> ListUsccsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {EnterpriseEntity.ProfileRowKey}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            yield return entity.PartitionKey;
        }
    }

    private async Task<EnterpriseEntity?> FindAsync(string uscc, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<EnterpriseEntity>(
            TableKeys.Checked(uscc), EnterpriseEntity.ProfileRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static EnterpriseEntity ToEntity(EnterpriseProfile p, string updatedBy, DateTimeOffset updatedAt, string hash) => new()
    {
        PartitionKey = TableKeys.Checked(p.Uscc),
        RowKey = EnterpriseEntity.ProfileRowKey,
        Name = p.Name,
        RepresentativeName = p.LegalRepresentative?.Name,
        RepresentativeIdNumber = p.LegalRepresentative?.IdNumber,
        Industry = p.Industry,
        IndustryCode = p.IndustryCode,
        County = p.County,
        RegisteredOn = p.RegisteredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        UpdatedAt = updatedAt,
        UpdatedBy = updatedBy,
        ContentHash = hash,
    };

    private static StoredEnterprise ToStored(EnterpriseEntity e) => new(
        new EnterpriseProfile(
            e.PartitionKey,
            e.Name,
            e.RepresentativeName is not null && e.RepresentativeIdNumber is not null
                ? new LegalRepresentative(e.RepresentativeName, e.RepresentativeIdNumber)
                : null,
            e.Industry,
            e.County,
            e.RegisteredOn is null ? null : DateOnly.ParseExact(e.RegisteredOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.IndustryCode),
        e.UpdatedAt,
        e.UpdatedBy,
        e.SubmittedAt);

    private static string ContentHash(EnterpriseProfile profile) => CanonicalJson.Sha256(profile);
}
