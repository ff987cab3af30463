using System.ComponentModel;
using CreditSharing.Core.RepairApplications;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.RepairApplications;

/// <summary>信用修复申请: repair applications of enterprises and their decisions (docs/repairs.md).</summary>
public sealed class RepairApplicationFunctions(RepairApplicationService repairs, ILogger<RepairApplicationFunctions> logger)
{
    [Function(nameof(SubmitRepairApplication))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.Regulator}")]
    [Description("A repair application (信用修复申请) for one of an enterprise's records or list entries, by the enterprise itself or a Regulator on its behalf, with commitment {text, signedOn}, obligationsFulfilled and evidence ids (422 naming what is missing) → 201 {repairId, status: submitted, dueOn}; 409 for a second open application of the target or before its repairEligibleFrom.")]
    [ApiBody(typeof(RepairApplicationInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(RepairApplicationReceipt))]
    public async Task<IActionResult> SubmitRepairApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RepairApplications)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RepairApplicationInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var actor = Actor(request);
        return Answers.From(await repairs.SubmitAsync(body.Value, actor, cancellationToken), receipt =>
        {
            logger.LogInformation("Repair application {RepairId} submitted by {Caller}, due {DueOn}", receipt.RepairId, actor.Id, receipt.DueOn);
            return new CreatedResult($"/{Routes.RepairApplications}/{receipt.RepairId}", receipt);
        });
    }

    [Function(nameof(ListRepairApplications))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("An enterprise's repair applications (uscc query parameter), newest first: for the enterprise itself and Regulators all of them, for a provider those about its own records and entries.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<RepairApplicationView>))]
    [ApiQuery("uscc", typeof(string), Pattern = ApiPatterns.Uscc)]
    public async Task<IActionResult> ListRepairApplications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RepairApplications)] HttpRequest request,
        CancellationToken cancellationToken)
        => Answers.From(await repairs.ListAsync(request.Query["uscc"].FirstOrDefault(), Actor(request), cancellationToken));

    [Function(nameof(GetRepairApplication))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("One repair application with its status and history (submitted, granted or refused), for its enterprise, the provider of its target and Regulators (403 for others).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(RepairApplicationView))]
    public async Task<IActionResult> GetRepairApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RepairApplication)] HttpRequest request,
        string repairId,
        CancellationToken cancellationToken)
        => Answers.From(await repairs.GetAsync(repairId, Actor(request), cancellationToken));

    [Function(nameof(DecideRepairApplication))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("Decides a repair application {outcome: granted|refused, note}, by the target's provider or a Regulator (403 otherwise): granted runs the direct repair with the application's commitment and evidence, refused needs a note; 409 on a decided application.")]
    [ApiBody(typeof(RepairApplicationDecisionInput))]
    [ApiResponse(StatusCodes.Status200OK, typeof(RepairApplicationView))]
    public async Task<IActionResult> DecideRepairApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RepairApplicationDecision)] HttpRequest request,
        string repairId,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RepairApplicationDecisionInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var actor = Actor(request);
        return Answers.From(await repairs.DecideAsync(repairId, body.Value, actor, cancellationToken), view =>
        {
            logger.LogInformation("Repair application {RepairId} decided {Outcome} by {Caller}", view.RepairId, view.Status, actor.Id);
            return new OkObjectResult(view);
        });
    }

    private static RepairActor Actor(HttpRequest request)
    {
        var caller = Caller.Of(request.HttpContext);
        return new RepairActor(caller.Id, caller.IsIn(AppRoles.Regulator), caller.IsIn(AppRoles.DataProvider), caller.IsIn(AppRoles.Enterprise) ? caller.Usccs : []);
    }
}
