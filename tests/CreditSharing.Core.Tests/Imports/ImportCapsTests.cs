using System.Text;
using CreditSharing.Core.Imports;

namespace CreditSharing.Core.Tests.Imports;

public sealed class ImportCapsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<CsvRow>> ReadCsv(string text)
    {
        var rows = new List<CsvRow>();
        await foreach (var row in new CsvReader(new StringReader(text)).ReadAsync(Ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<List<ImportRow>> ReadNdjson(string text)
    {
        var rows = new List<ImportRow>();
        await foreach (var row in ImportRows.FromNdjsonAsync(new StringReader(text), Ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task RejectsARowOfMoreThanTwoHundredFieldsAndReadsTheNext()
    {
        var rows = await ReadCsv(new string(',', CsvReader.MaxFields) + "\nnext,1\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal($"The row has more than {CsvReader.MaxFields} fields.", rows[0].Error);
        Assert.Equal(["next", "1"], rows[1].Fields);
    }

    [Fact]
    public async Task ReadsARowOfExactlyTwoHundredFields()
    {
        var rows = await ReadCsv(new string(',', CsvReader.MaxFields - 1) + "\n");

        Assert.Equal(CsvReader.MaxFields, Assert.Single(rows).Fields!.Count);
    }

    [Fact]
    public async Task RejectsALineOverOneMebibyteOfCommasAndKeepsLineNumbers()
    {
        var rows = await ReadCsv("h\n" + new string(',', 16 * 1024 * 1024) + "\nnext\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal(2, rows[1].Line);
        Assert.NotNull(rows[1].Error);
        Assert.Equal(3, rows[2].Line);
        Assert.Equal(["next"], rows[2].Fields);
    }

    [Fact]
    public async Task RejectsAQuotedLineOverOneMebibyte()
    {
        var field = new string('x', 30_000);
        var line = string.Join(',', Enumerable.Repeat($"\"{field}\"", 40));

        var rows = await ReadCsv(line + "\nnext\n");

        Assert.Equal($"The line is longer than {CsvReader.MaxLineBytes:N0} bytes.", rows[0].Error);
        Assert.Equal(["next"], rows[1].Fields);
    }

    [Fact]
    public async Task RejectsAnNdjsonLineOverOneMebibyteAndReadsTheNext()
    {
        var rows = await ReadNdjson("{\"title\":\"" + new string('a', 2 * 1024 * 1024) + "\"}\n{\"sourceId\":\"N-2\"}\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal(1, rows[0].Line);
        Assert.Contains("longer than", Assert.Single(rows[0].Errors!.ToDictionary()["row"]), StringComparison.Ordinal);
        Assert.Equal(2, rows[1].Line);
        Assert.Equal("N-2", rows[1].Input!.SourceId);
    }

    [Fact]
    public async Task RejectsAnNdjsonLineWithTooManyFieldsOrAnOverLongField()
    {
        var many = "{" + string.Join(',', Enumerable.Range(0, 201).Select(i => $"\"f{i}\":1")) + "}";
        var longField = "{\"title\":\"" + new string('b', CsvReader.MaxFieldLength + 1) + "\"}";

        var rows = await ReadNdjson(many + "\n" + longField + "\n");

        Assert.Contains("more than 200 fields", rows[0].Errors!.ToDictionary()["row"][0], StringComparison.Ordinal);
        Assert.Contains("longer than", rows[1].Errors!.ToDictionary()["row"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SplitsLinesOnCrLfLfAndCr()
    {
        var lines = new List<BoundedLine>();
        await foreach (var line in BoundedLines.ReadAsync(new StringReader("a\r\nb\nc\rd"), cancellationToken: Ct))
        {
            lines.Add(line);
        }

        Assert.Equal(["a", "b", "c", "d"], lines.Select(l => l.Text));
        Assert.Equal([1, 2, 3, 4], lines.Select(l => l.Line));
    }

    [Fact]
    public void RefusesEncryptedMacroAndSheetlessWorkbooks()
    {
        using var ole = new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        using var macro = Workbook(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook><sheets><sheet/></sheets></workbook>"), ("xl/vbaProject.bin", "x"));
        using var sheetless = Workbook(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook><sheets/></workbook>"));
        using var template = new MemoryStream(ImportTemplates.Of("penalty.xlsx")!.Content);

        Assert.Contains("password", XlsxFile.Problem(ole), StringComparison.Ordinal);
        Assert.Contains("macros", XlsxFile.Problem(macro), StringComparison.Ordinal);
        Assert.Equal("The workbook has no sheet.", XlsxFile.Problem(sheetless));
        Assert.Null(XlsxFile.Problem(template));
        Assert.Equal(NationalLayout.PenaltyColumns, Assert.Single(XlsxFile.Rows(template)).Fields);
    }

    internal static MemoryStream Workbook(params (string Name, string Text)[] entries)
    {
        var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
