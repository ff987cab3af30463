using System.ComponentModel;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Shared;
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

namespace CreditSharing.Functions.Grading;

public sealed class GradingFunctions(GradeWorker worker, GradeQueries grades, RegradeJobs regrades, GradeReviews reviews, ILogger<GradingFunctions> logger)
{
    /// <summary>Daily at 00:01 in the city (16:01 UTC); <c>Grading:ReviewSchedule</c> sets it.</summary>
    public const string ReviewSchedule = "%Grading:ReviewSchedule%";

    [Function(nameof(RegradeDueGrades))]
    public async Task RegradeDueGrades(
        [TimerTrigger(ReviewSchedule)] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        var report = await reviews.CatchUpAsync(cancellationToken);
        logger.LogInformation(
            "Grades due for review by {Date}: {Due} enterprises, {Changed} changed, {Unchanged} unchanged, {Skipped} already graded today",
            report.Date, report.Due, report.Changed, report.Unchanged, report.Skipped);
    }

    [Function(nameof(RecomputeGrades))]
    public async Task RecomputeGrades(
        [QueueTrigger(QueueNames.GradeRequests)] string message,
        CancellationToken cancellationToken)
    {
        var request = QueueMessages.Parse<GradeRequestMessage>(message);
        var outcomes = await worker.HandleAsync(request, cancellationToken);
        logger.LogInformation(
            "Graded {Count} enterprises ({Reason}): {Changed} changed, {Unchanged} unchanged, {Skipped} coalesced, {Deferred} put off behind queued records",
            request.Usccs.Count, request.Reason, outcomes.GetValueOrDefault(RecomputeOutcome.Changed), outcomes.GetValueOrDefault(RecomputeOutcome.Unchanged), outcomes.GetValueOrDefault(RecomputeOutcome.Skipped), outcomes.GetValueOrDefault(RecomputeOutcome.Deferred));
    }

    [Function(nameof(ExpandGradeRecompute))]
    public async Task ExpandGradeRecompute(
        [QueueTrigger(QueueNames.GradeRecompute)] string message,
        CancellationToken cancellationToken)
    {
        var job = QueueMessages.Parse<RecomputeAllMessage>(message);
        await regrades.ExpandRecomputeAllAsync(job, cancellationToken);
        logger.LogInformation("Queued re-grade job {JobId}", job.JobId);
    }

    [Function(nameof(GetEnterpriseGrade))]
    [Authorize(Roles = $"{AppRoles.Regulator},{AppRoles.Enterprise}")]
    [Description("An enterprise's grade with the factors behind it; asOf=YYYY-MM-DD gives the grade in force that day. An enterprise may read its own.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(GradeView))]
    [ApiQuery("asOf", typeof(DateOnly))]
    public async Task<IActionResult> GetEnterpriseGrade(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EnterpriseGrade)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
    {
        if (!Caller.Of(request.HttpContext).IsRegulatorOrEnterprise(uscc))
        {
            return Problems.Forbidden("An enterprise may read only its own grade.");
        }

        return Answers.From(await grades.GetAsync(uscc, request.Query["asOf"].FirstOrDefault(), cancellationToken));
    }

    [Function(nameof(ListGrades))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Graded enterprises filtered by county (division code or 'other'), industry, industryCode (GB/T 4754-2017, a prefix) and grade; paged.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(Page<GradeListItem>))]
    [ApiQuery("county", typeof(string))]
    [ApiQuery("industry", typeof(string))]
    [ApiQuery("industryCode", typeof(string))]
    [ApiQuery("grade", typeof(string), Enum = ["A", "B", "C", "D"])]
    [ApiQuery("pageSize", typeof(int), Minimum = 1, Maximum = ContinuationToken.MaxPageSize)]
    [ApiQuery("continuationToken", typeof(string), Description = ApiPatterns.ContinuationTokenDescription)]
    public async Task<IActionResult> ListGrades(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Grades)] HttpRequest request,
        CancellationToken cancellationToken)
        => Answers.From(await grades.ListAsync(
            request.Query["county"].FirstOrDefault(),
            request.Query["industry"].FirstOrDefault(),
            request.Query["industryCode"].FirstOrDefault(),
            request.Query["grade"].FirstOrDefault(),
            request.Query["pageSize"].FirstOrDefault(),
            request.Query["continuationToken"].FirstOrDefault(),
            cancellationToken));

    [Function(nameof(GetGradeSummary))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("The grade distribution: total, by grade, and by county.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(GradeSummary))]
    [ApiQuery("county", typeof(string))]
    [ApiQuery("industry", typeof(string))]
    [ApiQuery("industryCode", typeof(string))]
    public async Task<IActionResult> GetGradeSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.GradeSummary)] HttpRequest request,
        CancellationToken cancellationToken)
        => Answers.From(await grades.SummaryAsync(request.Query["county"].FirstOrDefault(), request.Query["industry"].FirstOrDefault(), request.Query["industryCode"].FirstOrDefault(), cancellationToken));

    [Function(nameof(ListGradeChanges))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("The newest grade changes across the city (a grade letter changed, or a first grade), newest first; count 1–100, default 20.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(GradeChange[]))]
    [ApiQuery("count", typeof(int), Minimum = 1, Maximum = GradeQueries.MaxChangeCount)]
    public async Task<IActionResult> ListGradeChanges(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.GradeChanges)] HttpRequest request,
        CancellationToken cancellationToken)
        => Answers.From(await grades.ChangesAsync(request.Query["count"].FirstOrDefault(), cancellationToken));

    [Function(nameof(StartGradeRecompute))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Re-grades every enterprise under the current rules (after a rules change); progress at the Location.")]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(RecomputeJob))]
    public async Task<IActionResult> StartGradeRecompute(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.GradeRecompute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var job = await regrades.StartRecomputeAllAsync(cancellationToken);
        logger.LogInformation("Re-grade job {JobId} started by {Caller}", job.JobId, Caller.Of(request.HttpContext).Id);
        return new AcceptedResult($"/{Routes.GradeRecompute}/{job.JobId}", job);
    }

    [Function(nameof(GetGradeRecompute))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Progress of a re-grade job: status, total, done.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(RecomputeJob))]
    public async Task<IActionResult> GetGradeRecompute(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.GradeRecomputeJob)] HttpRequest request,
        string jobId,
        CancellationToken cancellationToken)
        => Answers.From(await regrades.GetRecomputeAsync(jobId, cancellationToken));
}
