using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreditSharing.Core.Shared;

/// <summary>
/// Body of a credit repair (信用修复) of a record or a list entry. Under the 2026 repair rules
/// (docs/records.md "Repair") a repair needs the enterprise's public credit commitment (信用承诺),
/// its statutory obligations fulfilled (履行法定义务) and evidence of both.
/// </summary>
public sealed record RepairInput(
    string? Reason,
    string? DocumentNo,
    RepairCommitmentInput? Commitment = null,
    bool? ObligationsFulfilled = null,
    IReadOnlyList<string?>? Evidence = null);

/// <summary>The commitment as sent: its text and the day the enterprise signed it (YYYY-MM-DD).</summary>
public sealed record RepairCommitmentInput(string? Text, string? SignedOn);

/// <summary>
/// A credit commitment as kept with a repair. Repairs made before the 2026 rules kept the text
/// alone (a JSON string); those read as a commitment without <see cref="SignedOn"/>.
/// </summary>
[JsonConverter(typeof(RepairCommitmentJsonConverter))]
public sealed record RepairCommitment(string Text, DateOnly? SignedOn);

/// <summary>A repair body that passed <see cref="Repairs.Check"/>: trimmed, every requirement met.</summary>
public sealed record RepairDetails(string Reason, string DocumentNo, RepairCommitment Commitment, bool ObligationsFulfilled, IReadOnlyList<string> Evidence);

/// <summary>
/// What <see cref="Repairs.Check"/> found: <see cref="Invalid"/> (malformed values, 400) comes first;
/// then <see cref="Missing"/> (a requirement of the repair rules not met, 422); else <see cref="Value"/>.
/// </summary>
public sealed record RepairCheck(RepairDetails? Value, FieldErrors Invalid, FieldErrors Missing);

/// <summary>The one set of repair rules, for records and list entries alike.</summary>
public static class Repairs
{
    public const int MaxReasonLength = 1_000;

    public const int MaxDocumentNoLength = 100;

    public const int MaxCommitmentLength = 2_000;

    public const int MaxEvidenceItems = 20;

    public const int MaxEvidenceLength = 500;

    /// <param name="today">The city's date: a commitment is not signed after it.</param>
    public static RepairCheck Check(RepairInput? input, DateOnly today)
    {
        var invalid = new FieldErrors();
        var missing = new FieldErrors();
        var reason = Required(input?.Reason, "reason", MaxReasonLength, multiline: true, invalid);
        var documentNo = Required(input?.DocumentNo, "documentNo", MaxDocumentNoLength, multiline: false, invalid);

        string? text = null;
        DateOnly? signedOn = null;
        if (input?.Commitment is not { } commitment)
        {
            missing.Add("commitment", "A repair needs the enterprise's public credit commitment: commitment {text, signedOn}.");
        }
        else
        {
            text = string.IsNullOrWhiteSpace(commitment.Text) ? null : commitment.Text.Trim();
            if (text is null)
            {
                missing.Add("commitment.text", "commitment.text (the text of the credit commitment) is required.");
            }
            else if (text.Length > MaxCommitmentLength)
            {
                invalid.Add("commitment.text", string.Create(CultureInfo.InvariantCulture, $"commitment.text has at most {MaxCommitmentLength:N0} characters."));
            }

            PlainText.Check(text, "commitment.text", invalid, multiline: true);
            if (string.IsNullOrWhiteSpace(commitment.SignedOn))
            {
                missing.Add("commitment.signedOn", "commitment.signedOn (the day the commitment was signed, YYYY-MM-DD) is required.");
            }
            else if (!DateOnly.TryParseExact(commitment.SignedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var signed))
            {
                invalid.Add("commitment.signedOn", $"{FieldErrors.Echo(commitment.SignedOn)} is not a date: write YYYY-MM-DD.");
            }
            else if (signed > today)
            {
                invalid.Add("commitment.signedOn", $"The commitment cannot be signed after today ({today:yyyy-MM-dd}).");
            }
            else
            {
                signedOn = signed;
            }
        }

        if (input?.ObligationsFulfilled != true)
        {
            missing.Add("obligationsFulfilled", "A repair needs the statutory obligations fulfilled: obligationsFulfilled must be true.");
        }

        var evidence = new List<string>();
        if (input?.Evidence is not { Count: > 0 } items)
        {
            missing.Add("evidence", "A repair needs evidence: at least one item (a document reference or an uploaded file's name).");
        }
        else if (items.Count > MaxEvidenceItems)
        {
            invalid.Add("evidence", $"evidence has at most {MaxEvidenceItems} items.");
        }
        else
        {
            for (var i = 0; i < items.Count; i++)
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"evidence[{i}]");
                var item = Required(items[i], field, MaxEvidenceLength, multiline: false, invalid);
                if (item is not null)
                {
                    evidence.Add(item);
                }
            }
        }

        if (!invalid.IsEmpty || !missing.IsEmpty)
        {
            return new RepairCheck(null, invalid, missing);
        }

        return new RepairCheck(new RepairDetails(reason!, documentNo!, new RepairCommitment(text!, signedOn), true, evidence), invalid, missing);
    }

    private static string? Required(string? value, string field, int maxLength, bool multiline, FieldErrors errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null)
        {
            errors.Add(field, $"{field} is required.");
        }
        else if (text.Length > maxLength)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"{field} has at most {maxLength:N0} characters."));
        }

        PlainText.Check(text, field, errors, multiline);
        return text;
    }
}

/// <summary>Writes <c>{"text", "signedOn"}</c>; reads that, or a plain string (a commitment kept before the 2026 rules).</summary>
public sealed class RepairCommitmentJsonConverter : JsonConverter<RepairCommitment>
{
    public override RepairCommitment? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new RepairCommitment(reader.GetString()!, null);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A commitment is an object {text, signedOn} or a string.");
        }

        string? text = null;
        DateOnly? signedOn = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "text", StringComparison.OrdinalIgnoreCase))
            {
                text = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            }
            else if (string.Equals(name, "signedOn", StringComparison.OrdinalIgnoreCase))
            {
                signedOn = reader.TokenType == JsonTokenType.Null ? null : DateOnly.ParseExact(reader.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else
            {
                reader.Skip();
            }
        }

        return new RepairCommitment(text ?? string.Empty, signedOn);
    }

    public override void Write(Utf8JsonWriter writer, RepairCommitment value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("text", value.Text);
        if (value.SignedOn is { } signedOn)
        {
            writer.WriteString("signedOn", signedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull("signedOn");
        }

        writer.WriteEndObject();
    }
}
