using System.Text;

namespace CreditSharing.Core.Imports;

/// <summary>One CSV record: its fields, or why it could not be read, and the physical line it started on.</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string>? Fields, string? Error);

/// <summary>
/// A streaming RFC 4180 reader: quoted fields with doubled quotes and embedded line breaks; CRLF,
/// LF and lone CR line endings, mixed. It holds one record at a time, never the file.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    /// <summary>Characters per field: longer is a broken quote swallowing the file, not data.</summary>
    public const int MaxFieldLength = 32_000;

    /// <summary>Fields per record: a row of a million commas is rejected, not held as a million strings.</summary>
    public const int MaxFields = 200;

    /// <summary>UTF-8 bytes per record (1 MiB): past it the rest of the record is skipped, not buffered.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    private int line = 1;

    public async IAsyncEnumerable<CsvRow> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new char[16 * 1024];
        var length = 0;
        var position = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        var startLine = line;
        var inQuotes = false;
        var quotedField = false;
        var afterQuote = false;
        string? error = null;
        var any = false;
        var recordBytes = 0L;

        while (true)
        {
            if (position >= length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                length = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
                position = 0;
                if (length == 0)
                {
                    break;
                }
            }

            var c = buffer[position++];
            recordBytes += c < 0x80 ? 1 : c < 0x800 || char.IsSurrogate(c) ? 2 : 3;
            if (recordBytes > MaxLineBytes)
            {
                error ??= $"The line is longer than {MaxLineBytes:N0} bytes.";
            }

            if (inQuotes)
            {
                if (c == '"')
                {
                    inQuotes = false;
                    afterQuote = true;
                }
                else
                {
                    if (c == '\n' || (c == '\r' && !NextIs('\n')))
                    {
                        line++;
                    }

                    Append(c);
                }

                continue;
            }

            if (afterQuote && c == '"')
            {
                // A doubled quote inside a quoted field.
                Append('"');
                inQuotes = true;
                afterQuote = false;
                continue;
            }

            switch (c)
            {
                case ',':
                    EndField();
                    break;
                case '\r' or '\n':
                    if (c == '\r' && NextIs('\n'))
                    {
                        position++;
                    }

                    line++;
                    EndField();
                    if (any || fields.Count > 1 || error is not null)
                    {
                        yield return Row();
                    }

                    Reset();
                    break;
                case '"' when field.Length == 0 && !quotedField:
                    inQuotes = true;
                    quotedField = true;
                    any = true;
                    break;
                case '"':
                    error ??= "A quote appears inside an unquoted field; quote the field and double the quote (RFC 4180).";
                    Append(c);
                    break;
                default:
                    if (afterQuote)
                    {
                        error ??= "Text follows a closing quote; a quoted field must end at a comma or line end.";
                    }

                    Append(c);
                    break;
            }
        }

        if (inQuotes)
        {
            error ??= "A quoted field is never closed.";
        }

        EndField();
        if (any || fields.Count > 1 || error is not null)
        {
            yield return Row();
        }

        bool NextIs(char expected)
        {
            if (position >= length)
            {
                // The pair may straddle two reads; peek at the reader.
                return reader.Peek() == expected && ConsumePeeked();
            }

            return buffer[position] == expected;
        }

        bool ConsumePeeked()
        {
            // Pull the peeked character into the buffer so the caller's position++ consumes it.
            buffer[0] = (char)reader.Read();
            length = 1;
            position = 0;
            return true;
        }

        void Append(char ch)
        {
            if (recordBytes > MaxLineBytes || fields.Count >= MaxFields)
            {
                // Rejected already: the rest of the record is read, not kept.
            }
            else if (field.Length < MaxFieldLength)
            {
                field.Append(ch);
            }
            else
            {
                error ??= $"A field is longer than {MaxFieldLength:N0} characters.";
            }

            if (!char.IsWhiteSpace(ch))
            {
                any = true;
            }
        }

        void EndField()
        {
            if (fields.Count < MaxFields)
            {
                fields.Add(field.ToString());
            }
            else
            {
                error ??= $"The row has more than {MaxFields} fields.";
                any = true;
            }

            field.Clear();
            quotedField = false;
            afterQuote = false;
        }

        CsvRow Row() => error is null ? new CsvRow(startLine, fields.ToList(), null) : new CsvRow(startLine, null, error);

        void Reset()
        {
            fields.Clear();
            error = null;
            any = false;
            recordBytes = 0;
            startLine = line;
        }
    }
}
