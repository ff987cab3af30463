using System.ComponentModel;
using CreditSharing.Core.Inspections;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Inspections;

public sealed class InspectionFunctions(InspectionService inspections, ILogger<InspectionFunctions> logger)
{
    [Function(nameof(CreateInspectionPlan))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Draws a 双随机 inspection plan for a population (county and/or industry) by grade (floor(ratio × n), one more when u < the fraction; lowest SHA-256 keys); the plan keeps the population with each grade, so anyone can recompute the draw.")]
    [ApiBody(typeof(PlanRequest))]
    [ApiResponse(StatusCodes.Status201Created, typeof(InspectionPlan))]
    public async Task<IActionResult> CreateInspectionPlan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.InspectionPlans)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = request.ContentLength is 0 ? new BodyResult<PlanRequest>(null, null) : await JsonBody.ReadAsync<PlanRequest>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        var (plan, errors) = await inspections.CreateAsync(body.Value, caller.Id, cancellationToken);
        if (plan is null)
        {
            return Problems.Validation(errors);
        }

        logger.LogInformation("Inspection plan {PlanId} drew {Selected} enterprises for {Caller}", plan.PlanId, plan.Selected.Count, caller.Id);
        return new CreatedResult($"/{Routes.InspectionPlans}/{plan.PlanId}", plan);
    }

    [Function(nameof(GetInspectionPlan))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("A stored inspection plan, as drawn: seed, ratios, drawRule, population (each USCC with its grade; null for plans drawn before it was kept), selection.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(InspectionPlan))]
    public async Task<IActionResult> GetInspectionPlan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.InspectionPlan)] HttpRequest request,
        string planId,
        CancellationToken cancellationToken)
        => Answers.From(await inspections.GetAsync(planId, cancellationToken));

    [Function(nameof(GetPublicInspectionPlan))]
    [AllowAnonymous]
    [Description("The published plan (一公开): seed, ratios, drawRule, the population with each grade at draw time and the enterprises drawn: enough to redo the draw (docs/grading.md).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(PublicInspectionPlan))]
    public async Task<IActionResult> GetPublicInspectionPlan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PublicInspectionPlan)] HttpRequest request,
        string planId,
        CancellationToken cancellationToken)
        => Answers.From(await inspections.GetPublicAsync(planId, cancellationToken));
}
