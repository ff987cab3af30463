using System.ComponentModel;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using CreditSharing.Cli.Imports;
using CreditSharing.Cli.Infrastructure;
using CreditSharing.Client;
using CreditSharing.Client.Api.Imports;
using CreditSharing.Client.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CreditSharing.Cli.Commands;

public sealed class ImportSettings : GlobalSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The file: .csv, .ndjson/.jsonl or .xlsx (up to 2 GiB); or 'status' or 'rejected' followed by an import id.")]
    public string File { get; init; } = "";

    [CommandArgument(1, "[ID]")]
    [Description("With 'status' or 'rejected': the import id.")]
    public string? Id { get; init; }

    [CommandOption("--out <FILE>")]
    [Description("With 'rejected': write the rejected lines to this CSV file (line,field,message).")]
    public string? Out { get; init; }

    public bool IsStatus => File == "status";

    public bool IsRejected => File == "rejected";

    [CommandOption("--severity <SEVERITY>")]
    [Description("minor, general or serious: the severity of national 行政处罚 rows without 失信严重程度.")]
    public string? Severity { get; init; }

    [CommandOption("--wait")]
    [Description("Follow the processing; exit 3 when lines were rejected, 1 when the import failed.")]
    public bool Wait { get; init; }

    [CommandOption("--block-size <BYTES>", IsHidden = true)]
    public int BlockSize { get; init; } = BlockIds.DefaultBlockSize;

    [CommandOption("--poll-interval <MS>", IsHidden = true)]
    public int PollIntervalMs { get; init; } = 1000;

    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        if (IsStatus || IsRejected)
        {
            return string.IsNullOrWhiteSpace(Id) ? ValidationResult.Error($"import {File} needs the import id.") : ValidationResult.Success();
        }

        if (Id is not null || Out is not null)
        {
            return ValidationResult.Error(Id is not null ? $"Unexpected argument '{Id}': import takes one file." : "--out goes with 'import rejected ID'.");
        }

        if (Severity is not null && !Enum.TryParse<PostSeverityQueryParameterType>(Severity, ignoreCase: true, out _))
        {
            return ValidationResult.Error($"--severity is minor, general or serious, not '{Severity}'.");
        }

        return BlockSize is < 1024 or > 100 * 1024 * 1024 ? ValidationResult.Error("--block-size is 1 KiB to 100 MiB.") : ValidationResult.Success();
    }
}

/// <summary>
/// <c>creditsharing import FILE</c>: declares a SAS upload, puts the blocks not yet acknowledged (a progress bar in
/// bytes), commits, starts the import, and with <c>--wait</c> follows it (docs/cli.md).
/// </summary>
public sealed class ImportCommand(IAnsiConsole console, CliEnvironment environment) : AsyncCommand<ImportSettings>
{
    private const int Parallelism = 4;

    public override async Task<int> ExecuteAsync(CommandContext context, ImportSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.IsStatus)
        {
            return await ImportReports.StatusAsync(console, environment, settings, settings.Id!, cancellationToken);
        }

        if (settings.IsRejected)
        {
            return await ImportReports.RejectedAsync(console, environment, settings, settings.Id!, settings.Out, cancellationToken);
        }

        var info = new FileInfo(settings.File);
        if (!info.Exists)
        {
            throw new UsageException($"No file '{settings.File}'.");
        }

        var contentType = ContentTypeOf(info) ?? throw new UsageException($"'{info.Name}' is not .csv, .ndjson, .jsonl or .xlsx.");
        var (client, api) = await ApiConnection.CreateAsync(settings, environment, cancellationToken);
        var state = UploadState.Load(settings.File, api, info);
        if (state is { ImportId: null } && state.ExpiresAt <= DateTimeOffset.UtcNow.AddMinutes(2))
        {
            Say(settings, $"The upload {state.UploadId} expired: uploading the file again.");
            state = null;
        }

        if (state is null)
        {
            var ticket = await client.Api.Imports.Uploads.PostAsync(new UploadInput
            {
                FileName = info.Name,
                ContentType = contentType,
                Length = info.Length <= int.MaxValue ? new UploadInput.UploadInput_length { Integer = (int)info.Length } : new UploadInput.UploadInput_length { String = info.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }, cancellationToken: cancellationToken) ?? throw new InvalidOperationException("The API answered no upload ticket.");
            state = new UploadState(api, info.FullName, info.Length, info.LastWriteTimeUtc, ticket.UploadId!, ticket.UploadUrl!, ticket.ExpiresAt ?? DateTimeOffset.UtcNow.AddHours(1), settings.BlockSize, []);
            state.Save(settings.File);
        }
        else if (state.ImportId is null)
        {
            Say(settings, $"Resuming upload {state.UploadId}: {state.Acknowledged.Count} of {BlockIds.Count(state.Length, state.BlockSize)} blocks are there.");
        }

        if (state.ImportId is null)
        {
            try
            {
                await UploadAsync(settings, state, cancellationToken);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException or IOException or OperationCanceledException)
            {
                throw new IOException($"The upload stopped ({e.Message.Split('\n')[0]}); {state.Acknowledged.Count} of {BlockIds.Count(state.Length, state.BlockSize)} blocks are acknowledged: rerun the same command to continue.", e);
            }

            var importId = await StartAsync(client, settings, state, cancellationToken);
            state = state with { ImportId = importId };
            state.Save(settings.File);
        }

        var summary = ImportSummary.From(await client.Api.Imports[state.ImportId].GetAsync(cancellationToken: cancellationToken) ?? throw new InvalidOperationException("No import."));
        if (settings.Wait)
        {
            summary = await FollowAsync(client, settings, summary, cancellationToken);
            UploadState.Delete(settings.File);
        }

        summary.Write(console, settings.Json);
        return summary.ExitCode;
    }

    private async Task UploadAsync(ImportSettings settings, UploadState state, CancellationToken cancellationToken)
    {
        // A dropped connection is retried a few times; after that the command stops and a rerun resumes.
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromSeconds(0.5);
        if (environment.BlobHandler is not null)
        {
            options.Transport = new HttpClientTransport(new HttpClient(environment.BlobHandler, disposeHandler: false));
        }

        var blob = new BlockBlobClient(new Uri(state.UploadUrl), options);
        var count = BlockIds.Count(state.Length, state.BlockSize);
        var missing = Enumerable.Range(0, count).Where(i => !state.Acknowledged.Contains(i)).ToList();
        var gate = new Lock();
        using var file = System.IO.File.OpenHandle(state.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);

        async Task PutAsync(int index, Action<long> progressed, CancellationToken token)
        {
            var offset = (long)index * state.BlockSize;
            var buffer = new byte[(int)Math.Min(state.BlockSize, state.Length - offset)];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await RandomAccess.ReadAsync(file, buffer.AsMemory(read), offset + read, token);
                if (n == 0)
                {
                    throw new IOException($"{state.FullPath} changed during the upload: run the command again.");
                }

                read += n;
            }

            using var content = new MemoryStream(buffer, writable: false);
            await blob.StageBlockAsync(BlockIds.Of(index), content, cancellationToken: token);
            lock (gate)
            {
                state.Acknowledged.Add(index);
                state.Save(settings.File);
            }

            progressed(buffer.Length);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        var done = state.Acknowledged.Sum(i => (long)Math.Min(state.BlockSize, state.Length - ((long)i * state.BlockSize)));
        if (settings.Json)
        {
            await Parallel.ForEachAsync(missing, parallel, (i, token) => new ValueTask(PutAsync(i, _ => { }, token)));
        }
        else
        {
            await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                .StartAsync(async progress =>
                {
                    var bar = progress.AddTask("upload", maxValue: state.Length);
                    bar.Increment(done);
                    await Parallel.ForEachAsync(missing, parallel, (i, token) => new ValueTask(PutAsync(i, bytes => bar.Increment(bytes), token)));
                });
        }

        await blob.CommitBlockListAsync(Enumerable.Range(0, count).Select(BlockIds.Of), cancellationToken: cancellationToken);
    }

    private static async Task<string> StartAsync(CreditSharingApiClient client, ImportSettings settings, UploadState state, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await client.Api.Imports.PostAsync(new UploadStartInput { UploadId = state.UploadId }, request =>
            {
                if (settings.Severity is not null)
                {
                    request.QueryParameters.Severity = Enum.Parse<PostSeverityQueryParameterType>(settings.Severity, ignoreCase: true);
                }
            }, cancellationToken);
            return receipt?.ImportId ?? state.UploadId;
        }
        catch (ProblemDetails problem) when (problem.ResponseStatusCode == 409 && problem.AdditionalData.ContainsKey("importId"))
        {
            // Started by an earlier run whose answer was lost: one upload, one import.
            return state.UploadId;
        }
    }

    private async Task<ImportSummary> FollowAsync(CreditSharingApiClient client, ImportSettings settings, ImportSummary summary, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Max(50, settings.PollIntervalMs));
        async Task<ImportSummary> NextAsync()
        {
            await Task.Delay(delay, cancellationToken);
            return ImportSummary.From(await client.Api.Imports[summary.ImportId].GetAsync(cancellationToken: cancellationToken) ?? throw new InvalidOperationException("No import."));
        }

        if (settings.Json)
        {
            while (!summary.Finished)
            {
                summary = await NextAsync();
            }

            return summary;
        }

        await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask("processing", maxValue: 1);
                bar.IsIndeterminate = true;
                while (!summary.Finished)
                {
                    summary = await NextAsync();
                    if (summary.Total > 0)
                    {
                        bar.IsIndeterminate = false;
                        bar.MaxValue = summary.Total;
                        bar.Value = summary.Accepted + summary.Rejected;
                    }
                }

                bar.IsIndeterminate = false;
                bar.Value = bar.MaxValue;
            });
        return summary;
    }

    private void Say(ImportSettings settings, string message)
    {
        if (!settings.Json)
        {
            console.MarkupLine(Markup.Escape(message));
        }
        else
        {
            environment.Error.WriteLine(message);
        }
    }

    internal static string? ContentTypeOf(FileInfo file) => file.Extension.ToLowerInvariant() switch
    {
        ".csv" => "text/csv",
        ".ndjson" or ".jsonl" => "application/x-ndjson",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => null,
    };
}
