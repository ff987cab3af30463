using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CreditSharing.Core.Imports;
using CreditSharing.Integration.Tests.Infrastructure;
using MiniExcelLibs;

namespace CreditSharing.Integration.Tests.Imports;

/// <summary>Files in the 2021 national 行政处罚/行政许可 layout, CSV and XLSX; the caps per line; the templates.</summary>
public sealed class NationalImportTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private const string PenaltyHeader =
        "行政相对人名称,行政相对人类别,行政相对人代码_1（统一社会信用代码）,法定代表人,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,"
        + " 罚款金额(万元) ,没收违法所得、没收非法财物的金额（万元）,暂扣或吊销证照名称及编号,处罚决定日期,处罚有效期,公示截止期,处罚机关,处罚机关统一社会信用代码,"
        + "数据来源单位,数据来源单位统一社会信用代码,备注,失信严重程度";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string PenaltyLine(string uscc, string documentNo, string fine, string date, string severity)
        => $"驻马店某商行,法人及非法人组织,{uscc},张三,{documentNo},销售过期食品,经查……,《食品安全法》第一百二十四条,罚款,罚款{fine}万元,{fine},0.02,,{date},,2029-05-01,"
           + $"驻马店市市场监督管理局,,驻马店市市场监督管理局,,,{severity}";

    [Fact]
    public async Task ImportsANationalPenaltyCsvAndASecondImportChangesNothing()
    {
        var uscc = TestData.NewUscc("411724");
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var csv = PenaltyHeader + "\r\n"
                  + PenaltyLine(uscc, "驻市监罚〔2026〕101号", "0.5", "2026/5/1", "一般") + "\r\n"
                  + PenaltyLine(uscc, "驻市监罚〔2026〕102号", "1.2345", "2026年4月2日", "") + "\r\n";
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();

        var first = await ImportAsync(provider, body, "text/csv", "?severity=minor");
        var records = await Infrastructure.Records.AllAsync(regulator, uscc);
        var second = await ImportAsync(provider, body, "text/csv", "?severity=minor");
        var again = await Infrastructure.Records.AllAsync(regulator, uscc);

        AssertCounts((2, 2, 0), first);
        AssertCounts((2, 2, 0), second);
        var fine = Assert.Single(records, r => r.GetProperty("documentNo").GetString() == "驻市监罚〔2026〕101号");
        Assert.Equal(5000m, fine.GetProperty("amount").GetDecimal());
        Assert.Equal("2026-05-01", fine.GetProperty("decisionDate").GetString());
        Assert.Equal("general", fine.GetProperty("severity").GetString());
        Assert.Equal("penalty", fine.GetProperty("category").GetString());
        Assert.Equal(200m, fine.GetProperty("details").GetProperty("confiscatedAmount").GetDecimal());
        Assert.Equal("罚款", fine.GetProperty("details").GetProperty("penaltyType").GetString());
        Assert.Equal("销售过期食品", fine.GetProperty("details").GetProperty("violationType").GetString());
        Assert.Equal("驻马店市市场监督管理局", fine.GetProperty("details").GetProperty("dataSource").GetString());
        var other = Assert.Single(records, r => r.GetProperty("documentNo").GetString() == "驻市监罚〔2026〕102号");
        Assert.Equal(12345m, other.GetProperty("amount").GetDecimal());
        Assert.Equal("2026-04-02", other.GetProperty("decisionDate").GetString());
        Assert.Equal("minor", other.GetProperty("severity").GetString());
        Assert.Equal(
            records.Select(r => (r.GetProperty("id").GetString(), r.GetProperty("revision").GetInt32(), r.GetProperty("updatedAt").GetString())).OrderBy(x => x.Item1),
            again.Select(r => (r.GetProperty("id").GetString(), r.GetProperty("revision").GetInt32(), r.GetProperty("updatedAt").GetString())).OrderBy(x => x.Item1));
        Assert.All(again, r => Assert.Equal(1, r.GetProperty("revision").GetInt32()));
    }

    [Fact]
    public async Task ImportsANationalPenaltyXlsxWithNumberAndDateCells()
    {
        var uscc = TestData.NewUscc("411725");
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var rows = new[]
        {
            PenaltyRow(uscc, "驻市监罚〔2026〕201号", 1.5, 46143d),
            PenaltyRow(uscc, "驻市监罚〔2026〕202号", 0.3, new DateTime(2026, 3, 15)),
        };
        using var workbook = new MemoryStream();
        workbook.SaveAs(rows, excelType: ExcelType.XLSX);

        var first = await ImportAsync(provider, workbook.ToArray(), XlsxFile.MediaType);
        var records = await Infrastructure.Records.AllAsync(regulator, uscc);
        var second = await ImportAsync(provider, workbook.ToArray(), "application/octet-stream");
        var again = await Infrastructure.Records.AllAsync(regulator, uscc);

        AssertCounts((2, 2, 0), first);
        AssertCounts((2, 2, 0), second);
        var a = Assert.Single(records, r => r.GetProperty("documentNo").GetString() == "驻市监罚〔2026〕201号");
        Assert.Equal(15000m, a.GetProperty("amount").GetDecimal());
        Assert.Equal("2026-05-01", a.GetProperty("decisionDate").GetString());
        Assert.Equal("serious", a.GetProperty("severity").GetString());
        var b = Assert.Single(records, r => r.GetProperty("documentNo").GetString() == "驻市监罚〔2026〕202号");
        Assert.Equal(3000m, b.GetProperty("amount").GetDecimal());
        Assert.Equal("2026-03-15", b.GetProperty("decisionDate").GetString());
        Assert.Equal(records.Select(r => r.GetProperty("updatedAt").GetString()).Order(), again.Select(r => r.GetProperty("updatedAt").GetString()).Order());
    }

    [Fact]
    public async Task ImportsANationalLicenseFileAndShowsItsDetailsOnThePublicPage()
    {
        var uscc = TestData.NewUscc("411726");
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var anonymous = host.Anonymous();
        var csv = "行政相对人名称,统一社会信用代码,行政许可决定文书名称,行政许可决定文书号,许可类别,许可证书名称,许可编号,许可内容,许可决定日期,有效期自,有效期至,许可机关,许可机关统一社会信用代码,当前状态,数据来源单位,数据来源单位统一社会信用代码\n"
                  + $"某商行,{uscc},食品经营许可决定书,驻市监许〔2026〕3号,普通,食品经营许可证,JY14117020001234,预包装食品销售,2026/3/1,2026/3/1,2031年2月28日,驻马店市市场监督管理局,,有效,驻马店市市场监督管理局,\n";

        var status = await ImportAsync(provider, Encoding.UTF8.GetBytes(csv), "text/csv");
        var page = await Eventually.GetAsync(
            async () =>
            {
                using var response = await anonymous.GetAsync($"/api/public/enterprises/{uscc}", Ct);
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(Ct) : (JsonElement?)null;
            },
            what: "the public page");

        AssertCounts((1, 1, 0), status);
        var record = Assert.Single(page!.Value.GetProperty("records").EnumerateArray());
        Assert.Equal("license", record.GetProperty("category").GetString());
        Assert.Equal("granted", record.GetProperty("outcome").GetString());
        var details = record.GetProperty("details");
        Assert.Equal("JY14117020001234", details.GetProperty("certificateNo").GetString());
        Assert.Equal("食品经营许可证", details.GetProperty("certificateName").GetString());
        Assert.Equal("普通", details.GetProperty("licenceCategory").GetString());
        Assert.Equal("2026-03-01", details.GetProperty("validFrom").GetString());
        Assert.Equal("有效", details.GetProperty("currentStatus").GetString());

        using var html = await anonymous.GetAsync($"/e/{uscc}", Ct);
        var text = await html.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<dt>许可证书名称</dt><dd>食品经营许可证</dd>", text, StringComparison.Ordinal);
        Assert.Contains("<dt>许可编号</dt><dd>JY14117020001234</dd>", text, StringComparison.Ordinal);
        Assert.Contains("<dt>有效期自</dt>", text, StringComparison.Ordinal);
        Assert.Contains("<dt>当前状态</dt><dd>有效</dd>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectsPenaltyRowsWithoutSeverityAndFailsUnknownHeaders()
    {
        var uscc = TestData.NewUscc("411727");
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        var noSeverity = PenaltyHeader + "\n" + PenaltyLine(uscc, "驻市监罚〔2026〕301号", "0.1", "2026-05-01", "") + "\n";
        var unknown = PenaltyHeader + ",经办人,联系电话\n" + PenaltyLine(uscc, "驻市监罚〔2026〕302号", "0.1", "2026-05-01", "一般") + ",李四,0396-1234567\n";

        var rejected = await ImportAsync(provider, Encoding.UTF8.GetBytes(noSeverity), "text/csv");
        var failed = await ImportAsync(provider, Encoding.UTF8.GetBytes(unknown), "text/csv");

        AssertCounts((1, 0, 1), rejected);
        var line = Assert.Single(rejected.GetProperty("rejectedLines").EnumerateArray());
        Assert.Contains("失信严重程度", line.GetProperty("errors").GetProperty("severity")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("经办人", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("联系电话", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesEncryptedMacroAndSheetlessWorkbooksWithAProblem()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        byte[] encrypted = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        var macro = Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook><sheets><sheet name=\"a\"/></sheets></workbook>"), ("xl/vbaProject.bin", "VBA"));
        var sheetless = Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook><sheets/></workbook>"));

        foreach (var (body, mediaType, expected) in new[]
                 {
                     (encrypted, XlsxFile.MediaType, "password"),
                     (encrypted, "application/octet-stream", "password"),
                     (macro, XlsxFile.MediaType, "macros"),
                     (macro, "application/vnd.ms-excel.sheet.macroEnabled.12", "macros"),
                     (sheetless, XlsxFile.MediaType, "no sheet"),
                 })
        {
            using var response = await provider.PostAsync("/api/imports", Content(body, mediaType), Ct);

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.Null(response.Headers.Location);
        }
    }

    [Fact]
    public async Task RejectsOverLongLinesTooManyFieldsAndOverLongFieldsButImportsTheOtherLines()
    {
        var uscc = TestData.NewUscc("411728");
        using var provider = await host.ClientAsync("provider-tax", "DataProvider");
        const string header = "sourceId,uscc,category,title,decisionDate,authority,rating,disclosure";
        string Line(string id, string title = "2025年度纳税信用") => $"{id},{uscc},tax-rating,{title},2026-04-15,国家税务总局驻马店市税务局,A,public";
        var csv = new StringBuilder(header).Append('\n')
            .Append(Line("CAP-1")).Append('\n')                                         // line 2
            .Append(string.Join(',', Enumerable.Repeat(new string('x', 30_000), 40))).Append('\n') // line 3: 1.2 MB in 40 fields
            .Append(Line("CAP-2")).Append(new string(',', 300)).Append('\n')             // line 4: 308 fields
            .Append(Line("CAP-3", new string('长', 33_000))).Append('\n')                // line 5: a field over 32,000 characters
            .Append(Line("CAP-4")).Append('\n');                                         // line 6
        var ndjson = string.Join('\n',
            JsonSerializer.Serialize(Infrastructure.Records.TaxRating(uscc, "CAP-5")),
            "{\"title\":\"" + new string('x', 2 * 1024 * 1024) + "\"}",
            JsonSerializer.Serialize(Infrastructure.Records.TaxRating(uscc, "CAP-6", decisionDate: "2025-04-15")));

        var fromCsv = await ImportAsync(provider, Encoding.UTF8.GetBytes(csv.ToString()), "text/csv");
        var fromNdjson = await ImportAsync(provider, Encoding.UTF8.GetBytes(ndjson), "application/x-ndjson");

        AssertCounts((5, 2, 3), fromCsv);
        var reasons = fromCsv.GetProperty("rejectedLines").EnumerateArray()
            .ToDictionary(l => l.GetProperty("line").GetInt32(), l => l.GetProperty("errors").GetProperty("row")[0].GetString()!);
        Assert.Contains("longer than 1,048,576 bytes", reasons[3], StringComparison.Ordinal);
        Assert.Contains("more than 200 fields", reasons[4], StringComparison.Ordinal);
        Assert.Contains("longer than 32,000 characters", reasons[5], StringComparison.Ordinal);
        AssertCounts((3, 2, 1), fromNdjson);
        Assert.Equal(2, Assert.Single(fromNdjson.GetProperty("rejectedLines").EnumerateArray()).GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task ServesBlankTemplates()
    {
        using var provider = await host.ClientAsync("provider-market", "DataProvider");

        using var csv = await provider.GetAsync("/api/imports/templates/penalty.csv", Ct);
        using var xlsx = await provider.GetAsync("/api/imports/templates/license.xlsx", Ct);
        using var records = await provider.GetAsync("/api/imports/templates/records.csv", Ct);
        using var unknown = await provider.GetAsync("/api/imports/templates/other.csv", Ct);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var csvBytes = await csv.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csvBytes[..3]);
        Assert.Equal(string.Join(',', NationalLayout.PenaltyColumns) + "\r\n", Encoding.UTF8.GetString(csvBytes[3..]));
        Assert.Equal(XlsxFile.MediaType, xlsx.Content.Headers.ContentType?.MediaType);
        using var sheet = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct));
        var row = (IDictionary<string, object?>)Assert.Single(sheet.Query(excelType: ExcelType.XLSX));
        Assert.Equal(NationalLayout.LicenseColumns, row.Values.Select(v => v?.ToString()));
        Assert.StartsWith("sourceId,uscc,category", Encoding.UTF8.GetString((await records.Content.ReadAsByteArrayAsync(Ct))[3..]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static Dictionary<string, object?> PenaltyRow(string uscc, string documentNo, double fineWan, object decisionDate) => new()
    {
        ["行政相对人名称"] = "驻马店某商行",
        ["行政相对人代码_1(统一社会信用代码)"] = uscc,
        ["行政处罚决定书文号"] = documentNo,
        ["违法行为类型"] = "虚假宣传",
        ["违法事实"] = "经查……",
        ["处罚依据"] = "《反不正当竞争法》第二十条",
        ["处罚类别"] = "罚款",
        ["处罚内容"] = "罚款",
        ["罚款金额（万元）"] = fineWan,
        ["处罚决定日期"] = decisionDate,
        ["处罚机关"] = "驻马店市市场监督管理局",
        ["失信严重程度"] = "严重",
    };

    private static void AssertCounts((int Total, int Accepted, int Rejected) expected, JsonElement status)
        => Assert.True(expected == Counts(status), status.ToString());

    private static (int Total, int Accepted, int Rejected) Counts(JsonElement status)
    {
        Assert.Equal("completed", status.GetProperty("status").GetString());
        return (status.GetProperty("total").GetInt32(), status.GetProperty("accepted").GetInt32(), status.GetProperty("rejected").GetInt32());
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
        }

        return stream.ToArray();
    }

    private static ByteArrayContent Content(byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private async Task<JsonElement> ImportAsync(HttpClient client, byte[] body, string mediaType, string query = "")
    {
        using var response = await client.PostAsync("/api/imports" + query, Content(body, mediaType), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        var location = response.Headers.Location!.OriginalString;
        return await Eventually.GetAsync(
            async () =>
            {
                var status = await client.GetFromJsonAsync<JsonElement>(location, Ct);
                return status.GetProperty("status").GetString() is "completed" or "failed" ? (JsonElement?)status : null;
            },
            what: "the import to finish") ?? default;
    }
}
