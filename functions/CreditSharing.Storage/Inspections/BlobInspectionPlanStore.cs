using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CreditSharing.Core.Inspections;
using CreditSharing.Core.Shared;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Storage.Inspections;

/// <summary>
/// Container <c>published</c>, blob <c>inspection-plans/{id}.json</c>: a plan can select thousands
/// of enterprises, more than a table entity holds, and once drawn it never changes.
/// </summary>
public sealed class BlobInspectionPlanStore(BlobServiceClient blobs, StorageNames names) : IInspectionPlanStore
{
    public async Task SaveAsync(InspectionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await Blob(plan.PlanId).UploadAsync(
            BinaryData.FromObjectAsJson(plan, WireJson.Options),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" }, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
            cancellationToken);
    }

    public async Task<InspectionPlan?> GetAsync(string planId, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Blob(planId).DownloadContentAsync(cancellationToken);
            return JsonSerializer.Deserialize<InspectionPlan>(content.Value.Content.ToMemory().Span, WireJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private BlobClient Blob(string planId)
        => blobs.GetBlobContainerClient(names.Container(ContainerNames.Published)).GetBlobClient($"inspection-plans/{planId}.json");
}
