using CreditSharing.Core.Imports;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;

namespace CreditSharing.Core.Tests.Imports;

public sealed class ImportRowsTests
{
    /// <summary>Every column a file had before <c>scheme</c>: such files stay valid, <c>scheme</c> is optional.</summary>
    private const string FullHeader =
        "sourceId,uscc,category,title,content,decisionDate,documentNo,authority,authorityUscc,legalBasis,severity,outcome,rating,amount,validUntil,disclosure";

    private const string FullHeaderWithScheme = FullHeader + ",scheme";

    private const string PenaltyLine =
        """{"sourceId":"SW-2026-000123","uscc":"91411702MA6ULN0X2U","category":"penalty","title":"未按规定公示年度报告","content":"责令改正，并处罚款。","decisionDate":"2026-05-01","documentNo":"驻市监罚〔2026〕12号","authority":"驻马店市市场监督管理局","authorityUscc":null,"legalBasis":"《企业信息公示暂行条例》","severity":"general","outcome":null,"rating":null,"amount":5000.00,"validUntil":null,"disclosure":"public"}""";

    private const string HonourLine =
        """{"sourceId":"H-1","uscc":"91411721MA95XDFT69","category":"honour","title":"诚信商户","decisionDate":"2026-01-20","authority":"驻马店市商务局","disclosure":"public"}""";

    private static string[] Cells(string line) => line.Split(',');

    private static string[] Keys(FieldErrors errors) => [.. errors.ToDictionary().Keys];

    private static Dictionary<string, int> Map(string header)
    {
        var (map, errors) = ImportRows.Header(Cells(header));
        Assert.True(errors.IsEmpty);
        return map!;
    }

    private static async Task<List<ImportRow>> ReadNdjson(string text)
    {
        var rows = new List<ImportRow>();
        await foreach (var row in ImportRows.FromNdjsonAsync(new StringReader(text), TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public void ColumnsAreTheWireFieldNames()
    {
        Assert.Equal(Cells(FullHeaderWithScheme), ImportRows.Columns);
        Assert.Equal(["sourceId", "uscc", "category", "title", "decisionDate", "authority", "disclosure"], ImportRows.RequiredColumns);
    }

    [Fact]
    public void HeaderMapsEveryColumnToItsPosition()
    {
        var (map, errors) = ImportRows.Header(Cells(FullHeaderWithScheme));

        Assert.True(errors.IsEmpty);
        Assert.NotNull(map);
        Assert.Equal(17, map.Count);
        for (var i = 0; i < ImportRows.Columns.Count; i++)
        {
            Assert.Equal(i, map[ImportRows.Columns[i]]);
        }
    }

    [Fact]
    public void HeaderAcceptsColumnsInAnyOrder()
    {
        var (map, errors) = ImportRows.Header(["disclosure", "authority", "decisionDate", "title", "category", "uscc", "sourceId"]);

        Assert.True(errors.IsEmpty);
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["disclosure"] = 0, ["authority"] = 1, ["decisionDate"] = 2, ["title"] = 3, ["category"] = 4, ["uscc"] = 5, ["sourceId"] = 6,
            },
            map);
    }

    [Fact]
    public void HeaderAcceptsFieldNamesInAnyCaseUnderTheirWireNames()
    {
        var (map, errors) = ImportRows.Header(["SOURCEID", "Uscc", "category", "TITLE", "decisiondate", "Authority", "DisClosure", "AMOUNT"]);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(map);
        Assert.Equal(
            ["amount", "authority", "category", "decisionDate", "disclosure", "sourceId", "title", "uscc"],
            map.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7, map["amount"]);
    }

    [Fact]
    public void HeaderStripsALeadingByteOrderMark()
    {
        var cells = Cells(FullHeader);
        cells[0] = "\uFEFF" + cells[0];

        var (map, errors) = ImportRows.Header(cells);

        Assert.True(errors.IsEmpty);
        Assert.Equal(0, map?["sourceId"]);
    }

    [Theory]
    [InlineData("\uFEFF sourceId")]
    [InlineData("\uFEFF\tsourceId")]
    [InlineData(" \uFEFF sourceId ")]
    public void HeaderStripsAByteOrderMarkFollowedByWhitespace(string firstCell)
    {
        var cells = Cells(FullHeader);
        cells[0] = firstCell;

        var (map, errors) = ImportRows.Header(cells);

        Assert.True(errors.IsEmpty);
        Assert.NotNull(map);
        Assert.Equal(0, map["sourceId"]);
        Assert.Equal(16, map.Count);
    }

    [Fact]
    public void HeaderTrimsCells()
    {
        var (map, errors) = ImportRows.Header([" sourceId", "uscc ", "\tcategory", "title", "decisionDate", "authority", "disclosure\r"]);

        Assert.True(errors.IsEmpty);
        Assert.Equal(6, map?["disclosure"]);
    }

    [Fact]
    public void HeaderReportsAnUnknownColumn()
    {
        var (map, errors) = ImportRows.Header(Cells(FullHeader + ",fine"));

        Assert.Null(map);
        Assert.Equal(["header"], Keys(errors));
        Assert.Equal(
            ["Column 17 'fine' is not a record field. Fields are " + string.Join(", ", ImportRows.Columns) + "."],
            errors.ToDictionary()["header"]);
    }

    [Fact]
    public void HeaderReportsChineseColumnNamesAsUnknown()
    {
        var (map, errors) = ImportRows.Header(["统一社会信用代码", "sourceId", "uscc", "category", "title", "decisionDate", "authority", "disclosure"]);

        Assert.Null(map);
        var message = Assert.Single(errors.ToDictionary()["header"]);
        Assert.StartsWith("Column 1 '统一社会信用代码' is not a record field.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderReportsARepeatedColumnWhateverItsCase()
    {
        var (map, errors) = ImportRows.Header(Cells(FullHeader + ",USCC"));

        Assert.Null(map);
        Assert.Equal(["header"], Keys(errors));
        Assert.Equal(["Column 'uscc' appears twice."], errors.ToDictionary()["header"]);
    }

    [Fact]
    public void HeaderReportsEachMissingRequiredColumn()
    {
        var (map, errors) = ImportRows.Header(["sourceId", "category", "decisionDate", "authority", "amount"]);

        Assert.Null(map);
        Assert.Equal(["header"], Keys(errors));
        Assert.Equal(
            ["Required column 'uscc' is missing.", "Required column 'title' is missing.", "Required column 'disclosure' is missing."],
            errors.ToDictionary()["header"]);
    }

    [Theory]
    [InlineData("sourceId")]
    [InlineData("uscc")]
    [InlineData("category")]
    [InlineData("title")]
    [InlineData("decisionDate")]
    [InlineData("authority")]
    [InlineData("disclosure")]
    public void HeaderReportsEveryRequiredColumnWhenMissing(string column)
    {
        var cells = ImportRows.Columns.Where(c => c != column).ToArray();

        var (map, errors) = ImportRows.Header(cells);

        Assert.Null(map);
        Assert.Equal([$"Required column '{column}' is missing."], errors.ToDictionary()["header"]);
    }

    [Fact]
    public void HeaderReportsEveryRequiredColumnOfAnEmptyHeader()
    {
        var (map, errors) = ImportRows.Header([]);

        Assert.Null(map);
        Assert.Equal(ImportRows.RequiredColumns.Select(c => $"Required column '{c}' is missing."), errors.ToDictionary()["header"]);
    }

    [Fact]
    public void HeaderReportsEveryProblemAtOnce()
    {
        var (map, errors) = ImportRows.Header(["sourceId", "Title", "title", "罚款", "category", "decisionDate", "authority", "disclosure"]);

        Assert.Null(map);
        Assert.Equal(
            [
                "Column 'title' appears twice.",
                "Column 4 '罚款' is not a record field. Fields are " + string.Join(", ", ImportRows.Columns) + ".",
                "Required column 'uscc' is missing.",
            ],
            errors.ToDictionary()["header"]);
    }

    [Fact]
    public void HeaderRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => ImportRows.Header(null!));
    }

    [Fact]
    public void FromCsvMapsEveryCell()
    {
        var header = Map(FullHeader);
        var row = new CsvRow(7, [
            "SW-1", "91411702MA6ULN0X2U", "penalty", "标题", "内容，含逗号", "2026-05-01", "驻市监罚〔2026〕12号", "驻马店市市场监督管理局",
            "11411700MB1957821X", "《行政处罚法》", "general", "granted", "A", "5000.50", "2027-05-01", "public",
        ], null);

        var imported = ImportRows.FromCsv(row, header);

        Assert.Equal(7, imported.Line);
        Assert.Null(imported.Errors);
        Assert.Equal(
            new RecordInput(
                "SW-1", "91411702MA6ULN0X2U", "penalty", "标题", "内容，含逗号", "2026-05-01", "驻市监罚〔2026〕12号", "驻马店市市场监督管理局",
                "11411700MB1957821X", "《行政处罚法》", "general", "granted", "A", 5000.50m, "2027-05-01", "public"),
            imported.Input);
    }

    [Fact]
    public void FromCsvReadsTheSchemeOfAnIndustryRating()
    {
        var header = Map("sourceId,uscc,category,title,decisionDate,authority,rating,scheme,disclosure");
        var row = new CsvRow(2, ["WL-1", "91411702MA6ULN0X2U", "industry-rating", "物流企业等级评估", "2026-03-01", "中国物流与采购联合会", "4A", "logistics-a-level", "public"], null);

        var imported = ImportRows.FromCsv(row, header);

        Assert.Null(imported.Errors);
        Assert.Equal(
            new RecordInput("WL-1", "91411702MA6ULN0X2U", "industry-rating", "物流企业等级评估", null, "2026-03-01", null, "中国物流与采购联合会", null, null, null, null, "4A", null, null, "public", "logistics-a-level"),
            imported.Input);
    }

    [Fact]
    public void FromCsvMapsCellsByTheHeaderOrder()
    {
        var header = Map("disclosure,title,uscc,sourceId,category,authority,decisionDate,amount");
        var row = new CsvRow(2, ["public", "诚信商户", "91411721MA95XDFT69", "H-1", "honour", "驻马店市商务局", "2026-01-20", "0"], null);

        var imported = ImportRows.FromCsv(row, header);

        Assert.Null(imported.Errors);
        Assert.Equal(
            new RecordInput("H-1", "91411721MA95XDFT69", "honour", "诚信商户", null, "2026-01-20", null, "驻马店市商务局", null, null, null, null, null, 0m, null, "public"),
            imported.Input);
    }

    [Fact]
    public void FromCsvTreatsEmptyCellsAsNull()
    {
        var header = Map(FullHeader);
        var row = new CsvRow(3, ["SW-1", "91411702MA6ULN0X2U", "honour", "诚信商户", "", "2026-01-20", "", "驻马店市商务局", "", "", "", "", "", "", "", "public"], null);

        var imported = ImportRows.FromCsv(row, header);

        Assert.Null(imported.Errors);
        Assert.NotNull(imported.Input);
        Assert.Null(imported.Input.Content);
        Assert.Null(imported.Input.DocumentNo);
        Assert.Null(imported.Input.AuthorityUscc);
        Assert.Null(imported.Input.LegalBasis);
        Assert.Null(imported.Input.Severity);
        Assert.Null(imported.Input.Outcome);
        Assert.Null(imported.Input.Rating);
        Assert.Null(imported.Input.Amount);
        Assert.Null(imported.Input.ValidUntil);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(1)]
    public void FromCsvReportsARaggedRow(int fieldCount)
    {
        var header = Map(FullHeader);
        var row = new CsvRow(9, Enumerable.Repeat("x", fieldCount).ToArray(), null);

        var imported = ImportRows.FromCsv(row, header);

        Assert.Equal(9, imported.Line);
        Assert.Null(imported.Input);
        Assert.NotNull(imported.Errors);
        Assert.Equal(["row"], Keys(imported.Errors));
        Assert.Equal([$"The row has {fieldCount} fields; the header has 16."], imported.Errors.ToDictionary()["row"]);
    }

    [Fact]
    public void FromCsvReportsARowTheReaderCouldNotRead()
    {
        var header = Map(FullHeader);
        var row = new CsvRow(4, null, "A quoted field is never closed.");

        var imported = ImportRows.FromCsv(row, header);

        Assert.Equal(4, imported.Line);
        Assert.Null(imported.Input);
        Assert.NotNull(imported.Errors);
        Assert.Equal(["row"], Keys(imported.Errors));
        Assert.Equal(["A quoted field is never closed."], imported.Errors.ToDictionary()["row"]);
    }

    [Theory]
    [InlineData("五千")]
    [InlineData("abc")]
    [InlineData("5000元")]
    [InlineData("¥5000")]
    [InlineData("1e3")]
    [InlineData("5000,00.0.0")]
    public void FromCsvReportsANonNumericAmount(string amount)
    {
        var header = Map("sourceId,uscc,category,title,decisionDate,authority,disclosure,amount");
        var row = new CsvRow(5, ["SW-1", "91411702MA6ULN0X2U", "honour", "t", "2026-01-20", "a", "public", amount], null);

        var imported = ImportRows.FromCsv(row, header);

        Assert.Equal(5, imported.Line);
        Assert.Null(imported.Input);
        Assert.NotNull(imported.Errors);
        Assert.Equal(["amount"], Keys(imported.Errors));
        Assert.Equal([$"'{amount}' is not an amount in yuan."], imported.Errors.ToDictionary()["amount"]);
    }

    [Theory]
    [InlineData("5000", "5000")]
    [InlineData("5000.00", "5000.00")]
    [InlineData("0.5", "0.5")]
    [InlineData("-12.5", "-12.5")]
    [InlineData(" 12 ", "12")]
    public void FromCsvParsesAnInvariantAmount(string amount, string expected)
    {
        var header = Map("sourceId,uscc,category,title,decisionDate,authority,disclosure,amount");
        var row = new CsvRow(5, ["SW-1", "91411702MA6ULN0X2U", "honour", "t", "2026-01-20", "a", "public", amount], null);

        var imported = ImportRows.FromCsv(row, header);

        Assert.Null(imported.Errors);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), imported.Input?.Amount);
    }

    [Fact]
    public void FromCsvRejectsNullArguments()
    {
        var header = Map(FullHeader);

        Assert.Throws<ArgumentNullException>(() => ImportRows.FromCsv(null!, header));
        Assert.Throws<ArgumentNullException>(() => ImportRows.FromCsv(new CsvRow(1, ["a"], null), null!));
    }

    [Fact]
    public async Task ACsvFileReadsIntoValidRecords()
    {
        var text = "\uFEFF" + FullHeader + "\r\n"
                   + "SW-1,91411702ma6uln0x2u,penalty,\"未按规定公示年度报告，责令改正\",\"第一行\n第二行\",2026-05-01,驻市监罚〔2026〕12号,驻马店市市场监督管理局,,《企业信息公示暂行条例》,serious,,,5000.456,,public\r\n"
                   + "H-1,91411721MA95XDFT69,honour,诚信商户,,2026-01-20,,驻马店市商务局,,,,,,,,shared\r\n";
        var reader = new CsvReader(new StringReader(text));
        Dictionary<string, int>? header = null;
        var records = new List<(int Line, CreditRecord Record)>();

        await foreach (var row in reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            if (header is null)
            {
                var (map, headerErrors) = ImportRows.Header(row.Fields!);
                Assert.True(headerErrors.IsEmpty);
                header = map!;
                continue;
            }

            var imported = ImportRows.FromCsv(row, header);
            Assert.Null(imported.Errors);
            var (record, errors) = RecordValidator.Validate(imported.Input, "sw-zmd", new DateOnly(2026, 6, 15));
            Assert.True(errors.IsEmpty);
            records.Add((imported.Line, record!));
        }

        Assert.Equal([2, 4], records.Select(r => r.Line));
        var penalty = records[0].Record;
        Assert.Equal("91411702MA6ULN0X2U", penalty.Uscc);
        Assert.Equal("未按规定公示年度报告，责令改正", penalty.Title);
        Assert.Equal("第一行\n第二行", penalty.Content);
        Assert.Equal("驻市监罚〔2026〕12号", penalty.DocumentNo);
        Assert.Equal(5000.46m, penalty.Amount);
        Assert.Equal("serious", penalty.Severity);
        Assert.Equal("sw-zmd~SW-1", penalty.Id);
        var honour = records[1].Record;
        Assert.Equal("honour", honour.Category);
        Assert.Equal("shared", honour.Disclosure);
        Assert.Null(honour.Amount);
    }

    [Fact]
    public async Task FromNdjsonReadsOneRecordPerLineCountingFromOne()
    {
        var rows = await ReadNdjson(PenaltyLine + "\n" + HonourLine + "\n");

        Assert.Equal([1, 2], rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.Null(r.Errors));
        Assert.Equal(
            new RecordInput(
                "SW-2026-000123", "91411702MA6ULN0X2U", "penalty", "未按规定公示年度报告", "责令改正，并处罚款。", "2026-05-01", "驻市监罚〔2026〕12号",
                "驻马店市市场监督管理局", null, "《企业信息公示暂行条例》", "general", null, null, 5000.00m, null, "public"),
            rows[0].Input);
        Assert.Equal(
            new RecordInput("H-1", "91411721MA95XDFT69", "honour", "诚信商户", null, "2026-01-20", null, "驻马店市商务局", null, null, null, null, null, null, null, "public"),
            rows[1].Input);
    }

    [Fact]
    public async Task FromNdjsonSkipsBlankLinesButCountsThem()
    {
        var rows = await ReadNdjson("\n" + PenaltyLine + "\r\n   \r\n\t\n" + HonourLine);

        Assert.Equal([2, 5], rows.Select(r => r.Line));
        Assert.Equal("SW-2026-000123", rows[0].Input?.SourceId);
        Assert.Equal("H-1", rows[1].Input?.SourceId);
    }

    [Fact]
    public async Task FromNdjsonReadsNothingFromAnEmptyFile()
    {
        var rows = await ReadNdjson(string.Empty);

        Assert.Empty(rows);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("not json at all")]
    [InlineData("{\"sourceId\":\"SW-1\",")]
    [InlineData("{\"sourceId\":\"SW-1\"")]
    [InlineData("{\"title\":\"t\"} trailing")]
    [InlineData("[1,2,3]")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    public async Task FromNdjsonReportsAMalformedLineUnderRowAndCarriesOn(string line)
    {
        var rows = await ReadNdjson(PenaltyLine + "\n" + line + "\n" + HonourLine + "\n");

        Assert.Equal(3, rows.Count);
        Assert.Null(rows[0].Errors);
        Assert.Equal(2, rows[1].Line);
        Assert.Null(rows[1].Input);
        Assert.NotNull(rows[1].Errors);
        Assert.Equal(["row"], Keys(rows[1].Errors!));
        Assert.Equal("The line is not one complete JSON record object.", Assert.Single(rows[1].Errors!.ToDictionary()["row"]));
        Assert.Equal(3, rows[2].Line);
        Assert.Null(rows[2].Errors);
        Assert.Equal("H-1", rows[2].Input?.SourceId);
    }

    [Fact]
    public async Task FromNdjsonReportsANullLine()
    {
        var rows = await ReadNdjson("null");

        var row = Assert.Single(rows);
        Assert.Null(row.Input);
        Assert.NotNull(row.Errors);
        Assert.Equal(["row"], Keys(row.Errors));
        Assert.Equal(["The line is not a JSON object."], row.Errors.ToDictionary()["row"]);
    }

    [Theory]
    [InlineData("""{"sourceId":"SW-1","title":5}""", "title")]
    [InlineData("""{"sourceId":"SW-1","title":{"zh":"标题"}}""", "title")]
    [InlineData("""{"sourceId":"SW-1","uscc":["91411702MA6ULN0X2U"]}""", "uscc")]
    [InlineData("""{"sourceId":"SW-1","amount":"五千"}""", "amount")]
    [InlineData("""{"sourceId":"SW-1","amount":true}""", "amount")]
    [InlineData("""{"sourceId":7,"title":"t"}""", "sourceId")]
    [InlineData("""{"sourceId":"SW-1","decisionDate":20260501}""", "decisionDate")]
    public async Task FromNdjsonKeysAWrongTypeByTheFieldsName(string line, string field)
    {
        var rows = await ReadNdjson(line);

        var row = Assert.Single(rows);
        Assert.Equal(1, row.Line);
        Assert.Null(row.Input);
        Assert.NotNull(row.Errors);
        Assert.Equal([field], Keys(row.Errors));
        Assert.Equal("The value has the wrong JSON type.", Assert.Single(row.Errors.ToDictionary()[field]));
    }

    [Theory]
    [InlineData("""{"Title":5}""", "title")]
    [InlineData("""{"TITLE":5}""", "title")]
    [InlineData("""{"SOURCEID":7}""", "sourceId")]
    [InlineData("""{"DecisionDate":20260501}""", "decisionDate")]
    [InlineData("""{"AuthorityUSCC":1}""", "authorityUscc")]
    [InlineData("""{"Amount":true}""", "amount")]
    public async Task FromNdjsonKeysAWrongTypeByTheCanonicalFieldNameWhateverItsCase(string line, string field)
    {
        var rows = await ReadNdjson(line);

        var row = Assert.Single(rows);
        Assert.Null(row.Input);
        Assert.NotNull(row.Errors);
        Assert.Equal([field], Keys(row.Errors));
        Assert.Equal(["The value has the wrong JSON type."], row.Errors.ToDictionary()[field]);
    }

    [Theory]
    [InlineData("""{"a":{"b":[1,""")]
    [InlineData("""{"sourceId":"SW-1","extra":{"b":[1,""")]
    [InlineData("""{"sourceId":"SW-1",extra:1}""")]
    [InlineData("{\"sourceId\":\"SW-1\"")]
    [InlineData("""{"title":"abc""")]
    public async Task FromNdjsonReportsBrokenSyntaxUnderRowEvenInsideAField(string line)
    {
        var rows = await ReadNdjson(line + "\n" + HonourLine);

        Assert.Equal(2, rows.Count);
        Assert.Equal(1, rows[0].Line);
        Assert.Null(rows[0].Input);
        Assert.NotNull(rows[0].Errors);
        Assert.Equal(["row"], Keys(rows[0].Errors!));
        Assert.Equal(["The line is not one complete JSON record object."], rows[0].Errors!.ToDictionary()["row"]);
        Assert.Null(rows[1].Errors);
        Assert.Equal("H-1", rows[1].Input?.SourceId);
    }

    [Theory]
    [InlineData("""{"Title":5}""")]
    [InlineData("""{"sourceId":"SW-1","amount":"五千"}""")]
    [InlineData("""{"sourceId":["SW-1"]}""")]
    [InlineData("""{"a":{"b":[1,""")]
    [InlineData("{\"sourceId\":\"SW-1\"")]
    [InlineData("[1,2,3]")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("true")]
    public async Task FromNdjsonErrorMessagesNameNoDotNetTypes(string line)
    {
        var rows = await ReadNdjson(line);

        var row = Assert.Single(rows);
        Assert.NotNull(row.Errors);
        var messages = row.Errors.ToDictionary().SelectMany(e => e.Value).ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, message =>
        {
            Assert.DoesNotContain("CreditSharing.", message, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
            Assert.DoesNotContain("Path:", message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task FromNdjsonReadsAnAmountWrittenAsAString()
    {
        var rows = await ReadNdjson("""{"sourceId":"SW-1","amount":"5000.50"}""");

        var row = Assert.Single(rows);
        Assert.Null(row.Errors);
        Assert.Equal(5000.50m, row.Input?.Amount);
    }

    [Fact]
    public async Task FromNdjsonIgnoresUnknownFieldsAndTheCaseOfFieldNames()
    {
        var rows = await ReadNdjson("""{"SourceId":"SW-1","TITLE":"标题","extra":{"a":[1,2]},"reviewer":"张三"}""");

        var row = Assert.Single(rows);
        Assert.Null(row.Errors);
        Assert.Equal("SW-1", row.Input?.SourceId);
        Assert.Equal("标题", row.Input?.Title);
    }

    [Fact]
    public async Task FromNdjsonKeepsChineseTextExactly()
    {
        const string title = "驻马店市“诚信”示范企业——失信行为（已整改）𠀀";
        var rows = await ReadNdjson("{\"title\":\"" + title + "\",\"content\":\"第一行\\n第二行\\u4E2D\"}");

        var row = Assert.Single(rows);
        Assert.Equal(title, row.Input?.Title);
        Assert.Equal("第一行\n第二行中", row.Input?.Content);
    }

    [Fact]
    public async Task FromNdjsonRejectsANullReader()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(async () =>
        {
            await foreach (var _ in ImportRows.FromNdjsonAsync(null!, TestContext.Current.CancellationToken))
            {
            }
        });
    }
}
