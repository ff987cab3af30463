using System.Globalization;
using System.Text.Json;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Imports;

/// <summary>A line of an import file as a record input, or why it is not one.</summary>
public sealed record ImportRow(int Line, RecordInput? Input, FieldErrors? Errors);

/// <summary>Turns CSV and NDJSON lines into record inputs; the CSV header uses the JSON field names.</summary>
public static class ImportRows
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "sourceId", "uscc", "category", "title", "content", "decisionDate", "documentNo", "authority", "authorityUscc",
        "legalBasis", "severity", "outcome", "rating", "amount", "validUntil", "disclosure", "scheme",
    ];

    public static readonly IReadOnlyList<string> RequiredColumns = ["sourceId", "uscc", "category", "title", "decisionDate", "authority", "disclosure"];

    /// <summary>Maps header cells to column positions; errors name unknown, repeated and missing columns.</summary>
    public static (Dictionary<string, int>? Map, FieldErrors Errors) Header(IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var errors = new FieldErrors();
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < cells.Count; i++)
        {
            var name = cells[i].Trim().TrimStart('\uFEFF').Trim();
            var column = Columns.FirstOrDefault(c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                errors.Add("header", $"Column {i + 1} {FieldErrors.Echo(name)} is not a record field. Fields are {string.Join(", ", Columns)}.");
            }
            else if (!map.TryAdd(column, i))
            {
                errors.Add("header", $"Column '{column}' appears twice.");
            }
        }

        foreach (var required in RequiredColumns.Where(r => !map.ContainsKey(r)))
        {
            errors.Add("header", $"Required column '{required}' is missing.");
        }

        return errors.IsEmpty ? (map, errors) : (null, errors);
    }

    public static ImportRow FromCsv(CsvRow row, Dictionary<string, int> header)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(header);
        if (row.Fields is null)
        {
            return new ImportRow(row.Line, null, FieldErrors.Of("row", row.Error!));
        }

        if (row.Fields.Count != header.Count)
        {
            return new ImportRow(row.Line, null, FieldErrors.Of("row", $"The row has {row.Fields.Count} fields; the header has {header.Count}."));
        }

        string? Cell(string column) => header.TryGetValue(column, out var i) && row.Fields[i].Length > 0 ? row.Fields[i] : null;

        decimal? amount = null;
        var amountText = Cell("amount");
        if (amountText is not null)
        {
            if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                return new ImportRow(row.Line, null, FieldErrors.Of("amount", $"{FieldErrors.Echo(amountText)} is not an amount in yuan."));
            }

            amount = value;
        }

        return new ImportRow(row.Line, new RecordInput(
            Cell("sourceId"), Cell("uscc"), Cell("category"), Cell("title"), Cell("content"), Cell("decisionDate"), Cell("documentNo"),
            Cell("authority"), Cell("authorityUscc"), Cell("legalBasis"), Cell("severity"), Cell("outcome"), Cell("rating"), amount,
            Cell("validUntil"), Cell("disclosure"), Cell("scheme")), null);
    }

    /// <summary>The record field a JSON path names (case-insensitively, as the reader matches), or null for anything else.</summary>
    public static string? FieldOfPath(string? path)
    {
        var name = path?.TrimStart('$', '.').Split('.', '[')[0];
        return string.IsNullOrEmpty(name) ? null : Columns.FirstOrDefault(c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The caps of a CSV row applied to a JSON line: at most 200 properties and 32,000 characters a string; null when within them.</summary>
    public static string? JsonCaps(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(line), new JsonReaderOptions { MaxDepth = 16 });
        var properties = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && ++properties > CsvReader.MaxFields)
                {
                    return $"The line has more than {CsvReader.MaxFields} fields.";
                }

                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueSpan.Length > CsvReader.MaxFieldLength && reader.GetString()!.Length > CsvReader.MaxFieldLength)
                {
                    return $"A field is longer than {CsvReader.MaxFieldLength:N0} characters.";
                }
            }
        }
        catch (JsonException)
        {
            // Broken JSON is reported by the deserializer, naming the field where it can.
        }

        return null;
    }

    /// <summary>NDJSON: one JSON object per line; blank lines are skipped.</summary>
    public static async IAsyncEnumerable<ImportRow> FromNdjsonAsync(TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        await foreach (var bounded in BoundedLines.ReadAsync(reader, CsvReader.MaxLineBytes, cancellationToken))
        {
            var line = bounded.Line;
            var text = bounded.Text;
            if (text is null)
            {
                yield return new ImportRow(line, null, FieldErrors.Of("row", $"The line is longer than {CsvReader.MaxLineBytes:N0} bytes."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (JsonCaps(text) is { } capped)
            {
                yield return new ImportRow(line, null, FieldErrors.Of("row", capped));
                continue;
            }

            RecordInput? input = null;
            FieldErrors? errors = null;
            try
            {
                input = JsonSerializer.Deserialize<RecordInput>(text, WireJson.Options);
                if (input is null)
                {
                    errors = FieldErrors.Of("row", "The line is not a JSON object.");
                }
            }
            catch (JsonException ex)
            {
                // System.Text.Json reports a value of the wrong type ("could not be converted") apart
                // from broken syntax; only the first names a field the provider can fix.
                errors = ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && FieldOfPath(ex.Path) is { } field
                    ? FieldErrors.Of(field, "The value has the wrong JSON type.")
                    : FieldErrors.Of("row", "The line is not one complete JSON record object.");
            }

            yield return new ImportRow(line, input, errors);
        }
    }
}
