using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CreditSharing.Core.Records;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Records;

/// <summary>
/// Container <c>archive</c>: <c>records/{yyyy}/{MM}/{dd}/{provider}/{submissionId}.json</c>, written
/// once and never overwritten, so the original of every accepted submission can be produced.
/// </summary>
public sealed class BlobSubmissionArchive(BlobServiceClient blobs, StorageNames names, TimeProvider clock) : ISubmissionArchive
{
    public async Task ArchiveAsync(string providerId, string submissionId, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var name = $"records/{now:yyyy}/{now:MM}/{now:dd}/{Uri.EscapeDataString(providerId)}/{submissionId}.json";
        var blob = blobs.GetBlobContainerClient(names.Container(ContainerNames.Archive)).GetBlobClient(name);
        await blob.UploadAsync(
            BinaryData.FromBytes(body),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = new Dictionary<string, string>
                {
                    ["provider"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(providerId)),
                    ["receivedat"] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                },
                Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
            },
            cancellationToken);
    }
}
