using System.Globalization;

namespace CreditSharing.Core.Trace;

/// <summary>
/// Rules file <c>trace.coldChain</c>: a profile per storage mode (<c>chilled</c>, <c>frozen</c>), each with
/// category overrides (dairy, drug, quick-frozen, …), and the default tolerance of a logger series.
/// </summary>
/// <param name="ToleranceMinutes">Cumulative minutes a logger series may spend out of range before it is a break, unless a profile says otherwise.</param>
public sealed record ColdChainRules(int ToleranceMinutes, IReadOnlyDictionary<string, ColdChainProfileRule> Storage)
{
    /// <summary>
    /// The profile of a product: the range it declared at registration; else its storage mode's profile,
    /// overridden by its category's under that mode; none for ambient storage (no cold chain).
    /// </summary>
    public ColdChainProfile? ProfileOf(TraceProduct product)
    {
        ArgumentNullException.ThrowIfNull(product);
        var byStorage = Storage.GetValueOrDefault(product.Storage);
        var byCategory = byStorage?.Categories?.GetValueOrDefault(product.Category);
        if (product.DeclaredRange is { } declared)
        {
            return new ColdChainProfile("declared", declared, byCategory?.ToleranceMinutes ?? byStorage?.ToleranceMinutes ?? ToleranceMinutes, "declared by the producer at registration");
        }

        if (byCategory is not null)
        {
            return new ColdChainProfile($"{product.Storage}/{product.Category}", byCategory.Range, byCategory.ToleranceMinutes ?? byStorage!.ToleranceMinutes ?? ToleranceMinutes, byCategory.Source);
        }

        return byStorage is null ? null : new ColdChainProfile(product.Storage, byStorage.Range, byStorage.ToleranceMinutes ?? ToleranceMinutes, byStorage.Source);
    }

    /// <summary>Throws when a profile has no bound, min above max, or a tolerance below zero.</summary>
    public void Validate()
    {
        if (ToleranceMinutes < 0 || Storage is null || Storage.Count == 0)
        {
            throw new InvalidOperationException("trace.coldChain needs toleranceMinutes ≥ 0 and at least one storage profile.");
        }

        foreach (var (storage, profile) in Storage)
        {
            profile.Validate(storage);
            foreach (var (category, over) in profile.Categories ?? new Dictionary<string, ColdChainProfileRule>())
            {
                over.Validate($"{storage}/{category}");
            }
        }
    }
}

/// <summary>One profile in the rules file: its range (null bound = unbounded), the rule it comes from, an optional tolerance and category overrides.</summary>
public sealed record ColdChainProfileRule(decimal? Min, decimal? Max, string? Source, int? ToleranceMinutes = null, IReadOnlyDictionary<string, ColdChainProfileRule>? Categories = null)
{
    public TemperatureRange Range => new(Min, Max);

    internal void Validate(string name)
    {
        if ((Min is null && Max is null) || Min > Max || ToleranceMinutes < 0 || string.IsNullOrWhiteSpace(Source))
        {
            throw new InvalidOperationException($"Cold-chain profile {name} needs a bound, min ≤ max, a tolerance ≥ 0 and a source.");
        }
    }
}

/// <summary>The profile applied to a product.</summary>
public sealed record ColdChainProfile(string Name, TemperatureRange Range, int ToleranceMinutes, string? Source);

/// <summary>
/// The cold-chain verdict of a product's events: a single reading out of range breaks it at once; a
/// cold-chain step (store, transport, wholesale, retail) with neither a reading nor a logger series
/// breaks it; a logger series breaks it when its excursions, added up in time order over the whole
/// product, exceed the profile's tolerance: the excursion that passes the tolerance and every later one
/// is a break, with its start, end and extreme value.
/// </summary>
public static class ColdChain
{
    /// <param name="events">The events that count (annulled ones left out), in time order.</param>
    public static (ColdChainStatus Status, IReadOnlyList<ColdChainBreak> Breaks) Evaluate(ColdChainProfile? profile, IEnumerable<TraceEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (profile is null)
        {
            return (new ColdChainStatus(false, null, true, []), []);
        }

        var range = profile.Range;
        var breaks = new List<ColdChainBreak>();
        var excursions = new List<(TraceEvent Event, Excursion Excursion)>();
        foreach (var e in events)
        {
            var readings = e.Details?.Readings ?? [];
            if (e.TemperatureC is { } t && !range.Contains(t))
            {
                breaks.Add(Described(new ColdChainBreak(e.Step, e.OccurredAt, e.Location, t, e.OccurredAt, e.OccurredAt, t), range));
            }
            else if (e.TemperatureC is null && readings.Count == 0 && TraceVocabulary.ColdChainSteps.Contains(e.Step, StringComparer.Ordinal))
            {
                breaks.Add(Described(new ColdChainBreak(e.Step, e.OccurredAt, e.Location, null, e.OccurredAt, e.OccurredAt), range));
            }

            excursions.AddRange(Excursions(readings, range).Select(x => (e, x)));
        }

        var tolerance = TimeSpan.FromMinutes(profile.ToleranceMinutes);
        var outOfRange = TimeSpan.Zero;
        foreach (var (e, x) in excursions.OrderBy(x => x.Excursion.Start))
        {
            outOfRange += x.End - x.Start;
            if (outOfRange > tolerance)
            {
                breaks.Add(Described(new ColdChainBreak(e.Step, e.OccurredAt, e.Location, e.TemperatureC, x.Start, x.End, x.ExtremeC), range));
            }
        }

        var ordered = breaks.OrderBy(b => b.Start ?? b.OccurredAt).ToList();
        return (new ColdChainStatus(true, range, ordered.Count == 0, ordered, profile.Name, profile.ToleranceMinutes), ordered);
    }

    /// <summary>
    /// Runs of readings out of range in one series: each from its first reading out of range to the
    /// first reading back in range (the last reading when the series ends out of range), with the
    /// reading farthest from the range.
    /// </summary>
    public static IReadOnlyList<Excursion> Excursions(IReadOnlyList<TemperatureReading> readings, TemperatureRange range)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(range);
        var result = new List<Excursion>();
        TemperatureReading? start = null;
        TemperatureReading? extreme = null;
        TemperatureReading? last = null;
        foreach (var r in readings.OrderBy(r => r.At))
        {
            if (!range.Contains(r.C))
            {
                start ??= r;
                extreme = extreme is null || Distance(r.C, range) > Distance(extreme.C, range) ? r : extreme;
            }
            else if (start is not null)
            {
                result.Add(new Excursion(start.At, r.At, extreme!.C));
                start = extreme = null;
            }

            last = r;
        }

        if (start is not null)
        {
            result.Add(new Excursion(start.At, last!.At, extreme!.C));
        }

        return result;
    }

    private static decimal Distance(decimal c, TemperatureRange range)
        => c > range.Max ? c - range.Max.Value : c < range.Min ? range.Min.Value - c : 0;

    private static ColdChainBreak Described(ColdChainBreak b, TemperatureRange range) => b with { Text = Describe(b, range) };

    /// <summary>A break as the API's <c>coldChain.breaks[].text</c> states it.</summary>
    private static string Describe(ColdChainBreak b, TemperatureRange range)
    {
        var at = $"{b.Step} at {Minute(b.OccurredAt)} ({b.Location})";
        if (b.ExtremeC is null)
        {
            return $"{at}: no temperature recorded";
        }

        return b.Start == b.End
            ? $"{at}: {Degrees(b.ExtremeC.Value)} °C"
            : $"{at}: logger out of range {Degrees(range.Min)}..{Degrees(range.Max)} °C from {Minute(b.Start)} to {Minute(b.End)} ({(b.End!.Value - b.Start!.Value).TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min), extreme {Degrees(b.ExtremeC.Value)} °C";
    }

    private static string Minute(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Degrees(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>A run of logger readings out of range.</summary>
public sealed record Excursion(DateTimeOffset Start, DateTimeOffset End, decimal ExtremeC);
