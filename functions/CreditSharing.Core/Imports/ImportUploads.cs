using CreditSharing.Core.Providers;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Imports;

/// <summary>The body of <c>POST /api/imports/uploads</c>: the file a client is about to upload.</summary>
public sealed record UploadInput(string? FileName, string? ContentType, long? Length);

/// <summary>The answer: where to put the blocks (a write-only SAS URL) and until when.</summary>
public sealed record UploadTicket(string UploadId, Uri UploadUrl, DateTimeOffset ExpiresAt);

/// <summary>The JSON body of <c>POST /api/imports</c> that starts the import of an uploaded file.</summary>
public sealed record UploadStartInput(string? UploadId);

/// <summary>
/// One upload (table <c>Uploads</c>): who may start it, the blob it is written to, what was declared, until
/// when it can be started and whether it was. <see cref="Version"/> is the row's ETag.
/// </summary>
public sealed record UploadState(
    string UploadId,
    string ProviderId,
    string BlobName,
    string FileName,
    string ContentType,
    long Length,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? StartedAt,
    string? Version);

public interface IUploadStore
{
    Task CreateAsync(UploadState state, CancellationToken cancellationToken);

    Task<UploadState?> GetAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>Marks the upload started, guarded by its version; false when another start came first.</summary>
    Task<bool> TryMarkStartedAsync(UploadState state, DateTimeOffset startedAt, CancellationToken cancellationToken);
}

/// <summary>Container <c>uploads</c>: the blobs clients write directly with a SAS.</summary>
public interface IUploadBlobs
{
    /// <summary>A URL granting create and write (nothing else) on one blob until <paramref name="expiresAt"/>.</summary>
    Task<Uri> CreateWriteUrlAsync(string blobName, DateTimeOffset startsAt, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>The committed length of the blob; null when nothing is committed (blocks may be staged).</summary>
    Task<long?> CommittedLengthAsync(string blobName, CancellationToken cancellationToken);
}

/// <summary>
/// Uploads that do not pass through the function (docs/records.md, "Uploading a large file"): a provider
/// declares a file and receives a write-only SAS URL for one new blob, valid <see cref="Validity"/>; it puts
/// the blocks itself (resumable, up to <see cref="ImportService.MaxUploadBytes"/>), commits them, and starts
/// the import, which reads the blob as a stream like a direct body. One upload, one import: the import id is
/// the upload id.
/// </summary>
public sealed class ImportUploadService(
    IUploadStore uploads,
    IUploadBlobs blobs,
    IImportStore store,
    IImportQueue queue,
    TimeProvider clock,
    ProviderGate providers)
{
    public static readonly TimeSpan Validity = TimeSpan.FromHours(1);

    public const int MaxFileNameLength = 255;

    /// <summary>The format an XLSX upload is stored with (read by the national-standard import).</summary>
    public const string XlsxFormat = ImportFormats.Xlsx;

    public static readonly IReadOnlyDictionary<string, string> Formats = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["text/csv"] = ImportFormats.Csv,
        ["application/x-ndjson"] = ImportFormats.Ndjson,
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = XlsxFormat,
    };

    public async Task<CommandResult<UploadTicket>> CreateAsync(string providerId, bool asRegulator, UploadInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = Validate(input);
        if (!errors.IsEmpty)
        {
            return CommandResult<UploadTicket>.Invalid(errors);
        }

        var access = await providers.CheckAsync(providerId, asRegulator, cancellationToken);
        if (access.Refused is { } refused)
        {
            return CommandResult<UploadTicket>.Forbidden(refused);
        }

        var uploadId = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow();
        var expiresAt = now + Validity;
        var state = new UploadState(uploadId, providerId, uploadId, input.FileName!, input.ContentType!, input.Length!.Value, now, expiresAt, null, null);
        await uploads.CreateAsync(state, cancellationToken);

        // Five minutes of clock skew before now, so a client whose clock runs behind can use the URL at once.
        var url = await blobs.CreateWriteUrlAsync(state.BlobName, now.AddMinutes(-5), expiresAt, cancellationToken);
        return CommandResult<UploadTicket>.Ok(new UploadTicket(uploadId, url, expiresAt));
    }

    /// <summary>
    /// Starts the import of a committed upload: 404 for an unknown, expired or another provider's upload (the
    /// same answer, so ids reveal nothing); 409 when the blob is not committed, its length is not the declared
    /// one, or the upload was started already.
    /// </summary>
    public Task<CommandResult<ImportReceipt>> StartAsync(string providerId, bool asRegulator, string? uploadId, CancellationToken cancellationToken)
        => StartAsync(providerId, asRegulator, uploadId, null, cancellationToken);

    /// <summary>As above, with the start's <c>?severity=</c> for national 行政处罚 rows without 失信严重程度.</summary>
    public async Task<CommandResult<ImportReceipt>> StartAsync(string providerId, bool asRegulator, string? uploadId, string? severity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(uploadId))
        {
            return CommandResult<ImportReceipt>.Invalid(FieldErrors.Of("uploadId", "The uploadId of POST /api/imports/uploads is required."));
        }

        string? uploadSeverity = null;
        if (!string.IsNullOrWhiteSpace(severity))
        {
            uploadSeverity = NationalLayout.SeverityOf(severity);
            if (uploadSeverity is null)
            {
                return CommandResult<ImportReceipt>.Invalid(FieldErrors.Of("severity", $"{FieldErrors.Echo(severity)} is not a severity: minor | general | serious (轻微 | 一般 | 严重)."));
            }
        }

        var access = await providers.CheckAsync(providerId, asRegulator, cancellationToken);
        if (access.Refused is { } refused)
        {
            return CommandResult<ImportReceipt>.Forbidden(refused);
        }

        var now = clock.GetUtcNow();
        var upload = IsWellFormedId(uploadId) ? await uploads.GetAsync(uploadId, cancellationToken) : null;
        if (upload is null || upload.ProviderId != providerId || (upload.StartedAt is null && now >= upload.ExpiresAt))
        {
            return CommandResult<ImportReceipt>.NotFound($"No upload {FieldErrors.Echo(uploadId)} of yours can be started: it does not exist or expired (an upload can be started for {Validity.TotalHours:N0} hour).");
        }

        if (upload.StartedAt is not null)
        {
            return AlreadyStarted(upload);
        }

        var committed = await blobs.CommittedLengthAsync(upload.BlobName, cancellationToken);
        if (committed is null)
        {
            return CommandResult<ImportReceipt>.Conflict("The upload has no committed blob: put the blocks, then commit them with Put Block List.", new Dictionary<string, object?> { ["declaredLength"] = upload.Length });
        }

        if (committed != upload.Length)
        {
            return CommandResult<ImportReceipt>.Conflict($"The committed blob holds {committed:N0} bytes, the upload declared {upload.Length:N0}.", new Dictionary<string, object?> { ["declaredLength"] = upload.Length, ["committedLength"] = committed });
        }

        if (!await uploads.TryMarkStartedAsync(upload, now, cancellationToken))
        {
            return AlreadyStarted(upload);
        }

        var passes = (int)Math.Clamp((committed.Value + ImportService.PassBytes - 1) / ImportService.PassBytes, 1, ImportService.MaxPasses);
        var format = Formats[upload.ContentType];
        await store.CreateAsync(new ImportState(upload.UploadId, providerId, format, ImportStatuses.Queued, 0, 0, 0, 0, null, now, now, null, passes, Categories: access.Rights?.Categories, Severity: uploadSeverity), cancellationToken);
        await queue.EnqueueAsync(new ImportMessage(upload.UploadId), cancellationToken);
        return CommandResult<ImportReceipt>.Ok(new ImportReceipt(upload.UploadId, ImportStatuses.Queued));
    }

    private static CommandResult<ImportReceipt> AlreadyStarted(UploadState upload)
        => CommandResult<ImportReceipt>.Conflict($"Upload {upload.UploadId} was started already: its import is /api/imports/{upload.UploadId}. One upload, one import.", new Dictionary<string, object?> { ["importId"] = upload.UploadId });

    private static FieldErrors Validate(UploadInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.FileName))
        {
            errors.Add("fileName", "The file name is required.");
        }
        else if (input.FileName.Length > MaxFileNameLength)
        {
            errors.Add("fileName", $"A file name has at most {MaxFileNameLength} characters.");
        }
        else if (input.FileName.Any(c => char.IsControl(c) || c is '/' or '\\') || input.FileName is "." or "..")
        {
            errors.Add("fileName", "A file name has no control characters and no path separators (/ or \\).");
        }

        if (input.ContentType is null || !Formats.ContainsKey(input.ContentType))
        {
            errors.Add("contentType", $"The content type is one of {string.Join(", ", Formats.Keys)}.");
        }

        if (input.Length is not { } length || length < 1 || length > ImportService.MaxUploadBytes)
        {
            errors.Add("length", $"The length is the file's size in bytes, 1 to {ImportService.MaxUploadBytes:N0}.");
        }
        else if (input.ContentType is { } type && Formats.TryGetValue(type, out var format) && format == XlsxFormat && length > ImportService.MaxXlsxBytes)
        {
            // A workbook is read whole (zip directory, sheets), so it keeps the body's 25 MiB bound.
            errors.Add("length", $"An XLSX workbook holds at most {ImportService.MaxXlsxBytes:N0} bytes; save a larger one as CSV.");
        }

        return errors;
    }

    private static bool IsWellFormedId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
