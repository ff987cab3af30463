using CreditSharing.Core.Pages;
using CreditSharing.Core.Search;
using CreditSharing.Core.Shared;

namespace CreditSharing.Functions.Pages;

/// <summary>The search box (<c>/</c>): a USCC or a trace code; a mistyped USCC is answered on the page with what is wrong.</summary>
public static class HomePage
{
    public static string Render(string? query, string? message, SearchAnswer? answer = null)
    {
        var body = $"""
            <section class="card"><h1>企业信用与产品追溯查询</h1>
            <p class="muted">输入企业名称（或曾用名）中连续的2个以上字符、统一社会信用代码查看信用公示，或输入产品包装上的追溯码查看流通过程。</p>
            <form class="inline" method="get" action="/" role="search">
            <div><label for="q">企业名称、统一社会信用代码或追溯码</label>
            <input id="q" name="q" type="search" maxlength="64" autocomplete="off" spellcheck="false" value="{PageLayout.Encode(query)}"{(message is null ? string.Empty : " aria-invalid=\"true\" aria-describedby=\"q-message\"")}></div>
            <button type="submit">查询</button></form>
            {(message is null ? string.Empty : $"<p id=\"q-message\" class=\"message\" role=\"alert\">{PageLayout.Encode(message)}</p>")}
            </section>
            {(answer is null ? string.Empty : Results(query, answer))}
            <section class="card"><h2>公开信息</h2><ul>
            <li><a href="/lists?type=red">红榜（守信激励名单）</a></li>
            <li><a href="/lists?type=black">黑榜（严重失信主体名单）</a></li>
            </ul></section>
            """;
        return PageLayout.Document("信用驻马店 · 查询", body);
    }

    /// <summary>The enterprises found by name: a list of links to /e/{uscc}, one per line on a phone.</summary>
    public static string Results(string? query, SearchAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.TooCommon)
        {
            return "<section class=\"card\" id=\"results\"><p class=\"message\" role=\"status\">这个词在太多企业名称中出现，请多输入几个字。</p></section>";
        }

        if (answer.Items.Count == 0)
        {
            return "<section class=\"card\" id=\"results\"><p role=\"status\">没有找到名称包含该内容的企业。</p></section>";
        }

        var rows = string.Concat(answer.Items.Select(i =>
            $"<li><a href=\"/e/{Uri.EscapeDataString(i.Uscc)}\"><strong>{PageLayout.Encode(i.Name)}</strong></a>"
            + (i.MatchedName is null ? string.Empty : $"<br><span class=\"muted\">曾用名：{PageLayout.Encode(i.MatchedName)}</span>")
            + $"<br><span class=\"muted\">{PageLayout.Encode(i.CountyName ?? i.County ?? string.Empty)} · {PageLayout.Encode(i.Uscc)} · 信用等级 {PageLayout.Encode(i.Grade ?? "暂无")}</span></li>"));
        var q = Uri.EscapeDataString(query ?? string.Empty);
        var nav = (answer.Page > 1 ? $"<a href=\"/?q={q}&amp;page={answer.Page - 1}\">上一页</a> " : string.Empty)
                  + (answer.More ? $"<a href=\"/?q={q}&amp;page={answer.Page + 1}\" rel=\"next\">下一页</a>" : string.Empty);
        return $"<section class=\"card\" id=\"results\"><h2>查询结果（第{answer.Page}页）</h2><ul class=\"results\">{rows}</ul>{(nav.Length == 0 ? string.Empty : $"<p>{nav}</p>")}</section>";
    }

    /// <summary>The inline message for a search that leads nowhere, in Chinese, naming the problem.</summary>
    public static string? MessageFor(SearchOutcome outcome) => outcome switch
    {
        SearchOutcome.InvalidUscc invalid => UsccMessage(invalid.Error),
        SearchOutcome.UnknownCode unknown => $"没有找到追溯码“{unknown.Query}”，也不是有效的统一社会信用代码。请核对后重试。",
        SearchOutcome.Unrecognised => "请输入18位统一社会信用代码，或8–64位的追溯码（字母、数字或“-”）。",
        _ => null,
    };

    public static string UsccMessage(UsccError error) => error.Kind switch
    {
        UsccErrorKind.Missing => "请输入统一社会信用代码。",
        UsccErrorKind.Length => $"统一社会信用代码应为18位，您输入的是{error.Length}位。",
        UsccErrorKind.Character => $"统一社会信用代码第{error.Position}位“{error.Character}”不是允许的字符（代码只用数字和除 I、O、Z、S、V 以外的大写字母）。",
        UsccErrorKind.Authority => $"统一社会信用代码第1位“{error.Character}”不是登记管理部门代码（GB 32100-2015 表1）。",
        UsccErrorKind.EntityType => $"统一社会信用代码第2位“{error.Character}”不是登记管理部门“{error.Authority}”的机构类别代码（GB 32100-2015 表1）。",
        UsccErrorKind.Division => $"统一社会信用代码第3–8位是登记管理机关行政区划码，应为数字；第{error.Position}位是“{error.Character}”。",
        UsccErrorKind.OrganisationCode => "统一社会信用代码第9–17位不是有效的组织机构代码：第17位校验码不正确（GB 11714-1997），请逐位核对。",
        UsccErrorKind.CheckCharacter => "统一社会信用代码第18位校验码不正确（GB 32100-2015），请逐位核对。",
        _ => string.Empty,
    };
}
