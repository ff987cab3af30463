using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CreditSharing.DevHost;

/// <summary>
/// The DevHost as a child process: the benchmark measures its memory alone, and the crash tests kill
/// it with SIGKILL mid-work and start it again.
/// </summary>
public sealed partial class DevHostProcess : IDisposable
{
    private readonly Process process;

    private DevHostProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<DevHostProcess> StartAsync(string devHostDll, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(devHostDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var echo = 0;

        // Profiling aid: every line the host writes, to a file, for counting what it did under load.
        var tap = Environment.GetEnvironmentVariable("DEVHOST_LOG") is { Length: > 0 } logPath ? new StreamWriter(logPath, append: true) { AutoFlush = true } : null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && tap is not null)
            {
                lock (tap)
                {
                    tap.WriteLine(e.Data);
                }
            }

            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("The DevHost exited."));
                Console.Error.WriteLine("devhost: exited");
            }
            else if (Serving().Match(e.Data) is { Success: true } m)
            {
                ready.TrySetResult(new Uri(m.Groups[1].Value));
            }
            else if (e.Data.StartsWith("fail:", StringComparison.Ordinal) || e.Data.StartsWith("crit:", StringComparison.Ordinal) || echo > 0)
            {
                // Errors of the host under load are part of the result: show them with a few lines of context.
                echo = e.Data.StartsWith("fail:", StringComparison.Ordinal) || e.Data.StartsWith("crit:", StringComparison.Ordinal) ? 4 : echo - 1;
                Console.Error.WriteLine("devhost: " + e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("devhost: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new DevHostProcess(process, await ready.Task.WaitAsync(TimeSpan.FromSeconds(90)));
    }

    /// <summary>Resident and peak resident memory in MiB, from /proc (Linux).</summary>
    public (double Rss, double PeakRss) Memory()
    {
        var status = File.ReadAllLines($"/proc/{process.Id}/status");
        double Read(string key) => double.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>SIGKILL: no shutdown, no lease released, nothing flushed; what a crashed host leaves behind.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }

    [GeneratedRegex(@"serving\s+(http://\S+)")]
    private static partial Regex Serving();
}
