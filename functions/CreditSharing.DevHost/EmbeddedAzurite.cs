using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CreditSharing.DevHost;

/// <summary>
/// Azurite from the repository's node_modules (installed with <c>npm ci</c> when missing), on free
/// ports, in memory or persisted to a folder. Stopped when disposed or when this process exits.
/// </summary>
public sealed partial class EmbeddedAzurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, documented by Microsoft).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InstallDeadline = TimeSpan.FromMinutes(10);

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private readonly Process process;

    private EmbeddedAzurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        Ports = (blobPort, queuePort, tablePort);
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    public string ConnectionString { get; }

    public (int Blob, int Queue, int Table) Ports { get; }

    public static Task<EmbeddedAzurite> StartAsync(string? persistDirectory = null, CancellationToken cancellationToken = default)
        => StartAsync(persistDirectory, null, cancellationToken);

    /// <param name="ports">Blob, queue and table ports to listen on (0 each: free ones); a restart on the same ports looks like the same account.</param>
    public static async Task<EmbeddedAzurite> StartAsync(string? persistDirectory, (int Blob, int Queue, int Table)? ports, CancellationToken cancellationToken = default)
    {
        var root = FindRepositoryRoot();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            // Several hosts may start at once (parallel test classes); one install serves them all.
            await InstallGate.WaitAsync(cancellationToken);
            try
            {
                if (!File.Exists(script))
                {
                    await InstallAsync(root, cancellationToken);
                }
            }
            finally
            {
                InstallGate.Release();
            }
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        var (blobPort, queuePort, tablePort) = ports ?? (0, 0, 0);
        foreach (var arg in new[]
                 {
                     "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose", "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", Invariant(blobPort), "--queuePort", Invariant(queuePort), "--tablePort", Invariant(tablePort),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        // Profiling aid: Azurite's debug log names every storage request, so a run's requests can be counted by kind.
        if (Environment.GetEnvironmentVariable("AZURITE_DEBUG_LOG") is { Length: > 0 } debugLog)
        {
            start.ArgumentList.Add("--debug");
            start.ArgumentList.Add(Path.GetFullPath(debugLog));
        }

        if (persistDirectory is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(persistDirectory);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(Path.GetFullPath(persistDirectory));
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var listening = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("Azurite exited: " + string.Join(Environment.NewLine, output)));
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
                var match = ListeningLine().Match(e.Data);
                if (match.Success)
                {
                    listening[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (listening.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(StartDeadline, cancellationToken);
        }
        catch
        {
            Kill(process);
            throw;
        }

        return new EmbeddedAzurite(process, listening["Blob"], listening["Queue"], listening["Table"]);
    }

    /// <summary>Stops Azurite the way an operator would (SIGTERM), so a persisted store is saved before it exits.</summary>
    public async Task StopGracefullyAsync(CancellationToken cancellationToken = default)
    {
        if (process.HasExited)
        {
            return;
        }

        if (SendSignal(process.Id, SigTerm) != 0)
        {
            Kill(process);
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
        }
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The folder holding the package.json that pins azurite, searched upwards from here and from the working directory.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var package = Path.Combine(dir.FullName, "package.json");
                if (File.Exists(package) && File.ReadAllText(package).Contains("\"azurite\"", StringComparison.Ordinal))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("No package.json pinning azurite was found above " + AppContext.BaseDirectory + "; set Storage:ConnectionString instead.");
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop() => Kill(process);

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task InstallAsync(string root, CancellationToken cancellationToken)
    {
        var npm = new ProcessStartInfo("npm") { WorkingDirectory = root, UseShellExecute = false };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
        {
            npm.ArgumentList.Add(arg);
        }

        using var process = Process.Start(npm) ?? throw new InvalidOperationException("npm did not start; is Node.js installed?");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(InstallDeadline);
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'npm ci' in {root} failed with exit code {process.ExitCode}.");
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
