using System.Globalization;
using System.Security.Cryptography;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Trace;

public static class TraceValidator
{
    public const int MaxTextLength = 200;
    public const int MaxDocuments = 20;
    public const int MaxCodesPerEvent = 1_000;
    public const int MaxParents = 100;
    public const int MaxReadings = 2_000;
    public const int MaxUnitLength = 16;
    public const int MaxLotLength = 64;

    /// <summary>How far a logger reading may lie from its event's time (a leg of a journey, a month in store).</summary>
    public static readonly TimeSpan MaxReadingSpan = TimeSpan.FromDays(31);
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>A caller's code: 8–64 of <c>[A-Za-z0-9-]</c>.</summary>
    public static bool IsCode(string? code)
        => code is { Length: >= 8 and <= 64 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>20 characters from a 56-symbol alphabet without look-alikes: about 116 bits, unguessable.</summary>
    public static string MintCode() => string.Concat(Enumerable.Range(0, 20).Select(_ => CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)]));

    public static (TraceProduct? Product, FieldErrors Errors) Product(CodeInput? input, string createdBy, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            return (null, errors.Add("body", "A product is required."));
        }

        var code = string.IsNullOrWhiteSpace(input.Code) ? MintCode() : input.Code.Trim();
        if (!IsCode(code))
        {
            errors.Add("code", "A code is 8–64 letters, digits or '-'.");
        }

        var category = input.Category?.Trim();
        if (category is null || !TraceVocabulary.Categories.Contains(category, StringComparer.Ordinal))
        {
            errors.Add("category", $"A category is one of {string.Join(", ", TraceVocabulary.Categories)}.");
        }

        var name = Text(input.ProductName, "productName", required: true, errors);
        var batch = Text(input.Batch, "batch", required: false, errors);
        var spec = Text(input.Spec, "spec", required: false, errors);
        var origin = Text(input.Origin, "origin", required: false, errors);
        Uscc.TryParse(input.ProducerUscc, out var producer, out var producerError);
        if (producer.IsEmpty)
        {
            errors.Add("producerUscc", producerError);
        }

        // Quick-frozen food (速冻食品) is frozen by definition: frozen by default, and nothing else.
        var storage = string.IsNullOrWhiteSpace(input.Storage) ? (category == "quick-frozen" ? "frozen" : "ambient") : input.Storage.Trim();
        if (!TraceVocabulary.StorageModes.Contains(storage, StringComparer.Ordinal))
        {
            errors.Add("storage", "Storage is ambient, chilled or frozen.");
        }
        else if (category == "quick-frozen" && storage != "frozen")
        {
            errors.Add("storage", "Quick-frozen food (速冻食品) is stored frozen.");
        }

        var parents = Parents(input.Parents, code, errors);
        var declared = input.TemperatureRange;
        if (declared is not null && ((declared.Min is null && declared.Max is null) || declared.Min > declared.Max || declared.Min is < -80 or > 80 || declared.Max is < -80 or > 80))
        {
            errors.Add("temperatureRange", "A declared temperature range has min and/or max from −80 to 80 °C, min ≤ max.");
        }

        var certifications = (input.Certifications ?? []).Select(c => c?.Trim() ?? string.Empty).ToList();
        if (certifications.Count > MaxDocuments || certifications.Any(c => c.Length is 0 or > MaxTextLength))
        {
            errors.Add("certifications", $"At most {MaxDocuments} certifications of 1–{MaxTextLength} characters.");
        }

        return errors.IsEmpty
            ? (new TraceProduct(code, category!, name!, batch, spec, origin, producer.Value, storage, certifications, now, createdBy, parents.Count > 0 ? parents : null, declared is null ? null : new TemperatureRange(declared.Min, declared.Max)), errors)
            : (null, errors);
    }

    public static (NewTraceEvent? Event, FieldErrors Errors) Event(EventInput? input, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            return (null, errors.Add("body", "An event is required."));
        }

        var step = input.Step?.Trim();
        if (step is null || !TraceVocabulary.Steps.Contains(step, StringComparer.Ordinal))
        {
            errors.Add("step", $"A step is one of {string.Join(", ", TraceVocabulary.Steps)}.");
        }
        else if (step == "recall")
        {
            // A recall names no actor of its own choosing: only the recall route records one, with its caller as actor.
            errors.Add("step", "A recall goes through POST /api/trace/codes/{code}/recall (a Regulator or the producer), not the event routes.");
        }

        Uscc.TryParse(input.ActorUscc, out var actor, out var actorError);
        if (actor.IsEmpty)
        {
            errors.Add("actorUscc", actorError);
        }

        DateTimeOffset occurredAt = default;
        if (string.IsNullOrWhiteSpace(input.OccurredAt)
            || !DateTimeOffset.TryParse(input.OccurredAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out occurredAt)
            || !HasOffset(input.OccurredAt))
        {
            errors.Add("occurredAt", "occurredAt is an ISO 8601 time with its offset, e.g. 2026-11-26T08:30:00+08:00.");
        }
        else if (occurredAt > now.AddMinutes(5))
        {
            errors.Add("occurredAt", "occurredAt is in the future.");
        }

        var location = Text(input.Location, "location", required: true, errors);
        if (input.TemperatureC is < -80 or > 80)
        {
            errors.Add("temperatureC", "A temperature is from −80 to 80 °C.");
        }

        var documents = (input.Documents ?? []).ToList();
        if (documents.Count > MaxDocuments || documents.Any(d => string.IsNullOrWhiteSpace(d?.Type) || string.IsNullOrWhiteSpace(d.Number) || d.Type.Length > MaxTextLength || d.Number.Length > MaxTextLength))
        {
            errors.Add("documents", $"At most {MaxDocuments} documents, each with a type and a number of at most {MaxTextLength} characters.");
        }

        var sourceId = Text(input.SourceId, "sourceId", required: true, errors);
        var details = Details(input, occurredAt, now, errors);

        return errors.IsEmpty
            ? (new NewTraceEvent(step!, actor.Value, occurredAt, location!, input.TemperatureC, documents.Select(d => new TraceDocument(d.Type!.Trim(), d.Number!.Trim())).ToList(), sourceId!, details), errors)
            : (null, errors);
    }

    /// <summary>A child's parents (split or merge): distinct codes, at most <see cref="MaxParents"/>, never the child itself. Whether they exist is the service's question.</summary>
    private static List<string> Parents(IReadOnlyList<string>? input, string code, FieldErrors errors)
    {
        var parents = new List<string>();
        if (input is null)
        {
            return parents;
        }

        if (input.Count > MaxParents)
        {
            errors.Add("parents", $"At most {MaxParents} parents.");
            return parents;
        }

        for (var i = 0; i < input.Count; i++)
        {
            var parent = input[i]?.Trim();
            if (!IsCode(parent))
            {
                errors.Add($"parents[{i}]", "A parent is a code of 8–64 letters, digits or '-'.");
            }
            else if (parent == code)
            {
                errors.Add($"parents[{i}]", "A code cannot be its own parent.");
            }
            else if (parents.Contains(parent!, StringComparer.Ordinal))
            {
                errors.Add($"parents[{i}]", "This parent is named twice.");
            }
            else
            {
                parents.Add(parent!);
            }
        }

        return parents;
    }

    /// <summary>GB/T 38156 交易记录 (from, to, quantity with unit, lot) and a logger series: null when the event carries none.</summary>
    private static TraceEventDetails? Details(EventInput input, DateTimeOffset occurredAt, DateTimeOffset now, FieldErrors errors)
    {
        var from = Party(input.From, "from", errors);
        var to = Party(input.To, "to", errors);
        var unit = string.IsNullOrWhiteSpace(input.Unit) ? null : input.Unit.Trim();
        if (input.Quantity is { } quantity && (quantity <= 0 || quantity > 1_000_000_000))
        {
            errors.Add("quantity", "A quantity is above 0 and at most 1,000,000,000.");
        }

        if (input.Quantity is not null && unit is null)
        {
            errors.Add("unit", "A quantity needs its unit (kg, t, 头, 箱, …).");
        }
        else if (input.Quantity is null && unit is not null)
        {
            errors.Add("quantity", "A unit goes with a quantity.");
        }
        else if (unit is { Length: > MaxUnitLength })
        {
            errors.Add("unit", $"A unit has at most {MaxUnitLength} characters.");
        }

        PlainText.Check(unit, "unit", errors);
        var lot = string.IsNullOrWhiteSpace(input.Lot) ? null : input.Lot.Trim();
        if (lot is { Length: > MaxLotLength })
        {
            errors.Add("lot", $"A lot has at most {MaxLotLength} characters.");
        }

        PlainText.Check(lot, "lot", errors);
        var readings = Readings(input.Readings, occurredAt, now, errors);
        return from is null && to is null && input.Quantity is null && unit is null && lot is null && readings is null
            ? null
            : new TraceEventDetails(from, to, input.Quantity, unit, lot, readings);
    }

    private static string? Party(string? input, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        if (!Uscc.TryParse(input, out var uscc, out var error))
        {
            errors.Add(field, error);
            return null;
        }

        return uscc.Value;
    }

    /// <summary>A logger series: at most <see cref="MaxReadings"/>, each at a time with its offset, near the event and not in the future, −80 to 80 °C.</summary>
    private static List<TemperatureReading>? Readings(IReadOnlyList<ReadingInput?>? input, DateTimeOffset occurredAt, DateTimeOffset now, FieldErrors errors)
    {
        if (input is null || input.Count == 0)
        {
            return null;
        }

        if (input.Count > MaxReadings)
        {
            errors.Add("readings", $"A logger series has at most {MaxReadings} readings.");
            return null;
        }

        var readings = new List<TemperatureReading>(input.Count);
        for (var i = 0; i < input.Count; i++)
        {
            var r = input[i];
            if (r?.At is not { } text || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) || !HasOffset(text))
            {
                errors.Add($"readings[{i}].at", "at is an ISO 8601 time with its offset.");
                return null;
            }

            if (at > now.AddMinutes(5) || (occurredAt != default && (at - occurredAt).Duration() > MaxReadingSpan))
            {
                errors.Add($"readings[{i}].at", $"A reading is not in the future and within {MaxReadingSpan.TotalDays:0} days of occurredAt.");
                return null;
            }

            if (r.C is not { } c || c is < -80 or > 80)
            {
                errors.Add($"readings[{i}].c", "c is a temperature from −80 to 80 °C.");
                return null;
            }

            readings.Add(new TemperatureReading(at, c));
        }

        return readings;
    }

    private static bool HasOffset(string text)
    {
        var trimmed = text.Trim();
        return trimmed.EndsWith('Z') || trimmed.EndsWith('z') || (trimmed.Length > 6 && trimmed[^6] is '+' or '-' && trimmed[^3] == ':');
    }

    private static string? Text(string? value, string field, bool required, FieldErrors errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null && required)
        {
            errors.Add(field, $"{field} is required.");
        }
        else if (text is { Length: > MaxTextLength })
        {
            errors.Add(field, $"{field} has at most {MaxTextLength} characters.");
        }

        PlainText.Check(text, field, errors);
        return text;
    }
}
