using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

[assembly: AssemblyFixture(typeof(CreditSharing.Integration.Tests.Infrastructure.LogScan))]

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>
/// Every log line every DevHost of the run writes, at every level, is scanned as it is written for
/// bearer tokens and ID numbers; the run fails at its end if one was seen (and the log-scan test
/// fails if one was seen before it ran).
/// </summary>
public sealed partial class LogScan : IAsyncDisposable
{
    private static readonly ConcurrentQueue<string> Leaks = new();
    private static long scanned;

    public static long LinesScanned => Interlocked.Read(ref scanned);

    public static IReadOnlyList<string> LeaksSeen => [.. Leaks];

    /// <summary>What a DevHost adds to its logging: the scanner, fed from Trace up whatever the console shows.</summary>
    public static void AddTo(ILoggingBuilder logging)
    {
        logging.AddProvider(new Provider());
        logging.AddFilter<Provider>(null, LogLevel.Trace);
    }

    /// <summary>The reason a line would leak, or null when it is clean.</summary>
    public static string? Leak(string line)
    {
        if (JwtPattern().Match(line) is { Success: true } jwt)
        {
            return "a JWT: " + jwt.Value[..Math.Min(24, jwt.Value.Length)] + "…";
        }

        if (BearerPattern().IsMatch(line))
        {
            return "a bearer credential";
        }

        foreach (Match candidate in IdNumberPattern().Matches(line))
        {
            if (CreditSharing.Core.Shared.IdNumber.TryNormalize(candidate.Value, out _, out _))
            {
                return "an ID number: " + candidate.Value[..6] + "…";
            }
        }

        return null;
    }

    public ValueTask DisposeAsync()
    {
        if (!Leaks.IsEmpty)
        {
            throw new InvalidOperationException($"{Leaks.Count} log lines of {LinesScanned} leaked a secret; first: {Leaks.First()}");
        }

        return ValueTask.CompletedTask;
    }

    private static void Scan(string category, string line)
    {
        Interlocked.Increment(ref scanned);
        if (Leak(line) is { } reason)
        {
            Leaks.Enqueue($"{category}: {reason}");
        }
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")]
    private static partial Regex JwtPattern();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/-]{16,}")]
    private static partial Regex BearerPattern();

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")]
    private static partial Regex IdNumberPattern();

    private sealed class Provider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            Scan(category, formatter(state, exception) + (exception is null ? string.Empty : Environment.NewLine + exception));
        }
    }
}
