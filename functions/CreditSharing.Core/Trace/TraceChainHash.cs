using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Trace;

/// <summary>
/// The hash chain of a code's events, in recording order: each event's hash is SHA-256 of the
/// previous hash and the event's canonical JSON (<see cref="CanonicalJson"/>). The first event
/// chains to SHA-256 of the code, so a chain cannot be moved to another code. Appending never
/// rewrites an earlier hash.
/// </summary>
public static class TraceChainHash
{
    public static string Genesis(string code) => Hex(Encoding.UTF8.GetBytes(code));

    public static string Of(string code, string previousHash, int seq, NewTraceEvent e)
        => Hex(Encoding.UTF8.GetBytes(previousHash + Canonical(code, seq, e)));

    /// <summary>The event <paramref name="e"/> placed at <paramref name="seq"/>, chained after <paramref name="previousHash"/>.</summary>
    public static TraceEvent Chained(string code, string previousHash, int seq, NewTraceEvent e, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new TraceEvent(seq, e.Step, e.ActorUscc, e.OccurredAt, e.Location, e.TemperatureC, e.Documents, e.SourceId, recordedAt, previousHash, Of(code, previousHash, seq, e), e.Details);
    }

    /// <summary>
    /// A short key of an event's (actor, sourceId), the pair that makes a delivery a repeat. The
    /// chain's head keeps one per event, so an append of new events needs no read of the chain. 64
    /// bits: a false match only sends the append to read the chain, it never drops an event.
    /// </summary>
    public static string SourceKey(string actorUscc, string sourceId)
        => Hex(Encoding.UTF8.GetBytes(actorUscc + "\n" + sourceId))[..16];

    /// <summary>Recomputes the chain; the first event whose stored hashes disagree breaks it.</summary>
    public static IntegrityStatus Verify(string code, IReadOnlyList<TraceEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var previous = Genesis(code);
        foreach (var e in events.OrderBy(e => e.Seq))
        {
            var expected = Of(code, previous, e.Seq, new NewTraceEvent(e.Step, e.ActorUscc, e.OccurredAt, e.Location, e.TemperatureC, e.Documents, e.SourceId, e.Details));
            if (e.PreviousHash != previous || e.Hash != expected)
            {
                return new IntegrityStatus(false, events.Count, e.Seq);
            }

            previous = e.Hash;
        }

        return new IntegrityStatus(true, events.Count, null);
    }

    /// <remarks>
    /// An event without <see cref="NewTraceEvent.Details"/> hashes exactly as events did before
    /// details existed, so chains recorded then stay intact; details, when present, follow as one
    /// more member.
    /// </remarks>
    private static string Canonical(string code, int seq, NewTraceEvent e)
    {
        var occurredAt = e.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        var temperatureC = e.TemperatureC?.ToString("0.0##", CultureInfo.InvariantCulture);
        var documents = e.Documents.Select(d => new { type = d.Type, number = d.Number });
        if (e.Details is not { } d)
        {
            return CanonicalJson.Serialize(new { code, seq, step = e.Step, actorUscc = e.ActorUscc, occurredAt, location = e.Location, temperatureC, documents, sourceId = e.SourceId });
        }

        var details = new
        {
            from = d.From,
            to = d.To,
            quantity = d.Quantity?.ToString("0.######", CultureInfo.InvariantCulture),
            unit = d.Unit,
            lot = d.Lot,
            readings = d.Readings?.Select(r => new { at = r.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture), c = r.C.ToString("0.0##", CultureInfo.InvariantCulture) }),
            annuls = d.Annuls,
        };
        return CanonicalJson.Serialize(new { code, seq, step = e.Step, actorUscc = e.ActorUscc, occurredAt, location = e.Location, temperatureC, documents, sourceId = e.SourceId, details });
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
