using System.Globalization;
using System.Text;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Pages;
using CreditSharing.Core.Records;

namespace CreditSharing.Functions.Pages;

/// <summary>An enterprise's public credit page (<c>/e/{uscc}</c>, 信用驻马店 公示).</summary>
public static class EnterprisePage
{
    public static string Render(EnterpriseCreditPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var e = page.Enterprise;
        var name = e.Name ?? e.Uscc;
        var html = new StringBuilder(4096);
        html.Append("<section class=\"card profile\"><div class=\"head\"><div><h1>").Append(PageLayout.Encode(name)).Append("</h1>")
            .Append("<p class=\"muted\">信用驻马店 · 企业信用公示</p></div><div class=\"badge\">")
            .Append(PageLayout.GradeBadge(page.Grade, "big"))
            .Append("<div class=\"muted small\">公共信用综合评价").Append(page.GradedAt is { } at ? "<br>" + PageLayout.Encode(PageLayout.CityTime(at)) : string.Empty).Append("</div></div></div><dl>")
            .Append(Row("统一社会信用代码", e.Uscc))
            .Append(Row("所属县区", e.CountyName ?? (e.County is { } county ? PageLabels.County(county) : "—")))
            .Append(Row("行业", e.Industry ?? "—"))
            .Append("</dl></section>");

        html.Append("<section aria-labelledby=\"lists-h\"><h2 id=\"lists-h\">红黑榜</h2>");
        if (page.ListEntries.Count == 0)
        {
            html.Append("<p class=\"card muted\">该企业目前不在红榜或黑榜上。</p>");
        }
        else
        {
            html.Append("<ol class=\"rows entries\">");
            foreach (var entry in page.ListEntries)
            {
                html.Append("<li>").Append(ListBadge(entry.ListType)).Append(' ').Append(PageLayout.Encode(entry.Entry.Reason))
                    .Append("<div class=\"meta\">").Append(PageLayout.Encode(entry.Entry.Authority)).Append(" · ").Append(PageLayout.Encode(entry.Entry.DocumentNo))
                    .Append(" · ").Append(PageLayout.Day(entry.Entry.DecidedOn)).Append(" 至 ").Append(PageLayout.Day(entry.Entry.ExpiresOn)).Append("</div></li>");
            }

            html.Append("</ol>");
        }

        html.Append("</section><section aria-labelledby=\"records-h\"><h2 id=\"records-h\">公示信息（").Append(e.Records.Count.ToString(CultureInfo.InvariantCulture)).Append(" 条）</h2>");
        if (e.Records.Count == 0)
        {
            html.Append("<p class=\"card muted\">没有处于公示期内的信息。</p>");
        }
        else
        {
            html.Append("<ol class=\"rows records\">");
            foreach (var r in e.Records)
            {
                html.Append("<li class=\"record category-").Append(PageLayout.Encode(r.Category)).Append("\"><div><strong>")
                    .Append(PageLayout.Encode(PageLabels.RecordCategory(r.Category)))
                    .Append(r.Severity is { } severity ? "（" + PageLayout.Encode(PageLabels.Qualifier(r.Category, severity)) + "）" : string.Empty)
                    .Append("</strong> ").Append(PageLayout.Encode(r.Title))
                    .Append(r.Disputed ? $" <span class=\"disputed\">{PageLabels.Disputed}</span>" : string.Empty)
                    .Append("</div><dl>")
                    .Append(Row("决定日期", PageLayout.Day(r.DecisionDate)))
                    .Append(Row("决定文书号", r.DocumentNo))
                    .Append(Row("决定机关", r.Authority))
                    .Append(Row("依据", r.LegalBasis))
                    .Append(Row("内容", r.Content))
                    .Append(Row("结果", (r.Rating ?? r.Outcome) is { } result ? PageLabels.Qualifier(r.Category, result) : null))
                    .Append(Row("现状", r.EndedOn is { } ended ? PageLabels.Qualifier(r.Category, "cleared") + "（" + PageLayout.Day(ended) + "）" : null))
                    .Append(Row("金额（元）", r.Amount?.ToString("0.00", CultureInfo.InvariantCulture)))
                    .Append(Row("公示截止", r.PublicUntil is { } until ? PageLayout.Day(until) : "长期公示"))
                    .Append(Row("报送记录", r.Sources.Count > 1 ? string.Join("、", r.Sources) : null))
                    .Append(DetailRows(r.Details))
                    .Append("</dl></li>");
            }

            html.Append("</ol>");
        }

        html.Append("</section>");
        AppendCommitments(html, e.Commitments ?? []);
        return PageLayout.Document(name + " · 信用驻马店 公示", html.ToString(), Css);
    }

    /// <summary>信用承诺: the public commitments with their status (docs/commitments.md).</summary>
    private static void AppendCommitments(StringBuilder html, IReadOnlyList<Core.Commitments.PublicCommitment> commitments)
    {
        html.Append("<section aria-labelledby=\"commitments-h\"><h2 id=\"commitments-h\">信用承诺（").Append(commitments.Count.ToString(CultureInfo.InvariantCulture)).Append(" 项）</h2>");
        if (commitments.Count == 0)
        {
            html.Append("<p class=\"card muted\">没有公示的信用承诺。</p></section>");
            return;
        }

        html.Append("<ol class=\"rows commitments\">");
        foreach (var c in commitments)
        {
            var status = c.Status switch
            {
                Core.Commitments.CommitmentStatuses.Breached => "已违诺",
                Core.Commitments.CommitmentStatuses.Fulfilled => "已履约",
                _ => "履约中",
            };
            html.Append("<li class=\"commitment status-").Append(PageLayout.Encode(c.Status)).Append("\"><div><strong>").Append(PageLayout.Encode(c.Kind)).Append("</strong>（")
                .Append(status).Append("）</div><dl>")
                .Append(Row("承诺内容", c.Text))
                .Append(Row("承诺日期", PageLayout.CityTime(c.SignedAt)))
                .Append(Row("承诺期限", c.DueOn is { } due ? PageLayout.Day(due) : "长期"))
                .Append("</dl></li>");
        }

        html.Append("</ol></section>");
    }

    public static string ListBadge(string listType)
        => $"<span class=\"{(listType == ListTypes.Red ? "list-red" : "list-black")}\">{PageLayout.Encode(PageLabels.ListType(listType))}</span>";

    /// <summary>The 双公示 fields of the 2021 national standard a record carries beside its own (docs/records.md#national-standard-files).</summary>
    private static string DetailRows(RecordDetails? d)
        => d is null ? string.Empty : string.Concat(
            Row("处罚类别", d.PenaltyType),
            Row("违法行为类型", d.ViolationType),
            Row("没收金额（元）", d.ConfiscatedAmount?.ToString("0.00", CultureInfo.InvariantCulture)),
            Row("暂扣或吊销证照", d.SuspendedLicence),
            Row("许可类别", d.LicenceCategory),
            Row("决定文书名称", d.DocumentName),
            Row("许可证书名称", d.CertificateName),
            Row("许可编号", d.CertificateNo),
            Row("有效期自", d.ValidFrom is { } from ? PageLayout.Day(from) : null),
            Row("当前状态", d.CurrentStatus),
            Row("数据来源单位", d.DataSource));

    private static string Row(string label, string? value)
        => value is null ? string.Empty : $"<dt>{label}</dt><dd>{PageLayout.Encode(value)}</dd>";

    private const string Css = """
        .profile .head{display:flex;justify-content:space-between;align-items:flex-start;gap:12px;margin-bottom:8px}
        .profile .badge{text-align:center}.small{font-size:.8rem}
        .records dl{margin-top:6px}
        .disputed{display:inline-block;padding:0 6px;border:1px solid #b26a00;border-radius:4px;color:#8a5300;font-size:.8rem}
        """;
}
