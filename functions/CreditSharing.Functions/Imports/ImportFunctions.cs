using System.ComponentModel;
using CreditSharing.Core.Imports;
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

namespace CreditSharing.Functions.Imports;

public sealed class ImportFunctions(ImportService imports, ImportUploadService uploads, ILogger<ImportFunctions> logger)
{
    [Function(nameof(StartImport))]
    [Authorize(Roles = AppRoles.DataProvider)]
    [Description("A bulk file of credit records, text/csv (header row of field names) or application/x-ndjson, up to 25 MiB; or application/json {\"uploadId\"} to start the import of a committed SAS upload (POST /api/imports/uploads). Parsed in the background (202).")]
    [ApiBody(typeof(UploadStartInput))]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(ImportReceipt))]
    public async Task<IActionResult> StartImport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Imports)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (IsJson(request.ContentType))
        {
            return await StartUploadAsync(request, cancellationToken);
        }

        var format = FormatOf(request.ContentType);
        if (format is null || !MediaTypes.IsUtf8Charset(request.ContentType))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Send text/csv or application/x-ndjson (UTF-8), or application/json {\"uploadId\"} for a SAS upload.");
        }

        if (request.ContentLength > ImportService.MaxDirectBodyBytes)
        {
            return TooLarge();
        }

        var caller = Caller.Of(request.HttpContext);
        var result = await imports.StartAsync(caller.Id, caller.IsIn(AppRoles.Regulator), format, request.Body, cancellationToken);
        if (result is null)
        {
            return TooLarge();
        }

        return Answers.From(result, receipt =>
        {
            logger.LogInformation("Queued import {ImportId} ({Format}) from {Provider}", receipt.ImportId, format, caller.Id);
            return new AcceptedResult($"/{Routes.Imports}/{receipt.ImportId}", receipt);
        });
    }

    [Function(nameof(CreateImportUpload))]
    [Authorize(Roles = AppRoles.DataProvider)]
    [Description("Declares a file of up to 2 GiB (fileName, contentType, length) and answers 201 with a write-only SAS URL for one new blob, valid 1 hour: put the blocks there, commit them, then POST /api/imports {\"uploadId\"} (docs/records.md).")]
    [ApiBody(typeof(UploadInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(UploadTicket))]
    public async Task<IActionResult> CreateImportUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ImportUploads)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<UploadInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var caller = Caller.Of(request.HttpContext);
        return Answers.From(await uploads.CreateAsync(caller.Id, caller.IsIn(AppRoles.Regulator), body.Value!, cancellationToken), ticket =>
        {
            logger.LogInformation("Created upload {UploadId} for {Provider}", ticket.UploadId, caller.Id);
            return new CreatedResult($"/{Routes.Imports}/{ticket.UploadId}", ticket);
        });
    }

    [Function(nameof(GetImport))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("An import's status, counts and the first 1,000 rejected lines (the header is line 1).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(ImportView))]
    public async Task<IActionResult> GetImport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Import)] HttpRequest request,
        string importId,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(request.HttpContext);
        return Answers.From(await imports.GetAsync(importId, caller.Id, caller.IsIn(AppRoles.Regulator), cancellationToken));
    }

    [Function(nameof(ProcessImport))]
    public async Task ProcessImport(
        [QueueTrigger(QueueNames.Imports)] string message,
        CancellationToken cancellationToken)
    {
        var import = QueueMessages.Parse<ImportMessage>(message);
        await imports.ProcessAsync(import, cancellationToken);
        logger.LogInformation("Processed import {ImportId}", import.ImportId);
    }

    private async Task<IActionResult> StartUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<UploadStartInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var caller = Caller.Of(request.HttpContext);
        return Answers.From(await uploads.StartAsync(caller.Id, caller.IsIn(AppRoles.Regulator), body.Value!.UploadId, cancellationToken), receipt =>
        {
            logger.LogInformation("Queued import {ImportId} (SAS upload) from {Provider}", receipt.ImportId, caller.Id);
            return new AcceptedResult($"/{Routes.Imports}/{receipt.ImportId}", receipt);
        });
    }

    private static bool IsJson(string? contentType)
        => string.Equals(contentType?.Split(';', 2)[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase);

    private static string? FormatOf(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "text/csv" => ImportFormats.Csv,
            "application/x-ndjson" or "application/ndjson" or "application/jsonl" => ImportFormats.Ndjson,
            _ => null,
        };
    }

    private static ObjectResult TooLarge()
        => Problems.Status(StatusCodes.Status413PayloadTooLarge, "The file is too large.", $"A file sent as the body holds at most {ImportService.MaxDirectBodyBytes:N0} bytes; upload a larger one (up to {ImportService.MaxUploadBytes:N0}) with POST /{Routes.ImportUploads}.");
}
