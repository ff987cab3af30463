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
    [Description("A bulk file of credit records, up to 25 MiB as the body: text/csv or an XLSX workbook (first sheet) whose header row is the record's field names or the national 行政处罚/行政许可 standard, or application/x-ndjson; or application/json {\"uploadId\"} to start the import of a committed SAS upload of up to 2 GiB (POST /api/imports/uploads). Parsed in the background (202). ?severity= gives national 行政处罚 rows without 失信严重程度 their severity.")]
    [ApiBody(typeof(UploadStartInput), ContentTypes = ["text/csv", "application/x-ndjson", XlsxFile.MediaType])]
    [ApiQuery("severity", typeof(string), Enum = ["minor", "general", "serious", "轻微", "一般", "严重"], Description = "The severity of national 行政处罚 rows without 失信严重程度.")]
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
        if (format is ImportFormats.Csv or ImportFormats.Ndjson && !MediaTypes.IsUtf8Charset(request.ContentType))
        {
            format = null;
        }

        if (format is null or Sniff)
        {
            // No usable type (or application/octet-stream): the first bytes tell a workbook.
            var start = await PeekAsync(request, cancellationToken);
            format = XlsxFile.LooksLikeZip(start) || XlsxFile.LooksLikeOle(start) ? ImportFormats.Xlsx : null;
        }

        if (format is MacroWorkbook)
        {
            return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Macro-enabled workbook.", "The workbook holds macros (.xlsm): save it as an .xlsx without macros.");
        }

        if (format is null)
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", $"Send text/csv or application/x-ndjson (UTF-8), or an XLSX workbook ({XlsxFile.MediaType}).");
        }

        var limit = format == ImportFormats.Xlsx ? ImportService.MaxXlsxBytes : ImportService.MaxDirectBodyBytes;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        var caller = Caller.Of(request.HttpContext);
        var result = await imports.StartAsync(caller.Id, caller.IsIn(AppRoles.Regulator), format, request.Body, request.Query["severity"].FirstOrDefault(), cancellationToken);
        if (result is null)
        {
            return TooLarge(limit);
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

    [Function(nameof(GetImportTemplate))]
    [Authorize(Roles = $"{AppRoles.DataProvider},{AppRoles.Regulator}")]
    [Description("A blank import template, header row only: penalty (national 行政处罚 layout), license (行政许可) or records (field names), as .csv (UTF-8 with BOM) or .xlsx.")]
    [ApiPath("file", typeof(string), Enum = ["penalty.csv", "penalty.xlsx", "license.csv", "license.xlsx", "records.csv", "records.xlsx"])]
    [ApiResponse(StatusCodes.Status200OK, "text/csv")]
    [ApiResponse(StatusCodes.Status200OK, XlsxFile.MediaType)]
    public IActionResult GetImportTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ImportTemplate)] HttpRequest request,
        string file)
    {
        if (ImportTemplates.Of(file) is not { } template)
        {
            return Problems.Status(StatusCodes.Status404NotFound, "No such template.", "Templates are penalty, license and records, each .csv or .xlsx.");
        }

        return new FileContentResult(template.Content, template.ContentType) { FileDownloadName = template.FileName };
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
        return Answers.From(await uploads.StartAsync(caller.Id, caller.IsIn(AppRoles.Regulator), body.Value!.UploadId, request.Query["severity"].FirstOrDefault(), cancellationToken), receipt =>
        {
            logger.LogInformation("Queued import {ImportId} (SAS upload) from {Provider}", receipt.ImportId, caller.Id);
            return new AcceptedResult($"/{Routes.Imports}/{receipt.ImportId}", receipt);
        });
    }

    private static bool IsJson(string? contentType)
        => string.Equals(contentType?.Split(';', 2)[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>No format from the type: sniff the body.</summary>
    private const string Sniff = "sniff";

    private const string MacroWorkbook = "xlsm";

    private static string? FormatOf(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "text/csv" => ImportFormats.Csv,
            "application/x-ndjson" or "application/ndjson" or "application/jsonl" => ImportFormats.Ndjson,
            XlsxFile.MediaType => ImportFormats.Xlsx,
            "application/vnd.ms-excel.sheet.macroenabled.12" => MacroWorkbook,
            null or "" or "application/octet-stream" => Sniff,
            _ => null,
        };
    }

    /// <summary>The body's first bytes, leaving the body to be read again from its start.</summary>
    private static async Task<byte[]> PeekAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        var start = new byte[4];
        var read = await request.Body.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken);
        request.Body.Position = 0;
        return start[..read];
    }

    private static ObjectResult TooLarge(long limit)
        => Problems.Status(StatusCodes.Status413PayloadTooLarge, "The file is too large.", $"A file sent as the body holds at most {limit:N0} bytes; upload a larger one (up to {ImportService.MaxUploadBytes:N0}) with POST /{Routes.ImportUploads}.");
}
