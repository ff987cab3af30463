using System.Text;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Shared;

namespace CreditSharing.Functions.Pages;

/// <summary>红黑榜 (<c>/lists?type=red|black&amp;county=…&amp;page=…</c>): tabs, county filter and paging as plain links and a GET form.</summary>
public static class ListsPage
{
    public const string PageSize = "20";

    public static string Render(string listType, string? county, string? pageToken, Page<PublicListItem>? page, string? message)
    {
        var html = new StringBuilder(4096);
        html.Append("<h1>红黑榜</h1><nav class=\"tabs\" aria-label=\"榜单\">")
            .Append(Tab(ListTypes.Red, "红榜（守信激励）", listType, county))
            .Append(Tab(ListTypes.Black, "黑榜（严重失信主体）", listType, county))
            .Append("</nav>");

        html.Append("<form class=\"inline card\" method=\"get\" action=\"/lists\"><input type=\"hidden\" name=\"type\" value=\"").Append(PageLayout.Encode(listType)).Append("\">")
            .Append("<div><label for=\"county\">县区</label><select id=\"county\" name=\"county\"><option value=\"\">全市</option>");
        foreach (var (code, name) in Counties.All)
        {
            html.Append("<option value=\"").Append(code).Append('"').Append(code == county ? " selected" : string.Empty).Append('>').Append(PageLayout.Encode(name)).Append("</option>");
        }

        html.Append("</select></div><button type=\"submit\">筛选</button>")
            .Append("<a class=\"csv\" href=\"/api/public/lists/").Append(PageLayout.Encode(listType)).Append("/latest.csv\">下载最新公布的").Append(PageLayout.Encode(PageLabels.ListType(listType))).Append("（CSV，每日 00:30 发布）</a></form>");

        if (message is not null)
        {
            html.Append("<p class=\"message\" role=\"alert\">").Append(PageLayout.Encode(message)).Append("</p>");
        }

        if (page is not null)
        {
            if (page.Items.Count == 0)
            {
                html.Append("<p class=\"card muted\">").Append(pageToken is null ? "榜单上暂无企业。" : "没有更多了。").Append("</p>");
            }
            else
            {
                html.Append("<ol class=\"rows list-rows\">");
                foreach (var item in page.Items)
                {
                    html.Append("<li>").Append(EnterprisePage.ListBadge(listType)).Append(" <a href=\"/e/").Append(PageLayout.Encode(item.Uscc)).Append("\">")
                        .Append(PageLayout.Encode(item.Name ?? item.Uscc)).Append("</a>")
                        .Append("<div class=\"meta\">").Append(PageLayout.Encode(item.Uscc)).Append(" · ").Append(PageLayout.Encode(item.CountyName ?? "其他")).Append("</div>")
                        .Append("<div>").Append(PageLayout.Encode(item.Reason)).Append("</div>")
                        .Append("<div class=\"meta\">").Append(PageLayout.Encode(item.Authority)).Append(" · ").Append(PageLayout.Encode(item.DocumentNo))
                        .Append(" · ").Append(PageLayout.Day(item.DecidedOn)).Append(" 至 ").Append(PageLayout.Day(item.ExpiresOn)).Append("</div></li>");
                }

                html.Append("</ol>");
            }

            html.Append("<nav class=\"pager\" aria-label=\"翻页\">");
            if (pageToken is not null)
            {
                html.Append("<a href=\"").Append(PageLayout.Encode(Link(listType, county, null))).Append("\">第一页</a>");
            }

            if (page.ContinuationToken is not null)
            {
                html.Append("<a rel=\"next\" href=\"").Append(PageLayout.Encode(Link(listType, county, page.ContinuationToken))).Append("\">下一页</a>");
            }

            html.Append("</nav>");
        }

        return PageLayout.Document(PageLabels.ListType(listType) + " · 信用驻马店", html.ToString(), Css);
    }

    private static string Tab(string type, string label, string current, string? county)
        => $"<a href=\"{PageLayout.Encode(Link(type, county, null))}\"{(type == current ? " aria-current=\"page\"" : string.Empty)}>{label}</a>";

    private static string Link(string type, string? county, string? page)
    {
        var link = new StringBuilder("/lists?type=").Append(Uri.EscapeDataString(type));
        if (!string.IsNullOrEmpty(county))
        {
            link.Append("&county=").Append(Uri.EscapeDataString(county));
        }

        if (page is not null)
        {
            link.Append("&page=").Append(Uri.EscapeDataString(page));
        }

        return link.ToString();
    }

    private const string Css = """
        .csv{margin-left:auto;align-self:center}
        """;
}
