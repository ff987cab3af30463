using System.ComponentModel;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using CreditSharing.Functions.Pages;
using CreditSharing.Storage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using QRCoder;

namespace CreditSharing.Functions.Trace;

public sealed class TraceFunctions(TraceService trace, TracePublicUrls urls, TimeProvider clock, ILogger<TraceFunctions> logger)
{
    /// <summary>A repeated scan may be served from a cache this long; grades and recalls show within a minute.</summary>
    private const string ScanCacheControl = "public, max-age=30";

    private const long MaxBatchBytes = 4L * 1024 * 1024;

    [Function(nameof(CreateTraceCode))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.DataProvider}")]
    [Description("Registers a product code (信用赋码): the caller's code (8–64 of [A-Za-z0-9-]) or a minted one. An enterprise registers its own products (403 for another producer).")]
    [ApiBody(typeof(CodeInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(CodeReceipt))]
    [ApiQuery("uscc", typeof(string), Pattern = ApiPatterns.Uscc, Description = "The enterprise an Enterprise caller bound to several acts for.")]
    public async Task<IActionResult> CreateTraceCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TraceCodes)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CodeInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        var (acting, refused) = ActingEnterprise.Of(caller, request);
        if (refused is not null && !caller.IsIn(AppRoles.DataProvider))
        {
            return refused;
        }

        var onlyProducer = caller.IsIn(AppRoles.DataProvider) ? null : acting ?? string.Empty;
        return Answers.From(await trace.CreateAsync(body.Value, caller.Id, onlyProducer, caller.IsIn(AppRoles.Regulator), cancellationToken), product =>
        {
            var receipt = new CodeReceipt(product.Code, urls.Scan(product.Code), urls.Qr(product.Code));
            return new CreatedResult(receipt.ScanUrl, receipt);
        });
    }

    [Function(nameof(AddTraceEvent))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("Records one event of a code, stored before answering; (actor, sourceId) is idempotent. An enterprise records its own events (403 for another actor) on a code it holds: it produced it or an earlier event named it as to (403 otherwise). Step recall is refused (400): a recall goes through the recall route.")]
    [ApiBody(typeof(EventInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(TraceEvent))]
    public async Task<IActionResult> AddTraceEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TraceCodeEvents)] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<EventInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        var (onlyActor, refused) = OnlyActor(caller, request);
        if (refused is not null)
        {
            return refused;
        }

        return Answers.From(
            await trace.AddAsync(code, body.Value, onlyActor, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken),
            stored => new CreatedResult($"/api/trace/{code}", stored));
    }

    [Function(nameof(SubmitTraceEvents))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("Up to 1,000 events naming at most 1,000 distinct codes (400 beyond), each naming its codes (a pallet); queued and chained per code (202); invalid ones, and those naming an unknown code or (for an enterprise) a code it does not hold, reported by index before anything is queued, 422 when none is accepted. An enterprise's batch naming another actor is refused whole (403).")]
    [ApiBody(typeof(EventInput[]))]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(BatchReceipt))]
    [ApiResponse(StatusCodes.Status422UnprocessableEntity, typeof(RefusedBatchProblem))]
    public async Task<IActionResult> SubmitTraceEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TraceEvents)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var batch = await JsonBody.ReadBatchAsync<EventInput>(request, MaxBatchBytes, TraceService.MaxBatchSize, allowSingle: false, cancellationToken);
        if (batch.Problem is not null)
        {
            return batch.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        var (onlyActor, refused) = OnlyActor(caller, request);
        if (refused is not null)
        {
            return refused;
        }

        var result = await trace.SubmitAsync(batch.Value!.Items, batch.Value.ShapeErrors, onlyActor, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken);
        return Answers.From(result, Answers.Receipt);
    }

    [Function(nameof(StoreTraceEvents))]
    public async Task StoreTraceEvents(
        [QueueTrigger(QueueNames.TraceEvents)] string message,
        CancellationToken cancellationToken)
    {
        var events = QueueMessages.Parse<TraceEventMessage>(message);
        await trace.StoreAsync(events, cancellationToken);
        logger.LogInformation("Chained {Count} events of {Code}", events.Events.Count, events.Code);
    }

    [Function(nameof(ScanTraceCode))]
    [AllowAnonymous]
    [Description("The consumer scan: product, events in time order with each actor's grade and warnings, cold chain, integrity, recall.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ScanResult))]
    public async Task<IActionResult> ScanTraceCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TraceScan)] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var scan = await trace.ScanAsync(code, cancellationToken);
        if (scan is null)
        {
            return Problems.NotFound($"No product has the code {code}.");
        }

        var etag = $"\"{scan.Version}\"";
        request.HttpContext.Response.Headers.CacheControl = ScanCacheControl;
        request.HttpContext.Response.Headers.ETag = etag;
        return request.Headers.IfNoneMatch.Contains(etag) ? new StatusCodeResult(StatusCodes.Status304NotModified) : new OkObjectResult(scan);
    }

    [Function(nameof(ScanTracePage))]
    [AllowAnonymous]
    [Description("The page a phone shows after scanning (HTML, Chinese, self-contained).")]
    [ApiResponse(StatusCodes.Status200OK, "text/html")]
    public async Task<IActionResult> ScanTracePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ScanPage)] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var scan = await trace.ScanDetailAsync(code, cancellationToken);
        return scan is null
            ? PageLayout.Html(request, ScanPage.NotFound(code), StatusCodes.Status404NotFound)
            : PageLayout.Html(request, ScanPage.Render(scan));
    }

    [Function(nameof(GetTraceQr))]
    [AllowAnonymous]
    [Description("A QR code (PNG) of the code's scan URL.")]
    [ApiResponse(StatusCodes.Status200OK, "image/png")]
    public async Task<IActionResult> GetTraceQr(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TraceQr)] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        if (!await trace.ExistsAsync(code, cancellationToken))
        {
            return Problems.NotFound($"No product has the code {code}.");
        }

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(urls.Scan(code), QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        return new FileContentResult(png, "image/png");
    }

    [Function(nameof(GetTraceEpcis))]
    [AllowAnonymous]
    [Description("The chain as a GS1 EPCIS 2.0 JSON-LD EPCISDocument.")]
    [ApiResponse(StatusCodes.Status200OK, "application/ld+json")]
    public async Task<IActionResult> GetTraceEpcis(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TraceEpcis)] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var chain = await trace.ChainAsync(code, cancellationToken);
        return chain is null
            ? Problems.NotFound($"No product has the code {code}.")
            : new ContentResult
            {
                Content = EpcisExport.Document(chain, urls.Scan(code), clock.GetUtcNow()).ToJsonString(WireJson.Options),
                ContentType = "application/ld+json; charset=utf-8",
                StatusCode = StatusCodes.Status200OK,
            };
    }

    [Function(nameof(RecallTraceCode))]
    [Authorize(Roles = $"{AppRoles.Regulator},{AppRoles.Enterprise}")]
    [Description("Adds a recall event to a code, recorded with the caller as actor: a Regulator, or the code's producer (403 for another enterprise); every scan then shows the recall banner. The only way to record a recall.")]
    [ApiResponse(StatusCodes.Status201Created, typeof(TraceEvent))]
    [ApiQuery("uscc", typeof(string), Pattern = ApiPatterns.Uscc, Description = "The enterprise an Enterprise caller bound to several acts for.")]
    [ApiBody(typeof(RecallInput), Required = false)]
    public async Task<IActionResult> RecallTraceCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TraceRecall)] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var body = request.ContentLength is 0 or null ? new BodyResult<RecallInput>(new RecallInput(null), null) : await JsonBody.ReadAsync<RecallInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        var (acting, refused) = ActingEnterprise.Of(caller, request);
        if (refused is not null && !caller.IsIn(AppRoles.Regulator))
        {
            return refused;
        }

        return Answers.From(await trace.RecallAsync(code, body.Value?.Reason ?? "召回", caller.Id, acting, caller.IsIn(AppRoles.Regulator), cancellationToken), e => new CreatedResult($"/api/trace/{code}", e));
    }

    [Function(nameof(AnnulTraceEvent))]
    [Authorize(Roles = $"{AppRoles.Regulator},{AppRoles.Enterprise}")]
    [Description("Annuls event {seq} of a code with {reason}: appended as an annul event (the chain stays append-only and intact); scans show the event struck through and leave it out of the cold chain and the recall flag. A Regulator at any time, the event's own actor within 24 hours of its recording (403 otherwise); 409 when it is annulled already or is itself an annulment.")]
    [ApiBody(typeof(AnnulmentInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(TraceEvent))]
    [ApiQuery("uscc", typeof(string), Pattern = ApiPatterns.Uscc, Description = "The enterprise an Enterprise caller bound to several acts for.")]
    public async Task<IActionResult> AnnulTraceEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TraceAnnulment)] HttpRequest request,
        string code,
        string seq,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<AnnulmentInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var caller = Caller.Of(request.HttpContext);
        var (acting, refused) = ActingEnterprise.Of(caller, request);
        if (refused is not null && !caller.IsIn(AppRoles.Regulator))
        {
            return refused;
        }

        return Answers.From(await trace.AnnulAsync(code, seq, body.Value, acting, caller.IsIn(AppRoles.Regulator), cancellationToken), e => new CreatedResult($"/api/trace/{code}", e));
    }

    /// <summary>An enterprise writes its own events on codes it holds (the one it acts for, docs/identity.md); a DataProvider or a Regulator anyone's (null).</summary>
    private static (string? OnlyActor, IActionResult? Refused) OnlyActor(Caller caller, HttpRequest request)
    {
        if (caller.IsIn(AppRoles.DataProvider) || caller.IsIn(AppRoles.Regulator))
        {
            return (null, null);
        }

        var (acting, refused) = ActingEnterprise.Of(caller, request);
        return (acting ?? string.Empty, refused);
    }

    [Function(nameof(GetActorTraceCodes))]
    [Authorize(Roles = AppRoles.Regulator)]
    [Description("Trace-forward: every code whose chain includes this actor.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(string[]))]
    public async Task<IActionResult> GetActorTraceCodes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TraceActorCodes)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
        => Answers.From(await trace.CodesOfActorAsync(uscc, cancellationToken));

    [Function(nameof(GetTraceDownstream))]
    [Authorize(Roles = $"{AppRoles.Enterprise},{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("去向可查: the codes derived from this one (split or merge, transitively) and every receiver (an event's `to`) along them. The code's producer, a DataProvider or a Regulator; any other enterprise 403.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(DownstreamResult))]
    public async Task<IActionResult> GetTraceDownstream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TraceDownstream)] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(request.HttpContext);
        var (onlyProducer, refused) = OnlyActor(caller, request);
        if (refused is not null)
        {
            return refused;
        }

        return Answers.From(await trace.DownstreamAsync(code, onlyProducer, cancellationToken), result => new OkObjectResult(result));
    }
}

public sealed record RecallInput(string? Reason);
