using CreditSharing.Core.Reports;
using CreditSharing.Functions.Pages;

namespace CreditSharing.Functions.Reports;

/// <summary>The page a report's QR code opens (/verify/{reportNo}): what the registry holds of the report, mobile-first.</summary>
public static class VerifyPage
{
    private const string Css = """
        main{max-width:720px}
        section.report{background:#fff;border-radius:8px;padding:12px;margin:8px 0}
        dl{display:grid;grid-template-columns:7em 1fr;gap:6px 8px;margin:0}
        dt{color:#555}
        dd{margin:0;min-width:0}
        code.hash{word-break:break-all;font-size:.85em}
        .ok{color:#0b6e2e;font-weight:bold}
        ol{padding-left:1.4em}
        """;

    public static string Render(ReportVerification report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = "<h1>信用报告核验</h1>"
            + "<p class=\"ok\">✓ 本平台出具过此编号的信用报告。</p>"
            + "<section class=\"report\"><dl>"
            + Row("报告编号", $"<span id=\"report-no\">{PageLayout.Encode(report.ReportNo)}</span>")
            + Row("企业名称", $"<span id=\"subject-name\">{PageLayout.Encode(report.Name ?? "（未登记）")}</span>")
            + Row("统一社会信用代码", $"<span id=\"subject-uscc\">{PageLayout.Encode(report.Uscc)}</span>")
            + Row("出具时间", $"<span id=\"issued-at\">{PageLayout.Encode(PageLayout.CityTime(report.IssuedAt))}</span>")
            + Row("报告类型", $"<span id=\"report-type\">{PageLayout.Encode(ReportPdf.TypeName(report.Type))}</span>")
            + Row("页数", PageLayout.Encode(report.Pages.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            + Row("信用规则版本", PageLayout.Encode(report.RulesVersion))
            + Row("内容摘要 SHA-256", $"<code class=\"hash\" id=\"content-sha256\">{PageLayout.Encode(report.ContentSha256)}</code>")
            + Row("文件摘要 SHA-256", $"<code class=\"hash\" id=\"file-sha256\">{PageLayout.Encode(report.FileSha256)}</code>")
            + "</dl></section>"
            + "<h2>如何核对</h2><ol>"
            + "<li>报告页脚的报告编号、出具时间与内容摘要应与上面一致。</li>"
            + "<li>收到的 PDF 文件的 SHA-256（如 <code>sha256sum 报告.pdf</code>）应等于上面的文件摘要；不一致说明文件被改动过。</li>"
            + "<li>报告内容以出具时间的数据为准；需要最新信息请向企业索取新报告。</li>"
            + "</ol>";
        return PageLayout.Document($"信用报告核验 {report.ReportNo}", body, Css);
    }

    public static string NotFound(string reportNo)
        => PageLayout.Document(
            "未找到信用报告",
            "<h1>未找到此信用报告</h1><p>报告编号 <code>" + PageLayout.Encode(reportNo) + "</code> 不是本平台出具的报告。请核对编号，或向出具报告的企业核实：此报告可能是伪造的。</p>",
            Css);

    private static string Row(string label, string valueHtml) => $"<dt>{label}</dt><dd>{valueHtml}</dd>";
}
