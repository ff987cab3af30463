using System.ComponentModel;
using CreditSharing.Core.Audit;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Audit;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using CreditSharing.Storage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Enterprises;

public sealed class EnterpriseFunctions(EnterpriseRegistry registry, AuditTrail audit, ILogger<EnterpriseFunctions> logger)
{
    /// <summary>1,000 profiles of a few hundred bytes each fit well within this.</summary>
    private const long MaxBatchBytes = 4L * 1024 * 1024;

    [Function(nameof(PutEnterprise))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("Creates (201) or updates (200) an enterprise profile.")]
    [ApiBody(typeof(EnterpriseInput))]
    [ApiResponse(StatusCodes.Status200OK, typeof(EnterpriseView))]
    [ApiResponse(StatusCodes.Status201Created, typeof(EnterpriseView))]
    public async Task<IActionResult> PutEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Enterprise)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<EnterpriseInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        return await registry.PutAsync(uscc, body.Value, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken) switch
        {
            PutEnterpriseResult.Saved { Created: true } saved => new CreatedResult($"/{Routes.Enterprises}/{saved.Enterprise.Uscc}", saved.Enterprise),
            PutEnterpriseResult.Saved saved => new OkObjectResult(saved.Enterprise),
            PutEnterpriseResult.Invalid invalid => Problems.Validation(invalid.Errors),
            PutEnterpriseResult.Forbidden forbidden => Problems.Forbidden(forbidden.Detail),
            PutEnterpriseResult.Superseded superseded => Problems.Status(StatusCodes.Status409Conflict, "The request conflicts with the current state.", $"A profile of {superseded.Stored.Uscc} submitted later is stored (updatedAt {superseded.Stored.UpdatedAt:O}); it stays.", null),
            _ => throw new InvalidOperationException("Unknown result."),
        };
    }

    [Function(nameof(GetEnterprise))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("An enterprise profile; the legal representative's ID number is masked. Audited (enterprises.read) with the optional reason query parameter (≤ 500 characters).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(EnterpriseView))]
    [ApiQuery("reason", typeof(string), Description = "Why a Regulator reads (recorded in the audit log).")]
    public async Task<IActionResult> GetEnterprise(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Enterprise)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
        => await audit.ReadAsync(
            AuditedReads.ByRegulator(request, AuditActions.EnterpriseRead, uscc),
            ct => registry.GetAsync(uscc, ct),
            result => result is not GetEnterpriseResult.Invalid,
            errors => new GetEnterpriseResult.Invalid(errors),
            cancellationToken) switch
        {
            GetEnterpriseResult.Found found => new OkObjectResult(found.Enterprise),
            GetEnterpriseResult.NotFound notFound => Problems.NotFound($"No enterprise {notFound.Uscc} is registered."),
            GetEnterpriseResult.Invalid invalid => Problems.Validation(invalid.Errors),
            _ => throw new InvalidOperationException("Unknown result."),
        };

    [Function(nameof(SubmitEnterprises))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("Up to 1,000 profiles; valid ones are queued and stored shortly, invalid ones reported by index (202); 422 with the same list when none is accepted.")]
    [ApiBody(typeof(EnterpriseInput[]))]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(BatchReceipt))]
    [ApiResponse(StatusCodes.Status422UnprocessableEntity, typeof(RefusedBatchProblem))]
    public async Task<IActionResult> SubmitEnterprises(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Enterprises)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var batch = await JsonBody.ReadBatchAsync<EnterpriseInput>(request, MaxBatchBytes, EnterpriseRegistry.MaxBatchSize, allowSingle: false, cancellationToken);
        if (batch.Problem is not null)
        {
            return batch.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        var result = await registry.SubmitAsync(batch.Value!.Items, batch.Value.ShapeErrors, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken);
        return Answers.From(result, receipt =>
        {
            logger.LogInformation("Queued {Accepted} enterprise profiles from {Provider}; rejected {Rejected}", receipt.Accepted, caller.Id, receipt.Rejected.Count);
            return Answers.Receipt(receipt);
        });
    }

    [Function(nameof(StoreEnterpriseRegistrations))]
    public async Task StoreEnterpriseRegistrations(
        [QueueTrigger(QueueNames.EnterpriseRegistrations)] string message,
        CancellationToken cancellationToken)
    {
        var registration = QueueMessages.Parse<EnterpriseRegistrationMessage>(message);
        var counts = await registry.StoreAsync(registration, cancellationToken);
        logger.LogInformation(
            "Stored enterprise submission {SubmissionId}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Stale} older than stored",
            registration.SubmissionId, counts[SaveOutcome.Created], counts[SaveOutcome.Updated], counts[SaveOutcome.Unchanged], counts[SaveOutcome.Stale]);
    }
}
