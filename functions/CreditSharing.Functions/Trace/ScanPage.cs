using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using CreditSharing.Core.Trace;

namespace CreditSharing.Functions.Trace;

/// <summary>
/// The page a phone shows after scanning a code: Chinese, mobile-first, self-contained (inline CSS,
/// no scripts, fonts or CDNs), every value HTML-encoded.
/// </summary>
public static class ScanPage
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
        var h = HtmlEncoder.Default;
        var p = scan.Product;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(h.Encode(p.ProductName)).Append(" · 产品追溯</title>")
            .Append("<style>").Append(Css).Append("</style></head><body><main>");

        if (scan.Recalled || scan.Warnings.Count > 0)
        {
            html.Append("<section class=\"banner\" role=\"alert\"><strong>").Append(scan.Recalled ? "此产品已召回，请勿食用或使用" : "请注意").Append("</strong><ul>");
            foreach (var warning in scan.Warnings)
            {
                html.Append("<li>").Append(h.Encode(warning)).Append("</li>");
            }

            html.Append("</ul></section>");
        }

        html.Append("<header><h1>").Append(h.Encode(p.ProductName)).Append("</h1><dl>")
            .Append(Row(h, "追溯码", scan.Code))
            .Append(Row(h, "品类", p.Category))
            .Append(Row(h, "批次", p.Batch))
            .Append(Row(h, "规格", p.Spec))
            .Append(Row(h, "产地", p.Origin))
            .Append(Row(h, "储存", StorageNames.GetValueOrDefault(p.Storage, p.Storage)))
            .Append("</dl></header>");

        html.Append("<section class=\"status\"><p class=\"").Append(scan.Integrity.Intact ? "ok" : "bad").Append("\">")
            .Append(scan.Integrity.Intact ? $"记录完整：{scan.Integrity.Events} 条记录哈希链校验通过" : "记录校验失败：追溯记录可能被篡改").Append("</p>");
        if (scan.ColdChain.Required)
        {
            html.Append("<p class=\"").Append(scan.ColdChain.Intact ? "ok" : "bad").Append("\">")
                .Append(scan.ColdChain.Intact ? "冷链完整" : "冷链中断").Append("（").Append(h.Encode(Range(scan.ColdChain.Range))).Append("）</p>");
            if (!scan.ColdChain.Intact)
            {
                html.Append("<ul class=\"breaks\">");
                foreach (var b in scan.ColdChain.Breaks)
                {
                    html.Append("<li>").Append(h.Encode(b)).Append("</li>");
                }

                html.Append("</ul>");
            }
        }

        html.Append("</section><h2>流通过程</h2><ol class=\"timeline\">");
        foreach (var e in scan.Events)
        {
            html.Append("<li class=\"event step-").Append(h.Encode(e.Step)).Append("\"><div class=\"when\">")
                .Append(h.Encode(e.OccurredAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append("</div>")
                .Append("<div class=\"what\"><strong>").Append(h.Encode(StepNames.GetValueOrDefault(e.Step, e.Step))).Append("</strong> · ").Append(h.Encode(e.Location));
            if (e.TemperatureC is { } t)
            {
                html.Append(" · ").Append(h.Encode(t.ToString("0.#", CultureInfo.InvariantCulture))).Append(" °C");
            }

            html.Append("</div><div class=\"who\">").Append(h.Encode(e.Actor.Name ?? e.Actor.Uscc)).Append(' ')
                .Append("<span class=\"grade grade-").Append(h.Encode(e.Actor.Grade ?? "none")).Append("\" aria-label=\"信用等级 ").Append(h.Encode(e.Actor.Grade ?? "未评价")).Append("\">")
                .Append(h.Encode(e.Actor.Grade ?? "未评")).Append("</span>");
            foreach (var warning in e.Actor.Warnings)
            {
                html.Append(" <span class=\"warn\">").Append(h.Encode(warning == "black-list" ? "严重失信" : warning == "watch-list" ? "重点关注" : "信用D级")).Append("</span>");
            }

            html.Append("</div></li>");
        }

        html.Append("</ol><footer>驻马店市流通领域信用体系 · 重要产品追溯</footer></main></body></html>");
        return html.ToString();
    }

    public static string NotFound(string code)
        => "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>未找到追溯码</title><style>"
           + Css + "</style></head><body><main><h1>未找到此追溯码</h1><p>追溯码 <code>" + HtmlEncoder.Default.Encode(code)
           + "</code> 没有登记。请核对包装上的二维码，或向销售者询问。</p></main></body></html>";

    private static string Row(HtmlEncoder h, string label, string? value)
        => value is null ? string.Empty : $"<dt>{label}</dt><dd>{h.Encode(value)}</dd>";

    private static string Range(TemperatureRange? range) => range switch
    {
        null => string.Empty,
        { Min: { } min, Max: { } max } => $"{min}–{max} °C",
        { Max: { } max } => $"≤ {max} °C",
        { Min: { } min } => $"≥ {min} °C",
        _ => string.Empty,
    };

    private const string Css = """
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#f5f6f8}
        main{max-width:720px;margin:0 auto;padding:12px}h1{font-size:1.4rem;margin:.2em 0}h2{font-size:1.1rem;margin:1em 0 .4em}
        header,section.status,.timeline li{background:#fff;border-radius:8px;padding:12px;margin:8px 0}
        dl{display:grid;grid-template-columns:5em 1fr;gap:2px 8px;margin:0}dt{color:#555}dd{margin:0;word-break:break-all}
        .banner{background:#b00020;color:#fff;border-radius:8px;padding:12px}.banner ul{margin:.3em 0 0;padding-left:1.2em}
        .ok{color:#0b6e2e;font-weight:600}.bad{color:#b00020;font-weight:600}.breaks{color:#b00020}
        .timeline{list-style:none;padding:0;margin:0}.when{color:#555;font-size:.9rem}.who{margin-top:4px}
        .grade{display:inline-block;min-width:1.8em;text-align:center;border-radius:4px;padding:0 .3em;font-weight:700;color:#fff;background:#555}
        .grade-A{background:#0b6e2e}.grade-B{background:#1f5fa8}.grade-C{background:#8a5a00}.grade-D{background:#b00020}
        .warn{display:inline-block;background:#fde7ea;color:#8a0018;border-radius:4px;padding:0 .3em;font-size:.9rem}
        footer{color:#666;font-size:.85rem;text-align:center;margin:16px 0}
        """;
}
