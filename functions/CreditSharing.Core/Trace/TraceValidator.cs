using System.Globalization;
using System.Security.Cryptography;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Trace;

public static class TraceValidator
{
    public const int MaxTextLength = 200;
    public const int MaxDocuments = 20;
    public const int MaxCodesPerEvent = 1_000;
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

        var storage = string.IsNullOrWhiteSpace(input.Storage) ? "ambient" : input.Storage.Trim();
        if (!TraceVocabulary.StorageModes.Contains(storage, StringComparer.Ordinal))
        {
            errors.Add("storage", "Storage is ambient, chilled or frozen.");
        }

        var certifications = (input.Certifications ?? []).Select(c => c?.Trim() ?? string.Empty).ToList();
        if (certifications.Count > MaxDocuments || certifications.Any(c => c.Length is 0 or > MaxTextLength))
        {
            errors.Add("certifications", $"At most {MaxDocuments} certifications of 1–{MaxTextLength} characters.");
        }

        return errors.IsEmpty
            ? (new TraceProduct(code, category!, name!, batch, spec, origin, producer.Value, storage, certifications, now, createdBy), errors)
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
        var (from, to) = Parties(input, errors);
        var details = from is null && to is null ? null : new TraceEventDetails(From: from, To: to);

        return errors.IsEmpty
            ? (new NewTraceEvent(step!, actor.Value, occurredAt, location!, input.TemperatureC, documents.Select(d => new TraceDocument(d.Type!.Trim(), d.Number!.Trim())).ToList(), sourceId!, details), errors)
            : (null, errors);
    }

    /// <summary><c>from</c> and <c>to</c>, each optional and a valid USCC when given: <c>to</c> passes custody of the code.</summary>
    public static (string? From, string? To) Parties(EventInput input, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        string? Party(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            Uscc.TryParse(value, out var uscc, out var error);
            if (uscc.IsEmpty)
            {
                errors.Add(field, error);
                return null;
            }

            return uscc.Value;
        }

        return (Party(input.From, "from"), Party(input.To, "to"));
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
