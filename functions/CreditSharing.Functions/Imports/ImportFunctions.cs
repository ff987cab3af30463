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

public sealed class ImportFunctions(ImportService imports, ILogger<ImportFunctions> logger)
{
    [Function(nameof(StartImport))]
    [Authorize(Roles = AppRoles.DataProvider)]
    [Description("A bulk file of credit records, text/csv (header row of field names) or application/x-ndjson, up to 100 MiB; parsed in the background (202).")]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(ImportReceipt))]
    [ApiBody(typeof(byte[]), ContentTypes = ["text/csv", "application/x-ndjson"])]
    public async Task<IActionResult> StartImport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Imports)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var format = FormatOf(request.ContentType);
        if (format is null || !MediaTypes.IsUtf8Charset(request.ContentType))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Send text/csv or application/x-ndjson (UTF-8).");
        }

        if (request.ContentLength > ImportService.MaxFileBytes)
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
        => Problems.Status(StatusCodes.Status413PayloadTooLarge, "The file is too large.", $"An import holds at most {ImportService.MaxFileBytes:N0} bytes; split the file.");
}
