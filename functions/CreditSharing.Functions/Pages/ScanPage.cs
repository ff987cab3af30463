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
    public static string Render(ScanDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var scan = detail.Result;
        var p = scan.Product;
        var html = new StringBuilder();

        // Worded from the actors and breaks themselves: the API's warning and break sentences are English.
        var upstreamRecalled = scan.Upstream?.Any(u => u.Recalled) == true;
        if (scan.Recalled || upstreamRecalled || detail.WarnedActors.Count > 0)
        {
            html.Append("<section class=\"banner\" role=\"alert\"><strong>").Append(scan.Recalled ? "此产品已召回，请勿食用或使用" : upstreamRecalled ? "上游产品已召回，请勿食用或使用" : "请注意").Append("</strong>");
            if (detail.WarnedActors.Count > 0)
            {
                html.Append("<ul>");
                foreach (var actor in detail.WarnedActors)
                {
                    html.Append("<li>").Append(PageLayout.Encode($"{actor.Name ?? actor.Uscc}：{string.Join("、", actor.Warnings.Select(PageLabels.ActorWarning))}")).Append("</li>");
                }

                html.Append("</ul>");
            }

            html.Append("</section>");
        }

        html.Append("<header><h1>").Append(PageLayout.Encode(p.ProductName)).Append("</h1><dl>")
            .Append(Row("追溯码", scan.Code))
            .Append(Row("品类", PageLabels.TraceCategory(p.Category)))
            .Append(Row("批次", p.Batch))
            .Append(Row("规格", p.Spec))
            .Append(Row("产地", p.Origin))
            .Append(Row("储存", PageLabels.StorageMode(p.Storage)))
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
                foreach (var b in detail.Breaks)
                {
                    html.Append("<li>").Append(PageLayout.Encode(Break(b, p.Storage, scan.ColdChain.Range))).Append("</li>");
                }

                html.Append("</ul>");
            }
        }

        if (scan.Scans is { } tally)
        {
            // 防伪: a code scanned thousands of times is a copied label.
            html.Append("<p class=\"scans\">").Append(PageLayout.Encode($"本码已被查询 {tally.Count} 次，首次查询于 {PageLayout.CityTime(tally.FirstAt)}")).Append("</p>");
        }

        html.Append("</section><h2>流通过程</h2><ol class=\"timeline\">");
        foreach (var e in scan.Events)
        {
            // An annulled event stays in the timeline, struck through, with who annulled it and why.
            html.Append("<li class=\"event step-").Append(PageLayout.Encode(e.Step)).Append(e.Annulled is null ? string.Empty : " annulled").Append("\"><div class=\"when\">")
                .Append(PageLayout.Encode(PageLayout.CityTime(e.OccurredAt))).Append("</div>")
                .Append("<div class=\"what\">").Append(e.Annulled is null ? string.Empty : "<del>").Append("<strong>").Append(PageLayout.Encode(PageLabels.Step(e.Step))).Append("</strong> · ").Append(PageLayout.Encode(e.Location));
            if (e.TemperatureC is { } t)
            {
                html.Append(" · ").Append(PageLayout.Encode(Degrees(t))).Append(" °C");
            }

            if (e.Annulled is { } annulled)
            {
                html.Append("</del><div class=\"annulment\"><span class=\"label\">已撤销</span> ")
                    .Append(PageLayout.Encode($"{PageLayout.CityTime(annulled.At)} 由 {annulled.By.Name ?? annulled.By.Uscc} 撤销：{annulled.Reason}"))
                    .Append("</div>");
            }

            html.Append("</div><div class=\"who\">").Append(PageLayout.Encode(e.Actor.Name ?? e.Actor.Uscc)).Append(' ')
                .Append("<span class=\"grade grade-").Append(PageLayout.Encode(e.Actor.Grade ?? "none")).Append("\" aria-label=\"信用等级 ").Append(PageLayout.Encode(e.Actor.Grade ?? "未评价")).Append("\">")
                .Append(PageLayout.Encode(e.Actor.Grade ?? "未评")).Append("</span>");
            foreach (var warning in e.Actor.Warnings)
            {
                html.Append(" <span class=\"warn\">").Append(PageLayout.Encode(PageLabels.ActorWarningTag(warning))).Append("</span>");
            }

            html.Append("</div></li>");
        }

        html.Append("</ol>");
        Upstream(html, scan.Upstream ?? []);
        return PageLayout.Document(p.ProductName + " · 产品追溯", html.ToString(), Css, navigation: false);
    }

    /// <summary>来源可追: each parent (and further ancestor) with its integrity, recall and events.</summary>
    private static void Upstream(StringBuilder html, IReadOnlyList<UpstreamChain> upstream)
    {
        if (upstream.Count == 0)
        {
            return;
        }

        html.Append("<h2>上游来源</h2>");
        foreach (var u in upstream)
        {
            html.Append("<section class=\"upstream\"><h3>").Append(PageLayout.Encode(u.ProductName)).Append("</h3><p>追溯码 ").Append(PageLayout.Encode(u.Code));
            if (u.Batch is not null)
            {
                html.Append(" · 批次 ").Append(PageLayout.Encode(u.Batch));
            }

            html.Append("</p><p class=\"").Append(u.Integrity.Intact ? "ok" : "bad").Append("\">").Append(u.Integrity.Intact ? $"记录完整：{u.Integrity.Events} 条记录哈希链校验通过" : "记录校验失败：追溯记录可能被篡改").Append("</p>");
            if (u.Recalled)
            {
                html.Append("<p class=\"bad\">上游产品已召回</p>");
            }

            html.Append("<ol class=\"timeline\">");
            foreach (var e in u.Events)
            {
                html.Append("<li class=\"event step-").Append(PageLayout.Encode(e.Step)).Append("\"><div class=\"when\">").Append(PageLayout.Encode(PageLayout.CityTime(e.OccurredAt))).Append("</div>")
                    .Append("<div class=\"what\"><strong>").Append(PageLayout.Encode(PageLabels.Step(e.Step))).Append("</strong> · ").Append(PageLayout.Encode(e.Location)).Append("</div>")
                    .Append("<div class=\"who\">").Append(PageLayout.Encode(e.Actor.Name ?? e.Actor.Uscc)).Append("</div></li>");
            }

            html.Append("</ol></section>");
        }
    }

    public static string NotFound(string code)
        => PageLayout.Document("未找到追溯码", "<h1>未找到此追溯码</h1><p>追溯码 <code>" + PageLayout.Encode(code) + "</code> 没有登记。请核对包装上的二维码，或向销售者询问。</p>", Css, navigation: false);

    private static string Row(string label, string? value)
        => value is null ? string.Empty : $"<dt>{label}</dt><dd>{PageLayout.Encode(value)}</dd>";

    /// <summary>A break in the words of the page: step, city time, place, and what was wrong.</summary>
    private static string Break(ColdChainBreak b, string storage, TemperatureRange? range)
        => $"{PageLabels.Step(b.Step)} {PageLayout.CityTime(b.OccurredAt)}（{b.Location}）："
           + (b is { Start: { } start, End: { } end, ExtremeC: { } extreme } && start != end
               ? $"温度记录仪显示 {PageLayout.CityTime(start)} 至 {PageLayout.CityTime(end)} 超出{PageLabels.StorageMode(storage)}要求（{Range(range)}）{(end - start).TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} 分钟，极值 {Degrees(extreme)} °C"
               : b.TemperatureC is { } t ? $"{Degrees(t)} °C，超出{PageLabels.StorageMode(storage)}要求（{Range(range)}）" : "未记录温度");

    private static string Range(TemperatureRange? range) => range switch
    {
        null => string.Empty,
        { Min: { } min, Max: { } max } => $"{Degrees(min)}–{Degrees(max)} °C",
        { Max: { } max } => $"≤ {Degrees(max)} °C",
        { Min: { } min } => $"≥ {Degrees(min)} °C",
        _ => string.Empty,
    };

    private static string Degrees(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>What the scan page adds to the shared layout's CSS.</summary>
    private const string Css = """
        main{max-width:720px}
        header,section.status,section.upstream,.timeline li{background:#fff;border-radius:8px;padding:12px;margin:8px 0}
        dl{grid-template-columns:5em 1fr}
        .banner{background:#b00020;color:#fff;border-radius:8px;padding:12px}.banner ul{margin:.3em 0 0;padding-left:1.2em}
        .ok{color:#0b6e2e;font-weight:600}.bad{color:#b00020;font-weight:600}.breaks{color:#b00020}
        .timeline{list-style:none;padding:0;margin:0}.when{color:#555;font-size:.9rem}.who{margin-top:4px}
        .annulled del{color:#777}.annulment{color:#8a0018;font-size:.9rem;margin-top:2px}.annulment .label{display:inline-block;background:#eee;color:#333;border-radius:4px;padding:0 .3em}
        .warn{display:inline-block;background:#fde7ea;color:#8a0018;border-radius:4px;padding:0 .3em;font-size:.9rem}
        """;
}
