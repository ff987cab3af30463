using System.Globalization;
using CreditSharing.Core.Reports;
using CreditSharing.Functions.Pages;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace CreditSharing.Functions.Reports;

/// <summary>
/// Lays a credit report out on A4 pages with PDFsharp (layout: docs/reports.md): title, subject,
/// grade and factors, records table, list entries; on every page a footer with the report number,
/// issue time, rules version, content hash, page x/y and a QR code to the verification page.
/// </summary>
public sealed class ReportPdf : IReportRenderer
{
    private const double Margin = 40;
    private const double FooterHeight = 78;
    private const double QrSize = 64;

    private static readonly XPdfFontOptions Embedding = new(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);

    public RenderedReport Render(CreditReportContent content, string contentSha256, string verifyUrl)
    {
        ArgumentNullException.ThrowIfNull(content);
        ReportFonts.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = $"信用报告 {content.Subject.Name} {content.ReportNo}";
        document.Info.Subject = content.Subject.Uscc;
        document.Info.Creator = "CreditSharing";
        var layout = new Layout(document);
        WriteBody(layout, content);
        layout.Finish();

        using var qrGenerator = new QRCodeGenerator();
        using var qr = qrGenerator.CreateQrCode(verifyUrl, QRCodeGenerator.ECCLevel.M);
        var small = new XFont(ReportFonts.Family, 7.5, XFontStyleEx.Regular, Embedding);
        var issued = content.IssuedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss '(UTC+8)'", CultureInfo.InvariantCulture);
        for (var i = 0; i < document.PageCount; i++)
        {
            var page = document.Pages[i];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var top = page.Height.Point - Margin - FooterHeight + 8;
            gfx.DrawLine(XPens.Gray, Margin, top, page.Width.Point - Margin, top);
            var y = top + 12;
            var smallLatin = new XFont(ReportFonts.LatinFamily, 7.5, XFontStyleEx.Regular, Embedding);
            foreach (var line in new[]
            {
                $"报告编号 {content.ReportNo}    出具时间 {issued}",
                $"信用规则版本 {content.RulesVersion}    报告类型 {TypeName(content.Type)}",
                $"内容摘要 SHA-256 {contentSha256}",
                $"扫码或访问 {verifyUrl} 核验本报告",
                $"第 {i + 1}/{document.PageCount} 页",
            })
            {
                DrawRuns(gfx, line, small, smallLatin, XBrushes.Black, Margin, y - 7.5);
                y += 11;
            }

            DrawQr(gfx, qr, page.Width.Point - Margin - QrSize, top + 6);
        }

        var pages = document.PageCount;
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return new RenderedReport(output.ToArray(), pages);
    }

    /// <summary>Draws text at (x, top) in runs: Latin characters in the Latin face, the rest in the CJK face.</summary>
    private static double DrawRuns(XGraphics gfx, string text, XFont cjk, XFont latin, XBrush brush, double x, double top)
    {
        var start = 0;
        while (start < text.Length)
        {
            var isLatin = ReportFonts.IsLatin(text[start]);
            var end = start + 1;
            while (end < text.Length && ReportFonts.IsLatin(text[end]) == isLatin)
            {
                end++;
            }

            var run = text[start..end];
            var font = isLatin ? latin : cjk;
            gfx.DrawString(run, font, brush, new XRect(x, top, 10000, font.Size * 1.3), XStringFormats.TopLeft);
            x += gfx.MeasureString(run, font).Width;
            start = end;
        }

        return x;
    }

    public static string TypeName(string type) => type == ReportTypes.Full ? "完整版（含非公开信息）" : "公开版";

    private static void WriteBody(Layout layout, CreditReportContent content)
    {
        layout.Title("信用报告");
        layout.Centered($"驻马店市流通领域信用信息共享平台 · {TypeName(content.Type)}");
        layout.Gap(10);

        layout.Heading("一、主体信息");
        var s = content.Subject;
        layout.Field("企业名称", s.Name ?? "（未登记）");
        layout.Field("统一社会信用代码", s.Uscc);
        layout.Field("所在县区", s.CountyName ?? s.County ?? "—");
        if (!string.IsNullOrEmpty(s.Industry))
        {
            layout.Field("行业", s.Industry);
        }

        if (s.FormerNames.Count > 0)
        {
            layout.Field("曾用名", string.Join("；", s.FormerNames));
        }

        layout.Gap(6);
        layout.Heading("二、信用等级");
        if (content.Grade is { } g)
        {
            var when = g.ComputedAt is { } at ? at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";
            layout.Field("信用等级", g.Score is { } score ? $"{g.Grade}（{score} 分）" : g.Grade);
            layout.Field("评定时间", when);
            if (g.Factors.Count > 0)
            {
                layout.Table([("评价因素", 3.2), ("分值", 0.8)], [.. g.Factors.Select(f => new[] { f.Description, f.Points.ToString("+0;-0;0", CultureInfo.InvariantCulture) })]);
            }
        }
        else
        {
            layout.Paragraph("尚未评定信用等级。");
        }

        layout.Gap(6);
        layout.Heading($"三、信用记录（{content.Records.Count} 条）");
        if (content.Records.Count == 0)
        {
            layout.Paragraph("无记录。");
        }
        else
        {
            var full = content.Type == ReportTypes.Full;
            (string, double)[] columns = full
                ? [("决定日期", 1.1), ("类别", 1.0), ("事项", 2.6), ("决定机关", 1.7), ("文号", 1.5), ("公开属性", 0.9), ("状态", 0.8)]
                : [("决定日期", 1.1), ("类别", 1.0), ("事项", 3.0), ("决定机关", 1.9), ("文号", 1.7)];
            layout.Table(columns, [.. content.Records.Select(r =>
            {
                string[] cells = [Day(r.DecisionDate), PageLabels.RecordCategoryNames.GetValueOrDefault(r.Category, r.Category), r.Title, r.Authority, r.DocumentNo ?? "—"];
                return full ? [.. cells, DisclosureName(r.Disclosure), StatusName(r.Status)] : cells;
            })]);
        }

        layout.Gap(6);
        layout.Heading($"四、红黑名单（{content.ListEntries.Count} 条）");
        if (content.ListEntries.Count == 0)
        {
            layout.Paragraph("无名单记录。");
        }
        else
        {
            layout.Table(
                [("名单", 0.9), ("列入事由", 3.0), ("认定机关", 1.8), ("文号", 1.5), ("列入日期", 1.1), ("有效期至", 1.1), ("状态", 0.8)],
                [.. content.ListEntries.Select(e => new[] { PageLabels.ListTypeNames.GetValueOrDefault(e.ListType, e.ListType), e.Reason, e.Authority, e.DocumentNo ?? "—", Day(e.DecidedOn), Day(e.ExpiresOn), StatusName(e.Status) })]);
        }

        layout.Gap(10);
        layout.Paragraph("说明：本报告内容来自驻马店市流通领域信用信息共享平台在出具时间的数据。页脚的内容摘要是报告内容规范 JSON 的 SHA-256；"
            + "扫描二维码或访问页脚地址，可核对报告主体、出具时间、类型、内容摘要与文件摘要（核验步骤见平台文档 docs/reports.md）。");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string DisclosureName(string disclosure) => disclosure switch
    {
        "public" => "公开",
        "shared" => "共享",
        "restricted" => "受限",
        _ => disclosure,
    };

    private static string StatusName(string? status) => status switch
    {
        null => "有效",
        "active" => "有效",
        "repaired" => "已修复",
        "withdrawn" => "已撤销",
        "ended" => "已终止",
        _ => status,
    };

    /// <summary>
    /// The QR code as vector squares (QRCoder's module matrix, quiet zone included): sharp at any zoom,
    /// and no image decoder needed (PDFsharp's core build reads no PNG).
    /// </summary>
    private static void DrawQr(XGraphics gfx, QRCodeData qr, double x, double y)
    {
        var modules = qr.ModuleMatrix;
        var size = QrSize / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var col = 0; col < modules[row].Count; col++)
            {
                if (modules[row][col])
                {
                    gfx.DrawRectangle(XBrushes.Black, x + (col * size), y + (row * size), size, size);
                }
            }
        }
    }

    /// <summary>A cursor over pages: starts a new page when the next line would reach the footer.</summary>
    private sealed class Layout
    {
        private readonly PdfDocument document;
        private readonly XFont title = new(ReportFonts.Family, 20, XFontStyleEx.Bold, Embedding);
        private readonly XFont heading = new(ReportFonts.Family, 12, XFontStyleEx.Bold, Embedding);
        private readonly XFont body = new(ReportFonts.Family, 9.5, XFontStyleEx.Regular, Embedding);
        private readonly XFont cell = new(ReportFonts.Family, 8, XFontStyleEx.Regular, Embedding);
        private readonly XFont cellBold = new(ReportFonts.Family, 8, XFontStyleEx.Bold, Embedding);
        private readonly Dictionary<XFont, XFont> latin = [];
        private PdfPage page = null!;
        private XGraphics gfx = null!;
        private double y;
        private readonly Dictionary<(char, double), double> widths = [];

        public Layout(PdfDocument document)
        {
            this.document = document;
            NewPage();
        }

        private double Width => page.Width.Point - (2 * Margin);

        private double Bottom => page.Height.Point - Margin - FooterHeight;

        public void Finish() => gfx.Dispose();

        public void Gap(double points) => y += points;

        public void Title(string text)
        {
            Ensure(30);
            Draw(text, title, XBrushes.Black, Margin + ((Width - TextWidth(text, title)) / 2), y);
            y += 30;
        }

        public void Centered(string text)
        {
            Ensure(14);
            Draw(text, body, XBrushes.DimGray, Margin + ((Width - TextWidth(text, body)) / 2), y);
            y += 14;
        }

        public void Heading(string text)
        {
            Ensure(22);
            Draw(text, heading, XBrushes.Black, Margin, y);
            y += 18;
            gfx.DrawLine(XPens.LightGray, Margin, y, Margin + Width, y);
            y += 4;
        }

        public void Field(string label, string value)
        {
            var lines = Wrap(value, body, Width - 110);
            Ensure(13 * lines.Count);
            Draw(label, body, XBrushes.DimGray, Margin, y);
            foreach (var line in lines)
            {
                Draw(line, body, XBrushes.Black, Margin + 110, y);
                y += 13;
            }
        }

        public void Paragraph(string text)
        {
            foreach (var line in Wrap(text, body, Width))
            {
                Ensure(13);
                Draw(line, body, XBrushes.Black, Margin, y);
                y += 13;
            }
        }

        /// <summary>A table with relative column widths; cells wrap; the header repeats on each new page.</summary>
        public void Table((string Name, double Weight)[] columns, IReadOnlyList<string[]> rows)
        {
            var total = columns.Sum(c => c.Weight);
            var widths = columns.Select(c => Width * c.Weight / total).ToArray();
            Header(columns, widths);
            foreach (var row in rows)
            {
                var wrapped = row.Select((text, i) => Wrap(text, cell, widths[i] - 4)).ToArray();
                var height = (wrapped.Max(w => w.Count) * 10) + 4;
                if (y + height > Bottom)
                {
                    NewPage();
                    Header(columns, widths);
                }

                var x = Margin;
                for (var i = 0; i < wrapped.Length; i++)
                {
                    var ly = y + 2;
                    foreach (var line in wrapped[i])
                    {
                        Draw(line, cell, XBrushes.Black, x + 2, ly);
                        ly += 10;
                    }

                    x += widths[i];
                }

                y += height;
                gfx.DrawLine(XPens.LightGray, Margin, y, Margin + Width, y);
            }
        }

        private void Header((string Name, double Weight)[] columns, double[] widths)
        {
            Ensure(16);
            gfx.DrawRectangle(XBrushes.WhiteSmoke, Margin, y, Width, 14);
            var x = Margin;
            for (var i = 0; i < columns.Length; i++)
            {
                Draw(columns[i].Name, cellBold, XBrushes.Black, x + 2, y + 2);
                x += widths[i];
            }

            y += 14;
        }

        private void Ensure(double height)
        {
            if (y + height > Bottom)
            {
                NewPage();
            }
        }

        private void NewPage()
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            y = Margin;
        }

        /// <summary>Breaks text into lines that fit: by character, which suits Chinese (no spaces between words).</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
            {
                var start = 0;
                var used = 0.0;
                for (var i = 0; i < paragraph.Length; i++)
                {
                    var w = CharWidth(paragraph[i], font);
                    if (i > start && used + w > width)
                    {
                        lines.Add(paragraph[start..i]);
                        start = i;
                        used = 0;
                    }

                    used += w;
                }

                lines.Add(paragraph[start..]);
            }

            return lines;
        }

        private void Draw(string text, XFont font, XBrush brush, double x, double top) => DrawRuns(gfx, text, font, Latin(font), brush, x, top);

        private XFont Latin(XFont font)
        {
            if (!latin.TryGetValue(font, out var face))
            {
                face = new XFont(ReportFonts.LatinFamily, font.Size, font.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Embedding);
                latin[font] = face;
            }

            return face;
        }

        private double TextWidth(string text, XFont font) => text.Sum(c => CharWidth(c, font));

        private double CharWidth(char c, XFont font)
        {
            var key = (c, font.Size);
            if (!widths.TryGetValue(key, out var w))
            {
                w = gfx.MeasureString(c.ToString(), ReportFonts.IsLatin(c) ? Latin(font) : font).Width;
                widths[key] = w;
            }

            return w;
        }
    }
}
