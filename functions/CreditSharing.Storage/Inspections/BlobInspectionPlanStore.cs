using System.Text.Json;
using System.Text.Json.Nodes;
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
/// A blob written before issue 20 holds <c>population</c> as counts by grade and no <c>drawRule</c>:
/// it is read as <c>populationByGrade</c>, <c>population</c> null and <c>drawRule</c> <c>"ceil"</c>.
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
            return Read(content.Value.Content);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Reads a stored plan, of either layout (see the class summary).</summary>
    public static InspectionPlan? Read(BinaryData content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (JsonNode.Parse(content.ToMemory().Span) is not JsonObject plan)
        {
            return null;
        }

        if (plan["population"] is JsonObject countsByGrade)
        {
            plan.Remove("population");
            plan["populationByGrade"] = countsByGrade;
            plan["population"] = null;
            plan["drawRule"] ??= InspectionDraw.LegacyRule;
        }

        return plan.Deserialize<InspectionPlan>(WireJson.Options);
    }

    private BlobClient Blob(string planId)
        => blobs.GetBlobContainerClient(names.Container(ContainerNames.Published)).GetBlobClient($"inspection-plans/{planId}.json");
}
