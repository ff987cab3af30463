using System.Globalization;
using System.Text;
using CreditSharing.Core.Trace;

namespace CreditSharing.Functions.Pages;

/// <summary>
/// The page a phone shows after scanning a code: Chinese, mobile-first, self-contained (inline CSS,
/// no scripts, fonts or CDNs), every value HTML-encoded.
/// </summary>
public static class ScanPage
{
    private static readonly Dictionary<string, string> StepNames = new(StringComparer.Ordinal)
    {
        ["produce"] = "生产", ["process"] = "加工", ["inspect"] = "检验", ["store"] = "仓储",
        ["transport"] = "运输", ["wholesale"] = "批发", ["retail"] = "零售", ["recall"] = "召回",
    };

    private static readonly Dictionary<string, string> StorageNames = new(StringComparer.Ordinal)
    {
        ["ambient"] = "常温", ["chilled"] = "冷藏", ["frozen"] = "冷冻",
    };

    public static string Render(ScanResult scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var p = scan.Product;
        var html = new StringBuilder();

        if (scan.Recalled || scan.Warnings.Count > 0)
        {
            html.Append("<section class=\"banner\" role=\"alert\"><strong>").Append(scan.Recalled ? "此产品已召回，请勿食用或使用" : "请注意").Append("</strong><ul>");
            foreach (var warning in scan.Warnings)
            {
                html.Append("<li>").Append(PageLayout.Encode(warning)).Append("</li>");
            }

            html.Append("</ul></section>");
        }

        html.Append("<header><h1>").Append(PageLayout.Encode(p.ProductName)).Append("</h1><dl>")
            .Append(Row("追溯码", scan.Code))
            .Append(Row("品类", p.Category))
            .Append(Row("批次", p.Batch))
            .Append(Row("规格", p.Spec))
            .Append(Row("产地", p.Origin))
            .Append(Row("储存", StorageNames.GetValueOrDefault(p.Storage, p.Storage)))
            .Append("</dl></header>");

        html.Append("<section class=\"status\"><p class=\"").Append(scan.Integrity.Intact ? "ok" : "bad").Append("\">")
            .Append(scan.Integrity.Intact ? $"记录完整：{scan.Integrity.Events} 条记录哈希链校验通过" : "记录校验失败：追溯记录可能被篡改").Append("</p>");
        if (scan.ColdChain.Required)
        {
            html.Append("<p class=\"").Append(scan.ColdChain.Intact ? "ok" : "bad").Append("\">")
                .Append(scan.ColdChain.Intact ? "冷链完整" : "冷链中断").Append("（").Append(PageLayout.Encode(Range(scan.ColdChain.Range))).Append("）</p>");
            if (!scan.ColdChain.Intact)
            {
                html.Append("<ul class=\"breaks\">");
                foreach (var b in scan.ColdChain.Breaks)
                {
                    html.Append("<li>").Append(PageLayout.Encode(b)).Append("</li>");
                }

                html.Append("</ul>");
            }
        }

        html.Append("</section><h2>流通过程</h2><ol class=\"timeline\">");
        foreach (var e in scan.Events)
        {
            html.Append("<li class=\"event step-").Append(PageLayout.Encode(e.Step)).Append("\"><div class=\"when\">")
                .Append(PageLayout.Encode(e.OccurredAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append("</div>")
                .Append("<div class=\"what\"><strong>").Append(PageLayout.Encode(StepNames.GetValueOrDefault(e.Step, e.Step))).Append("</strong> · ").Append(PageLayout.Encode(e.Location));
            if (e.TemperatureC is { } t)
            {
                html.Append(" · ").Append(PageLayout.Encode(t.ToString("0.#", CultureInfo.InvariantCulture))).Append(" °C");
            }

            html.Append("</div><div class=\"who\">").Append(PageLayout.Encode(e.Actor.Name ?? e.Actor.Uscc)).Append(' ')
                .Append("<span class=\"grade grade-").Append(PageLayout.Encode(e.Actor.Grade ?? "none")).Append("\" aria-label=\"信用等级 ").Append(PageLayout.Encode(e.Actor.Grade ?? "未评价")).Append("\">")
                .Append(PageLayout.Encode(e.Actor.Grade ?? "未评")).Append("</span>");
            foreach (var warning in e.Actor.Warnings)
            {
                html.Append(" <span class=\"warn\">").Append(PageLayout.Encode(warning == "black-list" ? "严重失信" : warning == "watch-list" ? "重点关注" : "信用D级")).Append("</span>");
            }

            html.Append("</div></li>");
        }

        html.Append("</ol>");
        return PageLayout.Document(p.ProductName + " · 产品追溯", html.ToString(), Css, navigation: false);
    }

    public static string NotFound(string code)
        => PageLayout.Document("未找到追溯码", "<h1>未找到此追溯码</h1><p>追溯码 <code>" + PageLayout.Encode(code) + "</code> 没有登记。请核对包装上的二维码，或向销售者询问。</p>", Css, navigation: false);

    private static string Row(string label, string? value)
        => value is null ? string.Empty : $"<dt>{label}</dt><dd>{PageLayout.Encode(value)}</dd>";

    private static string Range(TemperatureRange? range) => range switch
    {
        null => string.Empty,
        { Min: { } min, Max: { } max } => $"{min}–{max} °C",
        { Max: { } max } => $"≤ {max} °C",
        { Min: { } min } => $"≥ {min} °C",
        _ => string.Empty,
    };

    /// <summary>What the scan page adds to the shared layout's CSS.</summary>
    private const string Css = """
        main{max-width:720px}
        header,section.status,.timeline li{background:#fff;border-radius:8px;padding:12px;margin:8px 0}
        dl{grid-template-columns:5em 1fr}
        .banner{background:#b00020;color:#fff;border-radius:8px;padding:12px}.banner ul{margin:.3em 0 0;padding-left:1.2em}
        .ok{color:#0b6e2e;font-weight:600}.bad{color:#b00020;font-weight:600}.breaks{color:#b00020}
        .timeline{list-style:none;padding:0;margin:0}.when{color:#555;font-size:.9rem}.who{margin-top:4px}
        .warn{display:inline-block;background:#fde7ea;color:#8a0018;border-radius:4px;padding:0 .3em;font-size:.9rem}
        """;
}
