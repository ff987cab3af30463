namespace CreditSharing.Core.Trace;

/// <summary>
/// 防伪 (anti-counterfeit): counts each code's scans in memory and adds them to the code's stored
/// tally every <see cref="FlushEvery"/> (<see cref="FlushAsync"/>, run by a hosted service), so a scan
/// writes nothing. A scan's answer is the tally its head read carried plus what this instance has
/// counted since and not yet stored: another instance's scans show once it flushes, so the count
/// lags by up to <see cref="FlushEvery"/>.
/// </summary>
public sealed class ScanCounter(IScanTallyStore store, TimeProvider clock)
{
    /// <summary>
    /// How often the counts are flushed: at least every 10 seconds, as issue 22 asks. A flush costs a
    /// write per code scanned since the last one, so the longest interval allowed is the cheapest.
    /// </summary>
    public static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(10);

    /// <summary>Codes whose tallies are written at once during a flush.</summary>
    private const int FlushParallelism = 8;

    private readonly Lock gate = new();
    private readonly SemaphoreSlim flushing = new(1, 1);
    private Dictionary<string, ScanTally> pending = new(StringComparer.Ordinal);

    /// <summary>The head each pending code's last scan read, so its flush needs no read when nothing changed it since.</summary>
    private Dictionary<string, SeenTally> seen = new(StringComparer.Ordinal);

    /// <summary>What a flush is writing: still part of the answers until it is stored.</summary>
    private Dictionary<string, ScanTally> writing = new(StringComparer.Ordinal);

    /// <summary>Scans counted and not yet stored, over all codes.</summary>
    public long Unflushed
    {
        get
        {
            lock (gate)
            {
                return pending.Values.Sum(t => t.Count) + writing.Values.Sum(t => t.Count);
            }
        }
    }

    /// <summary>
    /// Counts one scan of <paramref name="code"/>; the tally to show: <paramref name="stored"/> plus
    /// this instance's unflushed scans, this one included. <paramref name="version"/> is the version of
    /// the head row the scan read <paramref name="stored"/> from.
    /// </summary>
    public ScanTally Record(string code, ScanTally? stored, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (version is not null)
            {
                seen[code] = new SeenTally(stored, version);
            }

            var mine = pending[code] = Add(pending.GetValueOrDefault(code), new ScanTally(1, now));
            return Add(writing.GetValueOrDefault(code), Add(stored, mine));
        }
    }

    /// <summary>Adds every unflushed count to its code's stored tally; a count that fails to store stays for the next flush. The number of codes written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        await flushing.WaitAsync(cancellationToken);
        try
        {
            Dictionary<string, ScanTally> batch;
            Dictionary<string, SeenTally> heads;
            lock (gate)
            {
                (batch, pending) = (pending, new Dictionary<string, ScanTally>(StringComparer.Ordinal));
                (heads, seen) = (seen, new Dictionary<string, SeenTally>(StringComparer.Ordinal));
                writing = batch;
            }

            var failed = new System.Collections.Concurrent.ConcurrentDictionary<string, ScanTally>(StringComparer.Ordinal);
            var error = (Exception?)null;
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = FlushParallelism, CancellationToken = CancellationToken.None }, async (entry, _) =>
            {
                try
                {
                    // A code that does not exist (any more) has nothing to add to: its count is dropped.
                    await store.AddAsync(entry.Key, entry.Value.Count, entry.Value.FirstAt, heads.GetValueOrDefault(entry.Key), cancellationToken);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    failed[entry.Key] = entry.Value;
                    error ??= ex;
                }
            });

            lock (gate)
            {
                writing = new Dictionary<string, ScanTally>(StringComparer.Ordinal);
                foreach (var (code, tally) in failed)
                {
                    pending[code] = Add(pending.GetValueOrDefault(code), tally);
                }
            }

            if (error is not null)
            {
                throw new ScanFlushException($"{failed.Count} of {batch.Count} codes' scan counts were not stored; they stay for the next flush.", error);
            }

            return batch.Count;
        }
        finally
        {
            flushing.Release();
        }
    }

    private static ScanTally Add(ScanTally? a, ScanTally b)
        => a is null ? b : new ScanTally(a.Count + b.Count, a.FirstAt <= b.FirstAt ? a.FirstAt : b.FirstAt);
}

/// <summary>A flush stored only some counts; the rest wait for the next one.</summary>
public sealed class ScanFlushException(string message, Exception inner) : Exception(message, inner);
