using Azure;
using Azure.Data.Tables;
using CreditSharing.Core.Imports;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Imports;

/// <summary>Table <c>Uploads</c>: PartitionKey = upload id, RowKey <c>upload</c>; one row per SAS upload.</summary>
public sealed class UploadEntity : ITableEntity
{
    public const string UploadRowKey = "upload";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = UploadRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ProviderId { get; set; } = string.Empty;

    /// <summary>The blob in container <c>uploads</c> the SAS grants.</summary>
    public string BlobName { get; set; } = string.Empty;

    public string FileName { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    /// <summary>The declared length in bytes; the committed blob must have it.</summary>
    public long Length { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the import was started; absent until then.</summary>
    public DateTimeOffset? StartedAt { get; set; }
}

public sealed class UploadTableStore(TableServiceClient tables, StorageNames names) : IUploadStore
{
    private readonly TableClient table = tables.GetTableClient(names.Table(TableNames.Uploads));

    public Task CreateAsync(UploadState state, CancellationToken cancellationToken)
        => table.AddEntityAsync(ToEntity(state), cancellationToken);

    public async Task<UploadState?> GetAsync(string uploadId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<UploadEntity>(TableKeys.Checked(uploadId), UploadEntity.UploadRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? ToState(response.Value!) : null;
    }

    public async Task<bool> TryMarkStartedAsync(UploadState state, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            await table.UpdateEntityAsync(ToEntity(state with { StartedAt = startedAt }), new ETag(state.Version!), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private static UploadEntity ToEntity(UploadState s) => new()
    {
        PartitionKey = TableKeys.Checked(s.UploadId),
        RowKey = UploadEntity.UploadRowKey,
        ProviderId = s.ProviderId,
        BlobName = s.BlobName,
        FileName = s.FileName,
        ContentType = s.ContentType,
        Length = s.Length,
        CreatedAt = s.CreatedAt,
        ExpiresAt = s.ExpiresAt,
        StartedAt = s.StartedAt,
    };

    private static UploadState ToState(UploadEntity e)
        => new(e.PartitionKey, e.ProviderId, e.BlobName, e.FileName, e.ContentType, e.Length, e.CreatedAt, e.ExpiresAt, e.StartedAt, e.ETag.ToString());
}
