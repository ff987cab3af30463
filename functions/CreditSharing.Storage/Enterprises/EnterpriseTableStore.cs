using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Protection;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Enterprises;

/// <summary>
/// The legal representative's ID number is stored encrypted (<see cref="EnvelopeProtector"/>, bound
/// to the row's USCC); a row stored in clear before reads as it is and is encrypted on its next
/// write, or by <see cref="ReprotectAsync"/>.
/// </summary>
public sealed class EnterpriseTableStore(TableServiceClient tables, StorageNames names, EnvelopeProtector protector, IdentityHasher hasher) : IEnterpriseStore, IReprotectable
{
    /// <summary>Concurrent writers of one profile retry on a lost ETag race this many times.</summary>
    private const int MaxAttempts = 5;

    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Enterprises));

    public async Task<StoredEnterprise?> GetAsync(string uscc, CancellationToken cancellationToken)
    {
        var entity = await FindAsync(uscc, cancellationToken);
        return entity is null ? null : await ToStoredAsync(entity, cancellationToken);
    }

    public string Name => TableNames.Enterprises;

    public async Task<int> ReprotectAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {EnterpriseEntity.ProfileRowKey}");
        var rewritten = 0;
        await foreach (var entity in table.QueryAsync<EnterpriseEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            if (await ReprotectRowAsync(entity, cancellationToken))
            {
                rewritten++;
            }
        }

        return rewritten;
    }

    public async Task<SaveOutcome> SaveAsync(EnterpriseProfile profile, string updatedBy, DateTimeOffset submittedAt, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var hash = ContentHash(profile);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await FindAsync(profile.Uscc, cancellationToken);
            if (existing is not null && (existing.ContentHash == hash || (!EnvelopeProtector.IsProtected(existing.RepresentativeIdNumber) && existing.ContentHash == ClearContentHash(profile))))
            {
                // The same content: only a number stored in clear (or under an earlier key) is written again.
                await ReprotectRowAsync(existing, cancellationToken);
                return SaveOutcome.Unchanged;
            }

            if (existing is not null && submittedAt < (existing.SubmittedAt ?? existing.UpdatedAt))
            {
                // A late delivery of an older submission: the newer profile stays.
                return SaveOutcome.Stale;
            }

            var entity = ToEntity(profile, updatedBy, updatedAt, hash);
            if (profile.LegalRepresentative is { } representative)
            {
                entity.RepresentativeIdNumber = await protector.ProtectAsync(representative.IdNumber, Context(profile.Uscc), cancellationToken);
            }

            entity.SubmittedAt = submittedAt;
            entity.FormerNames = FormerNamesJson(existing, profile.Name);
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
        Industry = p.Industry,
        IndustryCode = p.IndustryCode,
        County = p.County,
        RegisteredOn = p.RegisteredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        UpdatedAt = updatedAt,
        UpdatedBy = updatedBy,
        ContentHash = hash,
    };

    /// <summary>The associated data of a row's envelope: a number copied to another enterprise's row does not open there.</summary>
    private static string Context(string uscc) => $"{TableNames.Enterprises}/{uscc}/representative";

    /// <summary>Rewrites the row's ID number when it is in clear or under an earlier key; a concurrent writer wins (it encrypts too).</summary>
    private async Task<bool> ReprotectRowAsync(EnterpriseEntity entity, CancellationToken cancellationToken)
    {
        if (!await protector.NeedsReprotectionAsync(entity.RepresentativeIdNumber, cancellationToken))
        {
            return false;
        }

        var context = Context(entity.PartitionKey);
        var idNumber = await protector.UnprotectAsync(entity.RepresentativeIdNumber!, context, cancellationToken);
        var patch = new TableEntity(entity.PartitionKey, entity.RowKey)
        {
            [nameof(EnterpriseEntity.RepresentativeIdNumber)] = await protector.ProtectAsync(idNumber, context, cancellationToken),
        };
        if (!EnvelopeProtector.IsProtected(entity.RepresentativeIdNumber))
        {
            // A row from before encryption: its content hash was over the clear number, brute-forceable.
            patch[nameof(EnterpriseEntity.ContentHash)] = ContentHash((await ToStoredAsync(entity, cancellationToken)).Profile);
        }

        try
        {
            await table.UpdateEntityAsync(patch, entity.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    private async Task<StoredEnterprise> ToStoredAsync(EnterpriseEntity e, CancellationToken cancellationToken) => new(
        new EnterpriseProfile(
            e.PartitionKey,
            e.Name,
            e.RepresentativeName is not null && e.RepresentativeIdNumber is not null
                ? new LegalRepresentative(e.RepresentativeName, await protector.UnprotectAsync(e.RepresentativeIdNumber, Context(e.PartitionKey), cancellationToken))
                : null,
            e.Industry,
            e.County,
            e.RegisteredOn is null ? null : DateOnly.ParseExact(e.RegisteredOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.IndustryCode),
        e.UpdatedAt,
        e.UpdatedBy,
        e.SubmittedAt,
        ReadFormerNames(e.FormerNames));

    /// <summary>At most this many former names are kept (the oldest drop off).</summary>
    public const int MaxFormerNames = 20;

    /// <summary>A rename puts the stored name first among the former names; a name taken back leaves them.</summary>
    private static string? FormerNamesJson(EnterpriseEntity? existing, string newName)
    {
        var former = ReadFormerNames(existing?.FormerNames).ToList();
        if (existing is not null && !string.Equals(existing.Name, newName, StringComparison.Ordinal))
        {
            former.Remove(existing.Name);
            former.Insert(0, existing.Name);
        }

        former.Remove(newName);
        return former.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(former.Take(MaxFormerNames).ToList());
    }

    private static IReadOnlyList<string> ReadFormerNames(string? json)
        => string.IsNullOrEmpty(json) ? [] : System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [];

    /// <summary>
    /// SHA-256 of the canonical JSON with the ID number replaced by its HMAC: a plain hash over
    /// the number would let anyone holding the row brute-force it from the other, readable fields.
    /// </summary>
    private string ContentHash(EnterpriseProfile profile)
        => CanonicalJson.Sha256(profile.LegalRepresentative is { } rep ? profile with { LegalRepresentative = rep with { IdNumber = hasher.Hash(rep.IdNumber) } } : profile);

    /// <summary>The hash rows stored before encryption carry (over the clear number); the row's next write replaces it.</summary>
    private static string ClearContentHash(EnterpriseProfile profile) => CanonicalJson.Sha256(profile);
}
