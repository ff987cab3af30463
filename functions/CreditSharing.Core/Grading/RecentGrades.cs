using System.Collections.Concurrent;

namespace CreditSharing.Core.Grading;

/// <summary>
/// Grades this process computed and filed, by enterprise, with the time each computation started.
/// A grade request made before such a time is already answered, so it is skipped without reading
/// storage. Record deliveries ask for a grade per enterprise per message, and most requests of a
/// burst are answered this way. Only a cache: a miss falls back to the stored grade, so a restart,
/// another instance or an evicted entry costs reads, never a stale grade.
/// Why: docs/decisions/0007-grade-request-coalescing.md
/// </summary>
public sealed class RecentGrades(int capacity = RecentGrades.DefaultCapacity)
{
    /// <summary>About 10 MB of USCCs and times: more enterprises than a burst touches.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Lock gate = new();
    private ConcurrentDictionary<string, DateTimeOffset> current = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, DateTimeOffset> previous = new(StringComparer.Ordinal);
    private int added;

    /// <summary>Whether a grade computed here started at or after <paramref name="requestedAt"/>.</summary>
    public bool Covers(string uscc, DateTimeOffset requestedAt)
    {
        // A generation that has just become the previous one may hold the newer time; either answers.
        var (now, before) = (current, previous);
        return (now.TryGetValue(uscc, out var at) && at >= requestedAt) || (before.TryGetValue(uscc, out at) && at >= requestedAt);
    }

    /// <summary>Remembers a grade that is saved and filed; a later time never gives way to an earlier one.</summary>
    public void Remember(string uscc, DateTimeOffset computedAt)
    {
        current.AddOrUpdate(uscc, computedAt, (_, known) => known >= computedAt ? known : computedAt);

        // Two generations bound memory without a clock or an LRU list: when the newer one is full it
        // becomes the older, and what was older is forgotten.
        if (Interlocked.Increment(ref added) >= capacity / 2)
        {
            lock (gate)
            {
                if (Volatile.Read(ref added) >= capacity / 2)
                {
                    previous = current;
                    current = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
                    Volatile.Write(ref added, 0);
                }
            }
        }
    }
}
