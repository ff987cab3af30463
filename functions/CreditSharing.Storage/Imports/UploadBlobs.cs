using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using CreditSharing.Core.Imports;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Imports;

/// <summary>
/// Container <c>uploads</c>, blob = upload id. The SAS grants create and write on that one blob, nothing
/// else (no read, list or delete). Which kind depends on the configured credential (docs/configuration.md):
/// with a shared key (a connection string: Azurite, the DevHost) a service SAS signed with the key; with a
/// token credential (managed identity in Azure, where shared keys are disabled) a user-delegation SAS, signed
/// with a key from <see cref="BlobServiceClient.GetUserDelegationKeyAsync"/> (needs
/// <c>generateUserDelegationKey</c>, which Storage Blob Data Owner includes).
/// </summary>
public sealed class UploadBlobs(BlobServiceClient blobs, StorageNames names) : IUploadBlobs
{
    public async Task<Uri> CreateWriteUrlAsync(string blobName, DateTimeOffset startsAt, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var blob = Container().GetBlobClient(blobName);
        var sas = new BlobSasBuilder
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            // No start: valid from issue (a start in the SAS would be checked against the storage service's clock).
            ExpiresOn = expiresAt,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        sas.SetPermissions(BlobSasPermissions.Create | BlobSasPermissions.Write);
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        // The key lives as long as the SAS, no longer (at most 7 days by the service's rule).
        var key = await blobs.GetUserDelegationKeyAsync(startsAt, expiresAt, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, blobs.AccountName) }.ToUri();
    }

    public async Task<long?> CommittedLengthAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await Container().GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.ContentLength;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private BlobContainerClient Container() => blobs.GetBlobContainerClient(names.Container(ContainerNames.Uploads));
}
