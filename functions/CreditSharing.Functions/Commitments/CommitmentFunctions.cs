using System.ComponentModel;
using CreditSharing.Core.Commitments;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Commitments;

/// <summary>信用承诺: commitments filed by an enterprise (or a Regulator on its behalf) and read back with their derived status (docs/commitments.md).</summary>
public sealed class CommitmentFunctions(CommitmentService commitments, ILogger<CommitmentFunctions> logger)
{
    [Function(nameof(FileCommitment))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.Regulator}")]
    [Description("A 信用承诺 {uscc, kind: 告知承诺|主动承诺|行业承诺, text, dueOn?, licenceRecordId? (required for 告知承诺), public?} by the enterprise itself or a Regulator on its behalf → 201 the commitment with status active.")]
    [ApiBody(typeof(CommitmentInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(CommitmentView))]
    public async Task<IActionResult> FileCommitment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Commitments)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CommitmentInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var actor = Actor(request);
        return Answers.From(await commitments.FileAsync(body.Value, actor, cancellationToken), view =>
        {
            logger.LogInformation("Commitment {CommitmentId} ({Kind}) filed by {Caller}", view.CommitmentId, view.Kind, actor.Id);
            return new CreatedResult($"/{Routes.Commitments}/{view.CommitmentId}", view);
        });
    }

    [Function(nameof(ListCommitments))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.Regulator}")]
    [Description("An enterprise's commitments (?uscc=), newest first, with status active|breached|fulfilled and breachedBy: for the enterprise itself and Regulators.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<CommitmentView>))]
    [ApiQuery("uscc", typeof(string), Pattern = ApiPatterns.Uscc)]
    public async Task<IActionResult> ListCommitments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Commitments)] HttpRequest request,
        CancellationToken cancellationToken)
        => Answers.From(await commitments.ListAsync(request.Query["uscc"].FirstOrDefault(), Actor(request), cancellationToken));

    [Function(nameof(GetCommitment))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.Regulator}")]
    [Description("One commitment, for its enterprise and Regulators (403 for others).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(CommitmentView))]
    public async Task<IActionResult> GetCommitment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Commitment)] HttpRequest request,
        string commitmentId,
        CancellationToken cancellationToken)
        => Answers.From(await commitments.GetAsync(commitmentId, Actor(request), cancellationToken));

    private static CommitmentActor Actor(HttpRequest request)
    {
        var caller = Caller.Of(request.HttpContext);
        return new CommitmentActor(caller.Id, caller.IsIn(AppRoles.Regulator), caller.IsIn(AppRoles.Enterprise) ? caller.Usccs : null);
    }
}
