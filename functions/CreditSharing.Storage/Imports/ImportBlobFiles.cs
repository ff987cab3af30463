using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CreditSharing.Core.Imports;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Imports;

/// <summary>Container <c>imports</c>, blob = import id. Uploads stream through in blocks; the file is never held in memory.</summary>
public sealed class ImportBlobFiles(BlobServiceClient blobs, StorageNames names) : IImportFiles
{
    public async Task<long?> UploadAsync(string importId, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken)
    {
        var blob = Blob(importId);
        var limited = new LimitedReadStream(content, maxBytes);
        try
        {
            await blob.UploadAsync(
                limited,
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    TransferOptions = new Azure.Storage.StorageTransferOptions { MaximumConcurrency = 2, InitialTransferSize = 4 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024 },
                },
                cancellationToken);
            return limited.BytesRead;
        }
        catch (LimitedReadStream.LimitExceededException)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            return null;
        }
    }

    /// <summary>
    /// The file of an import as a stream: a direct body's blob in <c>imports</c>, else (an import started from a
    /// SAS upload, whose id is the upload id) the uploaded blob in <c>uploads</c>.
    /// </summary>
    public async Task<Stream> OpenReadAsync(string importId, CancellationToken cancellationToken)
    {
        var options = new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1024 * 1024 };
        try
        {
            return await Blob(importId).OpenReadAsync(options, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return await blobs.GetBlobContainerClient(names.Container(ContainerNames.Uploads)).GetBlobClient(importId).OpenReadAsync(options, cancellationToken);
        }
    }

    private BlobClient Blob(string importId)
        => blobs.GetBlobContainerClient(names.Container(ContainerNames.Imports)).GetBlobClient(importId);
}
