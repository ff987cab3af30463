using System.ComponentModel;
using CreditSharing.Core.Objections;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Objections;

/// <summary>异议处理: objections to records and list entries, their decisions, and evidence files (docs/objections.md).</summary>
public sealed class ObjectionFunctions(ObjectionService objections, ILogger<ObjectionFunctions> logger)
{
    [Function(nameof(FileObjection))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.Regulator}")]
    [Description("An objection (异议) to one of an enterprise's records or list entries, by the enterprise itself or a Regulator on its behalf → 201 {objectionId, status, dueOn}; 409 naming the open objection of the same target.")]
    [ApiBody(typeof(ObjectionInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(ObjectionReceipt))]
    public async Task<IActionResult> FileObjection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Objections)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ObjectionInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var actor = Actor(request);
        return Answers.From(await objections.FileAsync(body.Value, actor, cancellationToken), receipt =>
        {
            logger.LogInformation("Objection {ObjectionId} filed by {Caller}, due {DueOn}", receipt.ObjectionId, actor.Id, receipt.DueOn);
            return new CreatedResult($"/{Routes.Objections}/{receipt.ObjectionId}", receipt);
        });
    }

    [Function(nameof(GetObjection))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("One objection, for its enterprise, the provider of its target and Regulators (403 for others).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ObjectionView))]
    public async Task<IActionResult> GetObjection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Objection)] HttpRequest request,
        string objectionId,
        CancellationToken cancellationToken)
        => Answers.From(await objections.GetAsync(objectionId, Actor(request), cancellationToken));

    [Function(nameof(ListObjections))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("Objections across enterprises, by status (open, overdue, decided), paged: a Regulator's of any provider (providerId filters), a provider's of its own targets only.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(Page<ObjectionView>))]
    [ApiQuery("status", typeof(string), Enum = [ObjectionStatuses.Open, ObjectionStatuses.Overdue, ObjectionStatuses.Decided])]
    [ApiQuery("providerId", typeof(string))]
    [ApiQuery("pageSize", typeof(int), Minimum = 1, Maximum = ContinuationToken.MaxPageSize)]
    [ApiQuery("continuationToken", typeof(string), Description = ApiPatterns.ContinuationTokenDescription)]
    public async Task<IActionResult> ListObjections(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Objections)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = new ObjectionQuery(
            request.Query["status"].FirstOrDefault(),
            request.Query["providerId"].FirstOrDefault(),
            request.Query["pageSize"].FirstOrDefault(),
            request.Query["continuationToken"].FirstOrDefault());
        return Answers.From(await objections.ListAsync(query, Actor(request), cancellationToken));
    }

    [Function(nameof(ListEnterpriseObjections))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.Regulator}")]
    [Description("One enterprise's objections, newest filed first, each with its status and decision: for the enterprise itself (its /me page) and Regulators; 403 for another enterprise.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<ObjectionView>))]
    public async Task<IActionResult> ListEnterpriseObjections(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EnterpriseObjections)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
        => Answers.From(await objections.ListOfEnterpriseAsync(uscc, Actor(request), cancellationToken));

    [Function(nameof(DecideObjection))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("Decides an objection {outcome: upheld|corrected|withdrawn, note}, by the target's provider or a Regulator; corrected needs a correction since filing, withdrawn withdraws the target (409 on a decided objection).")]
    [ApiBody(typeof(ObjectionDecisionInput))]
    [ApiResponse(StatusCodes.Status200OK, typeof(ObjectionView))]
    public async Task<IActionResult> DecideObjection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ObjectionDecision)] HttpRequest request,
        string objectionId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ObjectionDecisionInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var actor = Actor(request);
        return Answers.From(await objections.DecideAsync(objectionId, body.Value, actor, cancellationToken), view =>
        {
            logger.LogInformation("Objection {ObjectionId} decided {Outcome} by {Caller}", view.ObjectionId, view.Status, actor.Id);
            return new OkObjectResult(view);
        });
    }

    [Function(nameof(UploadEvidence))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.Regulator}")]
    [Description("An evidence file for an objection as the raw body: application/pdf, image/jpeg or image/png, at most 10 MiB → 201 {evidenceId, sha256, bytes, contentType}.")]
    [ApiResponse(StatusCodes.Status201Created, typeof(EvidenceReceipt))]
    public async Task<IActionResult> UploadEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Evidence)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (mediaType is null || !ObjectionService.EvidenceTypes.ContainsKey(mediaType))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", $"Send evidence as {string.Join(", ", ObjectionService.EvidenceTypes.Keys)}.");
        }

        if (request.ContentLength > ObjectionService.MaxEvidenceBytes)
        {
            return TooLarge();
        }

        var caller = Caller.Of(request.HttpContext);
        var result = await objections.UploadEvidenceAsync(mediaType, request.Body, caller.Id, cancellationToken);
        if (result is null)
        {
            return TooLarge();
        }

        return Answers.From(result, receipt =>
        {
            logger.LogInformation("Evidence {EvidenceId} ({ContentType}, {Bytes} bytes) uploaded by {Caller}", receipt.EvidenceId, receipt.ContentType, receipt.Bytes, caller.Id);
            return new CreatedResult($"/{Routes.Evidence}/{receipt.EvidenceId}", receipt);
        });
    }

    private static ObjectionActor Actor(HttpRequest request)
    {
        var caller = Caller.Of(request.HttpContext);
        // An account bound to several enterprises acts for each of them here: every objection names its enterprise.
        return new ObjectionActor(caller.Id, caller.IsIn(AppRoles.Regulator), caller.IsIn(AppRoles.DataProvider), caller.IsIn(AppRoles.Enterprise) ? caller.Uscc : null, caller.IsIn(AppRoles.Enterprise) ? caller.Usccs : null);
    }

    private static ObjectResult TooLarge()
        => Problems.Status(StatusCodes.Status413PayloadTooLarge, "The file is too large.", $"An evidence file holds at most {ObjectionService.MaxEvidenceBytes:N0} bytes.");
}
