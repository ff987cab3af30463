using System.Text;
using CreditSharing.Core.Imports;

namespace CreditSharing.Core.Tests.Imports;

public sealed class CsvReaderTests
{
    /// <summary>The reader's internal buffer: a line break at this offset straddles two reads.</summary>
    private const int BufferSize = 16 * 1024;

    private const string QuoteInsideError = "A quote appears inside an unquoted field; quote the field and double the quote (RFC 4180).";
    private const string TextAfterQuoteError = "Text follows a closing quote; a quoted field must end at a comma or line end.";
    private const string UnclosedQuoteError = "A quoted field is never closed.";

    private static async Task<List<CsvRow>> ReadAll(string text)
    {
        var rows = new List<CsvRow>();
        await foreach (var row in new CsvReader(new StringReader(text)).ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static void AssertRow(CsvRow row, int line, params string[] fields)
    {
        Assert.Null(row.Error);
        Assert.Equal(line, row.Line);
        Assert.Equal(fields, row.Fields);
    }

    private static void AssertError(CsvRow row, int line, string error)
    {
        Assert.Equal(line, row.Line);
        Assert.Null(row.Fields);
        Assert.Equal(error, row.Error);
    }

    [Fact]
    public async Task ReadsSimpleRowsNumberingLinesFromOne()
    {
        var rows = await ReadAll("sourceId,uscc,title\nSW-1,91411702MA6ULN0X2U,a\nSW-2,91411721MA95XDFT69,b\n");

        Assert.Equal(3, rows.Count);
        AssertRow(rows[0], 1, "sourceId", "uscc", "title");
        AssertRow(rows[1], 2, "SW-1", "91411702MA6ULN0X2U", "a");
        AssertRow(rows[2], 3, "SW-2", "91411721MA95XDFT69", "b");
    }

    [Fact]
    public async Task ReadsNothingFromAnEmptyFile()
    {
        var rows = await ReadAll(string.Empty);

        Assert.Empty(rows);
    }

    [Fact]
    public async Task KeepsEmptyFields()
    {
        var rows = await ReadAll(",a,,\n,\n");

        Assert.Equal(2, rows.Count);
        AssertRow(rows[0], 1, "", "a", "", "");
        AssertRow(rows[1], 2, "", "");
    }

    [Fact]
    public async Task KeepsSpacesAroundUnquotedFields()
    {
        var rows = await ReadAll(" a , b \n");

        AssertRow(Assert.Single(rows), 1, " a ", " b ");
    }

    [Fact]
    public async Task ReadsAQuotedFieldHoldingCommas()
    {
        var rows = await ReadAll("\"a,b,c\",d\n");

        AssertRow(Assert.Single(rows), 1, "a,b,c", "d");
    }

    [Fact]
    public async Task ReadsDoubledQuotesAsOneQuote()
    {
        var rows = await ReadAll("\"say \"\"hi\"\"\",\"\"\"\",\"a\"\"\"\"b\"\n");

        AssertRow(Assert.Single(rows), 1, "say \"hi\"", "\"", "a\"\"b");
    }

    [Fact]
    public async Task ReadsAnEmptyQuotedFieldAsARowOfOneEmptyField()
    {
        var rows = await ReadAll("\"\"\n\"\",\"\"\n");

        Assert.Equal(2, rows.Count);
        AssertRow(rows[0], 1, "");
        AssertRow(rows[1], 2, "", "");
    }

    [Fact]
    public async Task KeepsAnEmbeddedLineFeedAndCountsItForTheNextRow()
    {
        var rows = await ReadAll("h1,h2\n\"first\nsecond\",x\nnext,y\n");

        Assert.Equal(3, rows.Count);
        AssertRow(rows[0], 1, "h1", "h2");
        AssertRow(rows[1], 2, "first\nsecond", "x");
        AssertRow(rows[2], 4, "next", "y");
    }

    [Fact]
    public async Task KeepsAnEmbeddedCrLfAndCountsItOnceForTheNextRow()
    {
        var rows = await ReadAll("h1,h2\r\n\"first\r\nsecond\",x\r\nnext,y\r\n");

        Assert.Equal(3, rows.Count);
        AssertRow(rows[0], 1, "h1", "h2");
        AssertRow(rows[1], 2, "first\r\nsecond", "x");
        AssertRow(rows[2], 4, "next", "y");
    }

    [Fact]
    public async Task KeepsAnEmbeddedLoneCarriageReturnAndCountsIt()
    {
        var rows = await ReadAll("\"a\rb\",x\nnext\n");

        Assert.Equal(2, rows.Count);
        AssertRow(rows[0], 1, "a\rb", "x");
        AssertRow(rows[1], 3, "next");
    }

    [Fact]
    public async Task CountsEveryEmbeddedLineBreakOfEveryField()
    {
        var rows = await ReadAll("\"1\n2\r\n3\r4\",\"\n\n\"\nnext\n\"\n\",after\nlast");

        Assert.Equal(4, rows.Count);
        AssertRow(rows[0], 1, "1\n2\r\n3\r4", "\n\n");
        AssertRow(rows[1], 7, "next");
        AssertRow(rows[2], 8, "\n", "after");
        AssertRow(rows[3], 10, "last");
    }

    [Fact]
    public async Task ReadsCrLfLfAndLoneCrEndingsMixedInOneFile()
    {
        var rows = await ReadAll("a,1\r\nb,2\nc,3\rd,4\r\ne,5");

        Assert.Equal(5, rows.Count);
        AssertRow(rows[0], 1, "a", "1");
        AssertRow(rows[1], 2, "b", "2");
        AssertRow(rows[2], 3, "c", "3");
        AssertRow(rows[3], 4, "d", "4");
        AssertRow(rows[4], 5, "e", "5");
    }

    [Fact]
    public async Task SkipsBlankLinesButCountsThem()
    {
        var rows = await ReadAll("\na\n\n\r\n\rb\r\n\n");

        Assert.Equal(2, rows.Count);
        AssertRow(rows[0], 2, "a");
        AssertRow(rows[1], 6, "b");
    }

    [Theory]
    [InlineData("a,1\n   \nb,2\n")]
    [InlineData("a,1\n\t\nb,2\n")]
    [InlineData("a,1\r\n \t \r\nb,2\r\n")]
    [InlineData("a,1\r\u3000\rb,2")]
    public async Task SkipsAWhitespaceOnlyLineButCountsIt(string text)
    {
        var rows = await ReadAll(text);

        Assert.Equal(2, rows.Count);
        AssertRow(rows[0], 1, "a", "1");
        AssertRow(rows[1], 3, "b", "2");
    }

    [Fact]
    public async Task SkipsAWhitespaceOnlyLastLineWithoutANewline()
    {
        var rows = await ReadAll("a,1\n  \t");

        AssertRow(Assert.Single(rows), 1, "a", "1");
    }

    [Fact]
    public async Task KeepsARowOfWhitespaceFieldsSeparatedByCommas()
    {
        var rows = await ReadAll("a,1\n , \nb,2\n");

        Assert.Equal(3, rows.Count);
        AssertRow(rows[1], 2, " ", " ");
        AssertRow(rows[2], 3, "b", "2");
    }

    [Fact]
    public async Task KeepsAQuotedWhitespaceField()
    {
        var rows = await ReadAll("a\n\" \"\nb\n");

        Assert.Equal(3, rows.Count);
        AssertRow(rows[1], 2, " ");
        AssertRow(rows[2], 3, "b");
    }

    [Fact]
    public async Task ReadsATrailingLineWithoutANewline()
    {
        var rows = await ReadAll("a,b\nc,d");

        Assert.Equal(2, rows.Count);
        AssertRow(rows[1], 2, "c", "d");
    }

    [Fact]
    public async Task ReadsATrailingQuotedFieldWithoutANewline()
    {
        var rows = await ReadAll("a\n\"c,d\"");

        Assert.Equal(2, rows.Count);
        AssertRow(rows[1], 2, "c,d");
    }

    [Fact]
    public async Task ReadsAFileEndingInALoneCarriageReturn()
    {
        var rows = await ReadAll("a,b\r");

        AssertRow(Assert.Single(rows), 1, "a", "b");
    }

    [Theory]
    [InlineData("ab\"c,d\nnext,1\n")]
    [InlineData("a,b\"\nnext,1\n")]
    [InlineData("x,a\"\"b\nnext,1\n")]
    public async Task RejectsAQuoteInsideAnUnquotedFieldAndCarriesOn(string text)
    {
        var rows = await ReadAll(text);

        Assert.Equal(2, rows.Count);
        AssertError(rows[0], 1, QuoteInsideError);
        AssertRow(rows[1], 2, "next", "1");
    }

    [Theory]
    [InlineData("\"ab\"c,d\nnext,1\n")]
    [InlineData("x,\"ab\" \nnext,1\n")]
    [InlineData("\"ab\"\"\"c\nnext,1\n")]
    public async Task RejectsTextAfterAClosingQuoteAndCarriesOn(string text)
    {
        var rows = await ReadAll(text);

        Assert.Equal(2, rows.Count);
        AssertError(rows[0], 1, TextAfterQuoteError);
        AssertRow(rows[1], 2, "next", "1");
    }

    [Fact]
    public async Task RejectsAQuoteThatIsNeverClosed()
    {
        var rows = await ReadAll("h\n\"open,a\nb\nc\n");

        Assert.Equal(2, rows.Count);
        AssertRow(rows[0], 1, "h");
        AssertError(rows[1], 2, UnclosedQuoteError);
    }

    [Fact]
    public async Task RejectsAnUnclosedQuoteAtTheVeryEnd()
    {
        var rows = await ReadAll("a,\"");

        AssertError(Assert.Single(rows), 1, UnclosedQuoteError);
    }

    [Fact]
    public async Task ReportsOnlyTheFirstErrorOfARow()
    {
        var rows = await ReadAll("a\"b,\"c\"d,\"e\n");

        AssertError(Assert.Single(rows), 1, QuoteInsideError);
    }

    [Fact]
    public async Task KeepsChineseTextExactly()
    {
        const string name = "驻马店市示例农业发展有限公司，“诚信”商户";
        const string content = "经查：当事人销售不合格化肥\n共计1,200袋（𠀀）。";
        var text = $"统一社会信用代码,名称,内容\r\n91411702MA6ULN0X2U,\"{name}\",\"{content}\"\r\n驿城区,西平县,上蔡县";

        var rows = await ReadAll(text);

        Assert.Equal(3, rows.Count);
        AssertRow(rows[0], 1, "统一社会信用代码", "名称", "内容");
        AssertRow(rows[1], 2, "91411702MA6ULN0X2U", name, content);
        AssertRow(rows[2], 4, "驿城区", "西平县", "上蔡县");
    }

    [Fact]
    public async Task ReadsACrLfThatStraddlesTwoBufferReads()
    {
        var first = new string('x', BufferSize - 1);
        var text = first + "\r\nsecond,2\r\nthird,3\r\n";
        Assert.Equal('\r', text[BufferSize - 1]);
        Assert.Equal('\n', text[BufferSize]);

        var rows = await ReadAll(text);

        Assert.Equal(3, rows.Count);
        AssertRow(rows[0], 1, first);
        AssertRow(rows[1], 2, "second", "2");
        AssertRow(rows[2], 3, "third", "3");
    }

    [Fact]
    public async Task NumbersManyCrLfRowsRightAcrossTheBufferEdge()
    {
        var builder = new StringBuilder();
        var expected = new List<string[]>();
        void Add(params string[] fields)
        {
            builder.Append(string.Join(',', fields)).Append("\r\n");
            expected.Add(fields);
        }

        Add("sourceId", "title");
        for (var i = 1; builder.Length < BufferSize - 200; i++)
        {
            Add($"SW-{i:D5}", new string('罚', i % 37));
        }

        Add("pad", new string('p', BufferSize - 1 - builder.Length - "pad,".Length));
        Assert.Equal("\r\n", builder.ToString(BufferSize - 1, 2));
        for (var i = 1; builder.Length < BufferSize * 3; i++)
        {
            Add($"AFTER-{i:D5}", new string('信', i % 41));
        }

        var rows = await ReadAll(builder.ToString());

        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertRow(rows[i], i + 1, expected[i]);
        }
    }

    [Fact]
    public async Task ReadsAQuotedCrLfThatStraddlesTwoBufferReads()
    {
        var body = new string('y', BufferSize - 2);
        var text = "\"" + body + "\r\nz\",end\nnext\n";
        Assert.Equal('\r', text[BufferSize - 1]);
        Assert.Equal('\n', text[BufferSize]);

        var rows = await ReadAll(text);

        Assert.Equal(2, rows.Count);
        AssertRow(rows[0], 1, body + "\r\nz", "end");
        AssertRow(rows[1], 3, "next");
    }

    [Fact]
    public async Task ReadsALoneCarriageReturnAtTheEndOfABufferRead()
    {
        var first = new string('x', BufferSize - 1);
        var text = first + "\rsecond\nthird";
        Assert.Equal('\r', text[BufferSize - 1]);

        var rows = await ReadAll(text);

        Assert.Equal(3, rows.Count);
        AssertRow(rows[0], 1, first);
        AssertRow(rows[1], 2, "second");
        AssertRow(rows[2], 3, "third");
    }

    [Fact]
    public async Task ReadsAFieldOfExactlyTheMaximumLength()
    {
        var field = new string('a', CsvReader.MaxFieldLength);

        var rows = await ReadAll(field + ",b\nnext\n");

        Assert.Equal(2, rows.Count);
        AssertRow(rows[0], 1, field, "b");
        AssertRow(rows[1], 2, "next");
    }

    [Fact]
    public async Task RejectsAnUnquotedFieldLongerThanTheMaximum()
    {
        var rows = await ReadAll(new string('a', CsvReader.MaxFieldLength + 1) + ",b\nnext,1\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal(1, rows[0].Line);
        Assert.Null(rows[0].Fields);
        Assert.StartsWith("A field is longer than ", rows[0].Error, StringComparison.Ordinal);
        AssertRow(rows[1], 2, "next", "1");
    }

    [Fact]
    public async Task RejectsAQuotedFieldLongerThanTheMaximumAndKeepsCountingLines()
    {
        var field = string.Concat(Enumerable.Repeat("信用\n", (CsvReader.MaxFieldLength / 3) + 1));
        var lineBreaks = field.Count(c => c == '\n');

        var rows = await ReadAll("h\n\"" + field + "\"\nnext\n");

        Assert.Equal(3, rows.Count);
        AssertRow(rows[0], 1, "h");
        Assert.Equal(2, rows[1].Line);
        Assert.Null(rows[1].Fields);
        Assert.StartsWith("A field is longer than ", rows[1].Error, StringComparison.Ordinal);
        AssertRow(rows[2], 3 + lineBreaks, "next");
    }

    [Fact]
    public async Task StopsWhenCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var reader = new CsvReader(new StringReader("a,b\n"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in reader.ReadAsync(cancellation.Token))
            {
            }
        });
    }
}
