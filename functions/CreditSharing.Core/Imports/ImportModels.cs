namespace CreditSharing.Core.Imports;

public static class ImportFormats
{
    public const string Csv = "csv";
    public const string Ndjson = "ndjson";

    /// <summary>An Excel workbook; its first sheet is read like a CSV file.</summary>
    public const string Xlsx = "xlsx";
}

public static class ImportStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// The progress of one import (table <c>Imports</c>, row <c>status</c>). A file is read in
/// <see cref="Passes"/> passes, each taking the lines of its share of the enterprises (see
/// <c>ImportService.PassOf</c>). <see cref="CheckpointPass"/> and <see cref="CheckpointLine"/> are
/// the pass and, within it, the last line whose outcome is counted and stored: a resumed import
/// skips every line before them. Rows from before passes (0) read as one pass.
/// <see cref="Categories"/> are the record categories the provider's registry entry allowed at upload;
/// null when not restricted (a Regulator, or a row from before the registry).
/// <see cref="Severity"/> is the upload's <c>?severity=</c>, for national-standard 行政处罚 rows without 失信严重程度.
/// </summary>
public sealed record ImportState(
    string ImportId,
    string ProviderId,
    string Format,
    string Status,
    int Total,
    int Accepted,
    int Rejected,
    int CheckpointLine,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Version,
    int Passes = 1,
    int CheckpointPass = 0,
    IReadOnlyList<string>? Categories = null,
    string? Severity = null);

public sealed record RejectedLine(int Line, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>Queue <c>imports</c>: an uploaded file waiting to be parsed.</summary>
public sealed record ImportMessage(string ImportId);

public sealed record ImportReceipt(string ImportId, string Status);

public sealed record ImportView(
    string ImportId,
    string Status,
    string Format,
    int Total,
    int Accepted,
    int Rejected,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<RejectedLine> RejectedLines);

public interface IImportStore
{
    Task CreateAsync(ImportState state, CancellationToken cancellationToken);

    Task<ImportState?> GetAsync(string importId, CancellationToken cancellationToken);

    /// <summary>Saves progress and new rejected lines, guarded by the state's version; returns the saved state.</summary>
    Task<ImportState> SaveAsync(ImportState state, IReadOnlyList<RejectedLine> newRejectedLines, CancellationToken cancellationToken);

    Task<IReadOnlyList<RejectedLine>> GetRejectedLinesAsync(string importId, int max, CancellationToken cancellationToken);
}

/// <summary>Blob <c>imports/{id}</c>: the uploaded file.</summary>
public interface IImportFiles
{
    /// <summary>Streams the upload to the blob; null (and nothing kept) when it exceeds <paramref name="maxBytes"/>.</summary>
    Task<long?> UploadAsync(string importId, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(string importId, CancellationToken cancellationToken);
}

public interface IImportQueue
{
    Task EnqueueAsync(ImportMessage message, CancellationToken cancellationToken);
}
