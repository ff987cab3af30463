using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CreditSharing.Core.Objections;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Objections;

/// <summary>
/// Container <c>evidence</c>, blob = evidence id: the file as uploaded, its content type, and
/// metadata <c>sha256</c> and <c>uploadedby</c> (percent-escaped: metadata is ASCII). Never overwritten.
/// </summary>
public sealed class EvidenceBlobFiles(BlobServiceClient blobs, StorageNames names) : IEvidenceFiles
{
    public async Task SaveAsync(EvidenceReceipt receipt, ReadOnlyMemory<byte> content, string uploadedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        await Blob(receipt.EvidenceId).UploadAsync(
            BinaryData.FromBytes(content),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = receipt.ContentType },
                Metadata = new Dictionary<string, string> { ["sha256"] = receipt.Sha256, ["uploadedby"] = Uri.EscapeDataString(uploadedBy) },
                Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
            },
            cancellationToken);
    }

    public async Task<bool> ExistsAsync(string evidenceId, CancellationToken cancellationToken)
        => (await Blob(evidenceId).ExistsAsync(cancellationToken)).Value;

    private BlobClient Blob(string evidenceId)
        => blobs.GetBlobContainerClient(names.Container(ContainerNames.Evidence)).GetBlobClient(evidenceId);
}
