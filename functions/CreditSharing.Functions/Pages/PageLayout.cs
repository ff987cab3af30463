using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CreditSharing.Functions.Pages;

/// <summary>
/// The one layout of every server-rendered page: Chinese, mobile-first (360 px up), self-contained
/// (inline CSS, no fonts or CDNs), the security headers, and HTML encoding of every value.
/// </summary>
public static class PageLayout
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>Pages without script: nothing runs, nothing is fetched, forms post only here.</summary>
    public const string NoScriptPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Pages with a script: only scripts served by this app (never inline), calls only to this app.</summary>
    public const string SelfScriptPolicy = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string ReferrerPolicy = "no-referrer";

    /// <summary>Background colours of the grade badges (white text on each is at least 4.5:1).</summary>
    public static readonly IReadOnlyDictionary<string, string> GradeColours = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["A"] = "#0b6e2e", ["B"] = "#1f5fa8", ["C"] = "#8a5a00", ["D"] = "#b00020", ["none"] = "#555555",
    };

    /// <summary>Encodes &lt; &gt; &amp; quotes and the like, and leaves Chinese as it is.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? value) => value is null ? string.Empty : Encoder.Encode(value);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A time in the city (UTC+8).</summary>
    public static string CityTime(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A grade badge; <paramref name="grade"/> null shows "未评".</summary>
    public static string GradeBadge(string? grade, string? extraClass = null)
        => $"<span class=\"grade grade-{Encode(grade is not null && GradeColours.ContainsKey(grade) ? grade : "none")}{(extraClass is null ? string.Empty : " " + extraClass)}\" aria-label=\"信用等级 {Encode(grade ?? "未评价")}\">{Encode(grade ?? "未评")}</span>";

    /// <summary>A whole page: head, shared CSS (plus <paramref name="css"/>), the site header unless <paramref name="navigation"/> is false.</summary>
    /// <param name="scripts">Further scripts of the app's own, run (deferred, in order) before <paramref name="script"/>.</param>
    public static string Document(string title, string body, string? css = null, bool navigation = true, string? script = null, string? bodyAttributes = null, IReadOnlyList<string>? scripts = null)
    {
        var html = new StringBuilder(4096);
        html.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append("</title>")
            .Append("<style>").Append(Css).Append(css).Append("</style>");
        foreach (var src in (scripts ?? []).Append(script).OfType<string>())
        {
            html.Append("<script src=\"").Append(Encode(src)).Append("\" defer></script>");
        }

        html.Append("</head><body").Append(bodyAttributes is null ? string.Empty : " " + bodyAttributes).Append('>');
        if (navigation)
        {
            html.Append("<header class=\"site\"><a class=\"brand\" href=\"/\">信用驻马店</a><nav aria-label=\"主导航\">")
                .Append("<a href=\"/\">查询</a><a href=\"/lists\">红黑榜</a><a href=\"/dashboard\">监管工作台</a></nav></header>");
        }

        html.Append("<main>").Append(body).Append("<footer>驻马店市流通领域信用体系</footer></main></body></html>");
        return html.ToString();
    }

    /// <summary>An HTML answer with the headers every page carries.</summary>
    public static ContentResult Html(HttpRequest request, string html, int status = StatusCodes.Status200OK, string policy = NoScriptPolicy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ApplyHeaders(request.HttpContext.Response, policy);
        return new ContentResult { Content = html, ContentType = HtmlContentType, StatusCode = status };
    }

    public static void ApplyHeaders(HttpResponse response, string policy)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = ReferrerPolicy;
    }

    /// <summary>A friendly error page (not found, bad address) in the same layout.</summary>
    public static ContentResult Problem(HttpRequest request, int status, string title, string message)
        => Html(request, Document(title, $"<section class=\"card\"><h1>{Encode(title)}</h1><p>{Encode(message)}</p><p><a href=\"/\">返回查询</a> · <a href=\"/lists\">查看红黑榜</a></p></section>"), status);

    private const string Css = """
        *{box-sizing:border-box}[hidden]{display:none!important}body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#f5f6f8}
        main{max-width:960px;margin:0 auto;padding:12px}h1{font-size:1.4rem;margin:.2em 0}h2{font-size:1.1rem;margin:1em 0 .4em}
        a{color:#0b4f9c}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f2a900;outline-offset:1px}
        header.site{display:flex;flex-wrap:wrap;align-items:center;gap:4px 16px;background:#0b3d73;color:#fff;padding:8px 12px}
        header.site a{color:#fff;text-decoration:none}header.site .brand{font-weight:700;font-size:1.1rem}header.site nav{display:flex;gap:12px;flex-wrap:wrap}
        .card{background:#fff;border-radius:8px;padding:12px;margin:8px 0}.card>:first-child{margin-top:0}.card>:last-child{margin-bottom:0}
        dl{display:grid;grid-template-columns:7em 1fr;gap:2px 8px;margin:0}dt{color:#555}dd{margin:0;word-break:break-all}
        .grade{display:inline-block;min-width:1.8em;text-align:center;border-radius:4px;padding:0 .3em;font-weight:700;color:#fff;background:#555555}
        .grade-A{background:#0b6e2e}.grade-B{background:#1f5fa8}.grade-C{background:#8a5a00}.grade-D{background:#b00020}
        .grade.big{font-size:2rem;min-width:2.2em;padding:0 .4em}
        .list-red{display:inline-block;border-radius:4px;padding:0 .4em;color:#fff;background:#b00020;font-weight:600}
        .list-black{display:inline-block;border-radius:4px;padding:0 .4em;color:#fff;background:#1a1a1a;font-weight:600}
        .muted{color:#555}.message{background:#fde7ea;color:#8a0018;border-radius:6px;padding:8px 12px}
        .rows{list-style:none;padding:0;margin:0}.rows>li{background:#fff;border-radius:8px;padding:12px;margin:8px 0;word-break:break-word}
        .rows .meta{color:#555;font-size:.9rem}
        form.inline{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end}form.inline label{display:block;font-size:.9rem;color:#333}
        input,select,button{font:inherit;padding:6px 10px;border:1px solid #767676;border-radius:6px;background:#fff;color:#1a1a1a;max-width:100%}
        button,.button{background:#0b4f9c;color:#fff;border-color:#0b4f9c;cursor:pointer;text-decoration:none;display:inline-block;padding:6px 12px;border-radius:6px}
        .tabs{display:flex;gap:4px;margin:8px 0;flex-wrap:wrap}.tabs a{padding:6px 14px;border-radius:6px 6px 0 0;background:#e3e7ee;color:#1a1a1a;text-decoration:none}
        .tabs a[aria-current=page]{background:#fff;font-weight:700;border-bottom:3px solid #0b4f9c}
        .pager{display:flex;gap:16px;margin:12px 0}
        footer{color:#555;font-size:.85rem;text-align:center;margin:16px 0}
        """;
}
