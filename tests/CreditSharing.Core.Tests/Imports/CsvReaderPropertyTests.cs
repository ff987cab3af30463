using System.Text;
using CreditSharing.Core.Imports;
using CreditSharing.Core.Shared;
using CsCheck;

namespace CreditSharing.Core.Tests.Imports;

/// <summary>
/// Any table written with RFC 4180 quoting reads back as the same cells with the line each row
/// started on: CRLF, LF or CR line ends, embedded quotes, commas and line breaks, Chinese, and
/// reads cut at any place (a trickling reader moves every boundary across the reader's buffer).
/// </summary>
public sealed class CsvReaderPropertyTests
{
    /// <summary>Heavy on the characters that matter to the format.</summary>
    private static readonly Gen<string> Cell = Gen.OneOf(
            Gen.Char[",\"\r\n \tab驻马店中文"],
            Gen.Char['A', 'z'],
            Gen.Char['\u4e00', '\u9fa5'])
        .Array[0, 12].Select(chars => new string(chars));

    private static readonly Gen<string[][]> Table = Cell.Array[1, 6].Array[1, 15];

    private static readonly Gen<string> LineEnd = Gen.OneOf("\r\n", "\n", "\r");

    /// <summary>RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Write(string[][] table, string lineEnd, bool finalLineEnd)
    {
        var text = new StringBuilder();
        for (var r = 0; r < table.Length; r++)
        {
            var row = table[r];
            // A lone blank cell unquoted would be a blank line, which the reader skips by design.
            var quoteAll = row.Length == 1 && string.IsNullOrWhiteSpace(row[0]);
            text.AppendJoin(',', row.Select(cell => quoteAll || cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell));
            if (r < table.Length - 1 || finalLineEnd)
            {
                text.Append(lineEnd);
            }
        }

        return text.ToString();
    }

    /// <summary>The physical line (from 1) where each row starts: one more than the line breaks before it, CRLF counting once.</summary>
    private static List<int> StartLines(string text, string[][] table, string lineEnd, bool finalLineEnd)
    {
        var lines = new List<int>();
        var line = 1;
        var prefix = new StringBuilder();
        for (var r = 0; r < table.Length; r++)
        {
            lines.Add(line);
            var written = Write([table[r]], lineEnd, r < table.Length - 1 || finalLineEnd);
            line += Breaks(written);
            prefix.Append(written);
        }

        Assert.Equal(text, prefix.ToString());
        return lines;

        static int Breaks(string s) => s.Replace("\r\n", "\n", StringComparison.Ordinal).Count(c => c is '\r' or '\n');
    }

    private static List<CsvRow> Read(string text, int chunk)
    {
        var rows = new List<CsvRow>();
        var enumerator = new CsvReader(new TricklingReader(text, chunk)).ReadAsync().GetAsyncEnumerator();
        try
        {
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                rows.Add(enumerator.Current);
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return rows;
    }

    [Fact]
    public void ReadsBackEveryTableWrittenWithRfc4180Quoting()
        => Gen.Select(Table, LineEnd, Gen.Bool, Gen.Int[1, 64])
            .Sample((table, lineEnd, finalLineEnd, chunk) =>
            {
                var text = Write(table, lineEnd, finalLineEnd);

                var rows = Read(text, chunk);

                Assert.Equal(table.Length, rows.Count);
                var starts = StartLines(text, table, lineEnd, finalLineEnd);
                for (var r = 0; r < table.Length; r++)
                {
                    Assert.Null(rows[r].Error);
                    Assert.Equal(table[r], rows[r].Fields);
                    Assert.Equal(starts[r], rows[r].Line);
                }
            });

    [Fact]
    public void ReadsTheSameRowsWhateverTheReadSizes()
        => Gen.Select(Table, LineEnd, Gen.Int[1, 7], Gen.Int[8, 20_000])
            .Sample((table, lineEnd, small, large) =>
            {
                var text = Write(table, lineEnd, finalLineEnd: true);

                var trickled = Read(text, small);
                var whole = Read(text, large);

                Assert.Equal(whole.Select(r => (r.Line, string.Join('\u0001', r.Fields!))), trickled.Select(r => (r.Line, string.Join('\u0001', r.Fields!))));
            });

    [Fact]
    public void ReadsBackCellsWrittenByTheExportHelperNeutralised()
        => Cell.Array[1, 6].Array[1, 10]
            .Sample(table =>
            {
                var text = string.Join("\r\n", table.Select(row => string.Join(',', row.Select(CsvCells.Text)))) + "\r\n";

                var rows = Read(text, 4096);

                // A one-cell row that writes as blank is a blank line, which the reader skips.
                var expected = table.Where(row => !(row.Length == 1 && string.IsNullOrWhiteSpace(CsvCells.Text(row[0]))))
                    .Select(row => row.Select(cell => cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal) ? "'" + cell : cell).ToArray())
                    .ToList();
                Assert.Equal(expected, rows.Select(r => r.Fields!.ToArray()).ToList());
            });

    /// <summary>Hands out at most <c>chunk</c> characters per read, and peeks like a real reader.</summary>
    private sealed class TricklingReader(string text, int chunk) : TextReader
    {
        private int position;

        public override int Peek() => position < text.Length ? text[position] : -1;

        public override int Read() => position < text.Length ? text[position++] : -1;

        public override int Read(Span<char> buffer)
        {
            var count = Math.Min(Math.Min(chunk, buffer.Length), text.Length - position);
            text.AsSpan(position, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Read(buffer.Span));
    }
}
