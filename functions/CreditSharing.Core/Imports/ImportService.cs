using System.Text;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Imports;

/// <summary>
/// Bulk import (how departments deliver a month of data): the upload is streamed to a blob and
/// queued; the queue function parses it as a stream, stores accepted records in batches and
/// checkpoints after each batch, so a crash resumes where the last batch ended. A large file is
/// read in several passes, each taking the lines of its share of the enterprises, so that an
/// enterprise's records, wherever they are in the file, are written together.
/// </summary>
public sealed class ImportService(
    IImportStore store,
    IImportFiles files,
    IImportQueue queue,
    RecordWriter writer,
    TimeProvider clock,
    ProviderGate providers)
{
    public const long MaxFileBytes = 100L * 1024 * 1024;

    /// <summary>The largest body <c>POST /api/imports</c> takes directly; a larger file is uploaded with a SAS (<see cref="ImportUploadService"/>).</summary>
    public const long MaxDirectBodyBytes = 25L * 1024 * 1024;

    /// <summary>The largest file uploaded with a SAS (<c>POST /api/imports/uploads</c>).</summary>
    public const long MaxUploadBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>An XLSX upload is checked whole (password, macros, sheets) before it is stored, so it is held in memory: 25 MiB at most.</summary>
    public const long MaxXlsxBytes = 25L * 1024 * 1024;
    public const int MaxRejectedLinesKept = 1_000;

    /// <summary>
    /// Records held before they are written and the checkpoint moves: bounds the work a crash
    /// repeats. Large, because each enterprise's records of one flush are one transaction: a file
    /// naming each of 1,000 enterprises ten times is 1,000 transactions at 10,000 a flush, 5,000 at
    /// 2,000. Why: docs/decisions/0003-import-passes.md
    /// </summary>
    public const int FlushSize = 10_000;

    /// <summary>Memory bound of a flush, in characters of record text: long records flush sooner (10,000 of the longest would be 130 MB).</summary>
    public const long FlushChars = 8_000_000;

    /// <summary>
    /// File bytes per pass. A file names its enterprises in any order (a month of decisions by
    /// date); read once, a flush holds a slice of the file and each enterprise in it is one
    /// transaction per flush, a record or two each. A pass takes every line of 1/n of the
    /// enterprises, about this many bytes, which fits one flush: one transaction per enterprise,
    /// for the price of reading and parsing the blob n times.
    /// Why: docs/decisions/0003-import-passes.md
    /// </summary>
    public const long PassBytes = 1L * 1024 * 1024;

    /// <summary>The most passes: past it a pass holds more than a flush, and the file is flushed as it comes.</summary>
    public const int MaxPasses = 100;

    /// <summary>
    /// Bytes all passes of one import may read together. A 2 GiB SAS upload in <see cref="MaxPasses"/> passes
    /// would read 200 GiB; past this budget a file gets fewer passes, each holding more than a flush and
    /// flushed as it comes (more transactions per enterprise, the same bounded memory).
    /// Why: docs/decisions/0003-import-passes.md
    /// </summary>
    public const long PassReadBudgetBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>How many passes a file of <paramref name="size"/> bytes is read in (at least one).</summary>
    public static int PassesFor(long size)
    {
        var bySize = Math.Clamp((size + PassBytes - 1) / PassBytes, 1, MaxPasses);
        var byBudget = Math.Max(1, PassReadBudgetBytes / Math.Max(size, 1));
        return (int)Math.Min(bySize, byBudget);
    }

    /// <summary>The upload's <c>?severity=</c>: absent, or minor | general | serious (轻微/一般/严重); false with the problem otherwise.</summary>
    public static bool TryUploadSeverity(string? raw, out string? severity, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out FieldErrors? error)
    {
        severity = null;
        error = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return true;
        }

        severity = NationalLayout.SeverityOf(raw);
        if (severity is null)
        {
            error = FieldErrors.Of("severity", $"{FieldErrors.Echo(raw)} is not a severity: minor | general | serious (轻微 | 一般 | 严重).");
            return false;
        }

        return true;
    }

    /// <summary>The pass of a file in <paramref name="passes"/> passes that stores an enterprise's lines (stable across processes: FNV-1a).</summary>
    public static int PassOf(string? uscc, int passes)
    {
        if (passes <= 1 || uscc is null || !Uscc.TryParse(uscc, out var parsed, out _))
        {
            // Lines without a usable USCC are rejected in the first pass.
            return 0;
        }

        var hash = 2166136261u;
        foreach (var c in parsed.Value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)passes);
    }


    /// <summary>
    /// Uploads and queues a file; null when it is over <see cref="MaxDirectBodyBytes"/>. An unregistered provider
    /// is refused (403) before anything is uploaded; the categories its registry entry allows now are kept
    /// with the import, and a line of another category is rejected on <c>category</c>.
    /// </summary>
    public Task<CommandResult<ImportReceipt>?> StartAsync(string providerId, bool asRegulator, string format, Stream content, CancellationToken cancellationToken)
        => StartAsync(providerId, asRegulator, format, content, null, cancellationToken);

    /// <summary>
    /// As above, with the upload's <c>?severity=</c> (minor | general | serious, or 轻微/一般/严重) for
    /// national-standard 行政处罚 rows without 失信严重程度. An XLSX is checked before it is stored:
    /// a password, macros or no sheet is refused (422) and nothing is kept.
    /// </summary>
    public async Task<CommandResult<ImportReceipt>?> StartAsync(string providerId, bool asRegulator, string format, Stream content, string? severity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!TryUploadSeverity(severity, out var uploadSeverity, out var severityError))
        {
            return CommandResult<ImportReceipt>.Invalid(severityError);
        }

        var access = await providers.CheckAsync(providerId, asRegulator, cancellationToken);
        if (access.Refused is { } refused)
        {
            return CommandResult<ImportReceipt>.Forbidden(refused);
        }

        MemoryStream? workbook = null;
        if (format == ImportFormats.Xlsx)
        {
            workbook = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (workbook.Length + read > MaxXlsxBytes)
                {
                    return null;
                }

                workbook.Write(buffer, 0, read);
            }

            if (XlsxFile.Problem(workbook) is { } problem)
            {
                return CommandResult<ImportReceipt>.Unprocessable(FieldErrors.Of("file", problem));
            }

            content = workbook;
        }

        await using var owned = workbook;
        var importId = Guid.NewGuid().ToString("N");
        var contentType = format switch
        {
            ImportFormats.Csv => "text/csv; charset=utf-8",
            ImportFormats.Xlsx => XlsxFile.MediaType,
            _ => "application/x-ndjson; charset=utf-8",
        };
        if (await files.UploadAsync(importId, content, contentType, MaxDirectBodyBytes, cancellationToken) is not { } size)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var passes = PassesFor(size);
        await store.CreateAsync(new ImportState(importId, providerId, format, ImportStatuses.Queued, 0, 0, 0, 0, null, now, now, null, passes, Categories: access.Rights?.Categories, Severity: uploadSeverity), cancellationToken);
        await queue.EnqueueAsync(new ImportMessage(importId), cancellationToken);
        return CommandResult<ImportReceipt>.Ok(new ImportReceipt(importId, ImportStatuses.Queued));
    }

    /// <summary>The provider that uploaded an import, or a regulator, may read it.</summary>
    public async Task<QueryResult<ImportView>> GetAsync(string importId, string callerId, bool isRegulator, CancellationToken cancellationToken)
    {
        var state = IsWellFormedId(importId) ? await store.GetAsync(importId, cancellationToken) : null;
        if (state is null || (!isRegulator && state.ProviderId != callerId))
        {
            // Someone else's import is reported as absent, so ids reveal nothing.
            return QueryResult<ImportView>.NotFound($"No import {importId} of yours exists.");
        }

        var rejected = state.Rejected == 0 ? [] : await store.GetRejectedLinesAsync(importId, MaxRejectedLinesKept, cancellationToken);
        return QueryResult<ImportView>.Ok(new ImportView(
            state.ImportId, state.Status, state.Format, state.Total, state.Accepted, state.Rejected, state.Error, state.CreatedAt, state.UpdatedAt, rejected));
    }

    public async Task ProcessAsync(ImportMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var state = await store.GetAsync(message.ImportId, cancellationToken)
                    ?? throw new InvalidMessageException($"Import {message.ImportId} does not exist.");
        if (state.Status is ImportStatuses.Completed or ImportStatuses.Failed)
        {
            return;
        }

        state = await store.SaveAsync(state with { Status = ImportStatuses.Running, UpdatedAt = clock.GetUtcNow() }, [], cancellationToken);
        var run = new Run(store, writer, clock, state);
        for (var pass = state.CheckpointPass; pass < state.Passes; pass++)
        {
            if (!await ReadPassAsync(run, state, pass, cancellationToken))
            {
                return;
            }

            await run.EndPassAsync(pass, cancellationToken);
        }

        await run.CompleteAsync(cancellationToken);
    }

    /// <summary>Reads the whole file, handing each row to the run for <paramref name="pass"/>; false when the import failed.</summary>
    private async Task<bool> ReadPassAsync(Run run, ImportState state, int pass, CancellationToken cancellationToken)
    {
        await using var stream = await files.OpenReadAsync(state.ImportId, cancellationToken);
        if (state.Format == ImportFormats.Xlsx)
        {
            // A zip is read by its central directory, at the end: from a seekable stream.
            await using var seekable = stream.CanSeek ? null : new MemoryStream();
            if (seekable is not null)
            {
                await stream.CopyToAsync(seekable, cancellationToken);
                seekable.Position = 0;
            }

            return await ReadTableAsync(run, state, pass, XlsxFile.Rows(seekable ?? stream).ToAsyncEnumerable(), cancellationToken);
        }

        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        if (state.Format != ImportFormats.Csv)
        {
            await foreach (var row in ImportRows.FromNdjsonAsync(reader, cancellationToken))
            {
                await run.AddAsync(row, pass, cancellationToken);
            }

            return true;
        }

        return await ReadTableAsync(run, state, pass, new CsvReader(reader).ReadAsync(cancellationToken), cancellationToken);
    }

    /// <summary>
    /// A CSV file or a sheet: the header row is either the record's JSON field names or a
    /// national-standard 行政处罚/行政许可 header (NationalLayout); each later row is a record.
    /// </summary>
    private static async Task<bool> ReadTableAsync(Run run, ImportState state, int pass, IAsyncEnumerable<CsvRow> rows, CancellationToken cancellationToken)
    {
        Dictionary<string, int>? header = null;
        NationalHeader? national = null;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (header is null && national is null)
            {
                FieldErrors errors;
                if (row.Fields is null)
                {
                    errors = FieldErrors.Of("header", row.Error!);
                }
                else if (NationalLayout.Looks(row.Fields))
                {
                    (national, errors) = NationalLayout.Recognise(row.Fields);
                }
                else
                {
                    (header, errors) = ImportRows.Header(row.Fields);
                }

                if (header is null && national is null)
                {
                    await run.FailAsync($"The header row is not usable: {string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value))}", new RejectedLine(row.Line, errors.ToDictionary()), cancellationToken);
                    return false;
                }

                continue;
            }

            await run.AddAsync(national is not null ? NationalLayout.FromRow(row, national, state.Severity) : ImportRows.FromCsv(row, header!), pass, cancellationToken);
        }

        if (header is null && national is null)
        {
            await run.FailAsync("The file is empty: a CSV or XLSX import starts with a header row.", null, cancellationToken);
            return false;
        }

        return true;
    }

    private static bool IsWellFormedId(string importId) => importId.Length == 32 && importId.All(char.IsAsciiHexDigitLower);

    /// <summary>One run over a file, pass after pass: counts, the pending batch, and the checkpoint.</summary>
    private sealed class Run(IImportStore store, RecordWriter writer, TimeProvider clock, ImportState state)
    {
        /// <summary>Where this run started: every line before it was stored by an earlier run.</summary>
        private readonly (int Pass, int Line) resumedAt = (state.CheckpointPass, state.CheckpointLine);

        private readonly List<CreditRecord> pending = [];

        /// <summary>Every enterprise of the file so far, this run's and (from the lines skipped on resume) earlier runs'.</summary>
        private readonly HashSet<string> touched = new(StringComparer.Ordinal);
        private long pendingChars;
        private readonly List<RejectedLine> rejectedLines = [];
        private readonly DateOnly today = CityClock.Today(clock);
        private ImportState state = state;
        private int total = state.Total;
        private int accepted = state.Accepted;
        private int rejected = state.Rejected;
        private int lastLine = state.CheckpointLine;

        public async Task AddAsync(ImportRow row, int pass, CancellationToken cancellationToken)
        {
            var rowPass = PassOf(row.Input?.Uscc, state.Passes);
            if (rowPass < resumedAt.Pass || (rowPass == resumedAt.Pass && row.Line <= resumedAt.Line))
            {
                // Written before a crash: its enterprise is still graded when the file is done.
                if (pass == resumedAt.Pass && row.Input?.Uscc is { } written && Uscc.TryParse(written, out var parsed, out _))
                {
                    touched.Add(parsed.Value);
                }

                return;
            }

            if (rowPass != pass)
            {
                return;
            }

            total++;
            lastLine = row.Line;
            var errors = row.Errors;
            CreditRecord? record = null;
            if (errors is null)
            {
                (record, errors) = RecordValidator.Validate(row.Input, state.ProviderId, today);
            }

            if (record is not null && state.Categories is { } allowed && !allowed.Contains(record.Category, StringComparer.Ordinal))
            {
                errors = FieldErrors.Of("category", $"Provider {state.ProviderId} may not send category {FieldErrors.Echo(record.Category)}: its registry entry allowed {(allowed.Count > 0 ? string.Join(", ", allowed) : "none")} when the file was uploaded.");
                record = null;
            }

            if (record is not null)
            {
                accepted++;
                pending.Add(record);
                touched.Add(record.Uscc);
                pendingChars += Length(record);
                if (pending.Count >= FlushSize || pendingChars >= FlushChars)
                {
                    await FlushAsync(cancellationToken);
                }
            }
            else
            {
                if (rejected < MaxRejectedLinesKept)
                {
                    rejectedLines.Add(new RejectedLine(row.Line, errors!.ToDictionary()));
                }

                rejected++;
            }
        }

        /// <summary>
        /// Asks for the grades of every enterprise the file named, once, after its last record is
        /// written: a file names an enterprise in batch after batch, and a request per batch had
        /// each graded once per batch, competing with the import. Before the status says
        /// completed, so a crash in between asks again on redelivery.
        /// Why: docs/decisions/0003-import-passes.md
        /// </summary>
        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            await writer.RequestGradesAsync(touched, GradeRequestMessage.RecordsImported, TimeSpan.Zero, cancellationToken);
            state = await store.SaveAsync(state with { Status = ImportStatuses.Completed, UpdatedAt = clock.GetUtcNow() }, [], cancellationToken);
        }

        public async Task FailAsync(string error, RejectedLine? line, CancellationToken cancellationToken)
        {
            state = await store.SaveAsync(
                state with { Status = ImportStatuses.Failed, Error = error, Rejected = line is null ? state.Rejected : 1, UpdatedAt = clock.GetUtcNow() },
                line is null ? [] : [line],
                cancellationToken);
        }

        /// <summary>
        /// Stores what the pass left pending; the checkpoint moves to the start of the next pass. After
        /// the last it stays in the last pass, so a run resumed before the status says completed still
        /// reads the file once and asks for the grades of all its enterprises.
        /// </summary>
        public async Task EndPassAsync(int pass, CancellationToken cancellationToken)
        {
            if (pass + 1 < state.Passes)
            {
                await FlushAsync(pass + 1, 0, cancellationToken);
                lastLine = 0;
            }
            else
            {
                await FlushAsync(cancellationToken);
            }
        }

        private Task FlushAsync(CancellationToken cancellationToken)
            => FlushAsync(state.CheckpointPass, lastLine, cancellationToken);

        private async Task FlushAsync(int checkpointPass, int checkpointLine, CancellationToken cancellationToken)
        {
            await writer.StoreWithoutGradingAsync(pending, clock.GetUtcNow(), cancellationToken);
            state = await store.SaveAsync(
                state with { Total = total, Accepted = accepted, Rejected = rejected, CheckpointPass = checkpointPass, CheckpointLine = checkpointLine, UpdatedAt = clock.GetUtcNow() },
                rejectedLines.ToList(),
                cancellationToken);
            pending.Clear();
            pendingChars = 0;
            rejectedLines.Clear();
        }

        private static long Length(CreditRecord r)
            => (long)r.Title.Length + (r.Content?.Length ?? 0) + (r.LegalBasis?.Length ?? 0) + r.Authority.Length + (r.DocumentNo?.Length ?? 0) + r.SourceId.Length + 100;
    }
}
