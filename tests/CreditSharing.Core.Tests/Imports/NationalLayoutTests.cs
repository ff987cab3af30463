using CreditSharing.Core.Imports;
using CreditSharing.Core.Records;

namespace CreditSharing.Core.Tests.Imports;

public sealed class NationalLayoutTests
{
    private const string Uscc = "91411702MA6ULN0X2U";

    private static readonly string[] PenaltyHeader =
    [
        "行政相对人名称", "行政相对人代码_1（统一社会信用代码）", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
        " 罚款金额(万元) ", "没收违法所得、没收非法财物的金额（万元）", "暂扣或吊销证照名称及编号", "处罚决定日期", "处罚机关", "数据来源单位", "失信严重程度",
    ];

    private static readonly string[] LicenseHeader =
    [
        "行政相对人名称", "统一社会信用代码", "行政许可决定文书名称", "行政许可决定文书号", "许可类别", "许可证书名称", "许可编号", "许可内容",
        "许可决定日期", "有效期自", "有效期至", "许可机关", "当前状态", "数据来源单位",
    ];

    private static NationalHeader Recognised(string[] cells)
    {
        var (header, errors) = NationalLayout.Recognise(cells);
        Assert.True(errors.IsEmpty, string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        return header!;
    }

    private static string[] PenaltyRow(string fine = "0.5", string date = "2026-05-01", string severity = "一般")
        => ["驻马店某商行", Uscc, "驻市监罚〔2026〕12号", "销售过期食品", "经查，……", "《食品安全法》第一百二十四条", "罚款", "罚款5000元", fine, "0.1234", "", date, "驻马店市市场监督管理局", "驻马店市市场监督管理局", severity];

    [Theory]
    [InlineData("罚款金额（万元）")]
    [InlineData("罚款金额(万元)")]
    [InlineData("  罚款金额 ( 万元 ) ")]
    [InlineData("\uFEFF罚款金额(万元)")]
    public void NormalisesBracketsSpacesAndTheBom(string cell)
        => Assert.Equal(NationalLayout.Fine, NationalLayout.Normalise(cell));

    [Theory]
    [InlineData("行政相对人代码_1（统一社会信用代码）")]
    [InlineData("行政相对人代码_1(统一社会信用代码)")]
    [InlineData("统一社会信用代码")]
    public void ReadsTheSubjectCodeWithOrWithoutItsPrefix(string cell)
        => Assert.Equal(NationalLayout.Uscc, NationalLayout.Normalise(cell));

    [Fact]
    public void RecognisesAPenaltyHeader()
    {
        var header = Recognised(PenaltyHeader);

        Assert.Equal(NationalKind.Penalty, header.Kind);
        Assert.Equal(1, header.Columns[NationalLayout.Uscc]);
        Assert.Equal(8, header.Columns[NationalLayout.Fine]);
    }

    [Fact]
    public void RecognisesALicenseHeader()
        => Assert.Equal(NationalKind.License, Recognised(LicenseHeader).Kind);

    [Fact]
    public void NamesTheHeadersItDoesNotRecognise()
    {
        var (header, errors) = NationalLayout.Recognise([.. PenaltyHeader, "经办人", "联系电话"]);

        Assert.Null(header);
        var message = Assert.Single(errors.ToDictionary()["header"]);
        Assert.Contains("经办人", message, StringComparison.Ordinal);
        Assert.Contains("联系电话", message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesAMissingRequiredColumn()
    {
        var (header, errors) = NationalLayout.Recognise(PenaltyHeader.Where(c => c != "处罚决定日期").ToArray());

        Assert.Null(header);
        Assert.Contains(errors.ToDictionary()["header"], m => m.Contains("处罚决定日期", StringComparison.Ordinal));
    }

    [Fact]
    public void TellsTheNationalLayoutFromFieldNames()
    {
        Assert.True(NationalLayout.Looks(PenaltyHeader));
        Assert.False(NationalLayout.Looks(["sourceId", "uscc", "category"]));
    }

    [Theory]
    [InlineData("2026-05-01")]
    [InlineData("2026/5/1")]
    [InlineData("2026年5月1日")]
    [InlineData("2026.5.1")]
    [InlineData("46143")]
    [InlineData("46143.5")]
    [InlineData("2026-05-01 00:00:00")]
    public void ParsesTheDateFormatsDepartmentsUse(string text)
        => Assert.Equal(new DateOnly(2026, 5, 1), NationalLayout.ParseDate(text));

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("五月一日")]
    [InlineData("0")]
    [InlineData("-5")]
    public void RefusesWhatIsNotADate(string text)
        => Assert.Null(NationalLayout.ParseDate(text));

    [Theory]
    [InlineData("0.5", "5000")]
    [InlineData("1.2345", "12345")]
    [InlineData("0.000001", "0.01")]
    [InlineData("1,000", "10000000")]
    [InlineData("0.1", "1000")]
    public void TurnsWanYuanIntoExactYuan(string wan, string yuan)
        => Assert.Equal(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture), NationalLayout.ParseWanYuan(wan));

    [Theory]
    [InlineData("0.0000001")]
    [InlineData("五千")]
    [InlineData("1e3")]
    public void RefusesAnAmountFinerThanAFenOrNotANumber(string wan)
        => Assert.Null(NationalLayout.ParseWanYuan(wan));

    [Fact]
    public void DerivesTheSameSourceIdFromTheDocumentAndSubject()
    {
        var first = NationalLayout.SourceId(NationalKind.Penalty, "驻市监罚〔2026〕12号", Uscc);

        Assert.Equal(first, NationalLayout.SourceId(NationalKind.Penalty, " 驻市监罚〔2026〕12号 ", Uscc.ToLowerInvariant()));
        Assert.NotEqual(first, NationalLayout.SourceId(NationalKind.Penalty, "驻市监罚〔2026〕13号", Uscc));
        Assert.NotEqual(first, NationalLayout.SourceId(NationalKind.License, "驻市监罚〔2026〕12号", Uscc));
        Assert.StartsWith("xzcf-", first, StringComparison.Ordinal);
    }

    [Fact]
    public void MapsAPenaltyRowToARecordWithDetails()
    {
        var row = NationalLayout.FromRow(new CsvRow(2, PenaltyRow(), null), Recognised(PenaltyHeader), null);

        Assert.Null(row.Errors);
        var input = row.Input!;
        Assert.Equal(RecordCategories.Penalty, input.Category);
        Assert.Equal(5000m, input.Amount);
        Assert.Equal("2026-05-01", input.DecisionDate);
        Assert.Equal("general", input.Severity);
        Assert.Equal("public", input.Disclosure);
        Assert.Equal("销售过期食品", input.Title);
        Assert.Equal(1234m, input.Details!.ConfiscatedAmount);
        Assert.Equal("罚款", input.Details.PenaltyType);
        Assert.Equal("销售过期食品", input.Details.ViolationType);
        var (record, errors) = RecordValidator.Validate(input, "provider-market", new DateOnly(2026, 6, 1));
        Assert.True(errors.IsEmpty, string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        Assert.Equal(1234m, record!.Details!.ConfiscatedAmount);
    }

    [Fact]
    public void TakesTheUploadSeverityWhenTheRowHasNone()
    {
        var row = NationalLayout.FromRow(new CsvRow(2, PenaltyRow(severity: ""), null), Recognised(PenaltyHeader), "serious");

        Assert.Equal("serious", row.Input!.Severity);
    }

    [Fact]
    public void RejectsAPenaltyRowWithoutAnySeverity()
    {
        var row = NationalLayout.FromRow(new CsvRow(2, PenaltyRow(severity: ""), null), Recognised(PenaltyHeader), null);

        Assert.Null(row.Input);
        Assert.Contains("失信严重程度", Assert.Single(row.Errors!.ToDictionary()["severity"]), StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsABadDateNamingItsColumn()
    {
        var row = NationalLayout.FromRow(new CsvRow(2, PenaltyRow(date: "2026-02-30"), null), Recognised(PenaltyHeader), null);

        Assert.Contains("处罚决定日期", Assert.Single(row.Errors!.ToDictionary()["decisionDate"]), StringComparison.Ordinal);
    }

    [Fact]
    public void MapsALicenseRowWithItsValidityAndStatus()
    {
        string[] cells = ["某商行", Uscc, "食品经营许可决定书", "驻市监许〔2026〕3号", "普通", "食品经营许可证", "JY14117020001234", "预包装食品销售", "2026/3/1", "2026/3/1", "2031年2月28日", "驻马店市市场监督管理局", "有效", "驻马店市市场监督管理局"];

        var row = NationalLayout.FromRow(new CsvRow(2, cells, null), Recognised(LicenseHeader), null);

        var input = row.Input!;
        Assert.Equal(RecordCategories.License, input.Category);
        Assert.Equal("granted", input.Outcome);
        Assert.Equal("2031-02-28", input.ValidUntil);
        Assert.Equal(new DateOnly(2026, 3, 1), input.Details!.ValidFrom);
        Assert.Equal("JY14117020001234", input.Details.CertificateNo);
        Assert.Equal("有效", input.Details.CurrentStatus);
        Assert.StartsWith("xzxk-", input.SourceId, StringComparison.Ordinal);
        Assert.True(RecordValidator.Validate(input, "provider-market", new DateOnly(2026, 6, 1)).Errors.IsEmpty);
    }

    [Fact]
    public void ServesTemplatesWhoseHeadersItRecognises()
    {
        Assert.Equal(NationalKind.Penalty, Recognised([.. NationalLayout.PenaltyColumns]).Kind);
        Assert.Equal(NationalKind.License, Recognised([.. NationalLayout.LicenseColumns]).Kind);
        var csv = ImportTemplates.Of("penalty.csv")!;
        Assert.Equal([0xEF, 0xBB, 0xBF], csv.Content[..3]);
        Assert.True(XlsxFile.LooksLikeZip(ImportTemplates.Of("license.xlsx")!.Content));
        Assert.Null(ImportTemplates.Of("penalty.xls"));
        Assert.Null(ImportTemplates.Of("other.csv"));
    }
}
