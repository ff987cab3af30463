namespace CreditSharing.Core.Trace;

/// <summary>
/// A chain's events as every scan shows them, the code's own and its ancestors' alike: in time order,
/// an annulment shown on the event it annuls (struck through) and not as an event of its own. The
/// events that count (for the cold chain, the recall flag) are those not annulled.
/// </summary>
public static class ScanTimeline
{
    public static (List<ScanEvent> Shown, List<TraceEvent> Counted) Of(IReadOnlyList<TraceEvent> events, IReadOnlyDictionary<string, ActorView> views)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(views);
        var annulments = events.Where(e => e.Step == TraceVocabulary.Annul && e.Details?.Annuls is not null)
            .GroupBy(e => e.Details!.Annuls!.Value)
            .ToDictionary(g => g.Key, g => g.MinBy(e => e.Seq)!);
        var ordered = events.Where(e => e.Step != TraceVocabulary.Annul).OrderBy(e => e.OccurredAt).ThenBy(e => e.Seq).ToList();
        var shown = ordered.Select(e => new ScanEvent(
            e.Seq, e.Step, e.OccurredAt, e.Location, views[e.ActorUscc], e.TemperatureC, e.Documents,
            annulments.TryGetValue(e.Seq, out var a) ? new ScanAnnulment(a.RecordedAt, views[a.ActorUscc], a.Location) : null)).ToList();
        return (shown, ordered.Where(e => !annulments.ContainsKey(e.Seq)).ToList());
    }
}
