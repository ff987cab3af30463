using System.Text;

namespace CreditSharing.Core.Imports;

/// <summary>A physical line of a text file, or (<see cref="Text"/> null) one longer than the cap, which was skipped unread.</summary>
public sealed record BoundedLine(int Line, string? Text);

/// <summary>
/// Reads lines (CRLF, LF or CR) holding at most <see cref="CsvReader.MaxLineBytes"/> UTF-8 bytes of
/// one line: a longer line is reported and skipped to its end, never buffered whole.
/// </summary>
public static class BoundedLines
{
    public static async IAsyncEnumerable<BoundedLine> ReadAsync(TextReader reader, int maxBytes = CsvReader.MaxLineBytes, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var buffer = new char[16 * 1024];
        var text = new StringBuilder();
        var bytes = 0L;
        var line = 1;
        var afterCr = false;
        var pending = false;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (afterCr)
                {
                    afterCr = false;
                    if (c == '\n')
                    {
                        continue;
                    }
                }

                if (c is '\r' or '\n')
                {
                    afterCr = c == '\r';
                    yield return new BoundedLine(line++, bytes > maxBytes ? null : text.ToString());
                    text.Clear();
                    bytes = 0;
                    pending = false;
                    continue;
                }

                pending = true;
                bytes += c < 0x80 ? 1 : c < 0x800 || char.IsSurrogate(c) ? 2 : 3;
                if (bytes <= maxBytes)
                {
                    text.Append(c);
                }
                else
                {
                    text.Clear();
                }
            }
        }

        if (pending)
        {
            yield return new BoundedLine(line, bytes > maxBytes ? null : text.ToString());
        }
    }
}
