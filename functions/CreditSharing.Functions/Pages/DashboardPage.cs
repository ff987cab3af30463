using System.Text;
using System.Text.Json;
using CreditSharing.Core.Shared;

namespace CreditSharing.Functions.Pages;

/// <summary>
/// The regulators' dashboard (<c>/dashboard</c>): an anonymous shell whose data comes from the
/// authenticated JSON APIs, fetched by <c>/assets/dashboard.js</c> with the caller's bearer token.
/// </summary>
public static class DashboardPage
{
    public const string ScriptPath = "/assets/dashboard.js";

    /// <summary>The labels the script shows, from <see cref="PageLabels"/>, so the script keeps no table of its own.</summary>
    private static readonly Lazy<string> LabelsJson = new(() => JsonSerializer.Serialize(new { counties = PageLabels.Counties }, WireJson.Options));

    /// <param name="msal">
    /// Entra ID's sign-in (MSAL.js, auth code + PKCE) when the app runs with Entra ID; null when the local
    /// issuer is in use (DevHost): then the button mints a Regulator token at <c>/dev/token</c>.
    /// </param>
    public static string Render(MsalSettings? msal)
    {
        var localSignIn = msal is null;
        var counties = new StringBuilder("<option value=\"\">全市</option>");
        foreach (var (code, name) in Counties.All)
        {
            counties.Append("<option value=\"").Append(code).Append("\">").Append(PageLayout.Encode(name)).Append("</option>");
        }

        var signIn = localSignIn
            ? "<button id=\"sign-in\" type=\"button\">以监管者身份登录（本地开发）</button>"
            : "<button id=\"sign-in\" type=\"button\">使用 Microsoft Entra ID 登录</button>";
        var badges = new StringBuilder();
        foreach (var grade in new[] { "A", "B", "C", "D" })
        {
            badges.Append("<li>").Append(PageLayout.GradeBadge(grade)).Append(" <span class=\"count\" data-grade=\"").Append(grade).Append("\">—</span></li>");
        }

        var body = $"""
            <h1>监管工作台</h1>
            <section class="card" id="auth"><p id="auth-status" role="status">未登录：数据接口需要监管者（Regulator）令牌。</p>{signIn}</section>
            <p id="data-status" class="message" role="alert" hidden></p>
            <section class="card" aria-labelledby="counts-h"><h2 id="counts-h">信用等级分布</h2>
            <p>已评价企业 <strong id="total">—</strong> 家，其中无信用数据（默认B级）<strong id="no-data">—</strong> 家</p><ul class="counts">{badges}</ul>
            <figure><svg id="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 640 60" width="100%"><title id="chart-title">各县区信用等级分布</title><desc id="chart-desc">登录后显示各县区 A、B、C、D 级企业数量。</desc></svg>
            <figcaption class="muted">各县区 A / B / C / D 级企业数量（横条按数量比例）</figcaption></figure></section>
            <section class="card" aria-labelledby="loans-h"><h2 id="loans-h">信易贷放款</h2>
            <p>近 12 个月放款 <strong id="loan-total">—</strong> 万元，共 <strong id="loan-count">—</strong> 笔</p>
            <figure><svg id="loan-chart" role="img" aria-labelledby="loan-chart-title loan-chart-desc" viewBox="0 0 640 60" width="100%"><title id="loan-chart-title">信易贷每月放款金额</title><desc id="loan-chart-desc">登录后显示近 12 个月每月放款金额。</desc></svg>
            <figcaption class="muted">每月放款金额（万元，竖条按金额比例）</figcaption></figure></section>
            <section class="card" aria-labelledby="changes-h"><h2 id="changes-h">最新等级变化</h2><ol id="changes" class="changes"><li class="muted">登录后显示。</li></ol></section>
            <section class="card" aria-labelledby="plan-h"><h2 id="plan-h">双随机抽查</h2>
            <form id="plan-form" class="inline" method="get" action="/dashboard">
            <div><label for="plan-county">县区</label><select id="plan-county" name="county">{counties}</select></div>
            <div><label for="plan-industry">行业</label><input id="plan-industry" name="industry" maxlength="100" placeholder="全部行业"></div>
            <div><label for="plan-seed">随机种子</label><input id="plan-seed" name="seed" maxlength="100" placeholder="留空则自动生成"></div>
            <button type="submit">抽取检查对象</button></form>
            <div id="plan-result" hidden><p>种子 <code id="plan-seed-used"></code> · 计划 <code id="plan-id"></code></p>
            <p id="plan-summary" class="muted"></p><ol id="plan-selected" class="rows"></ol></div></section>
            """;
        var attributes = $"data-auth=\"{(localSignIn ? "local" : "entra")}\" data-labels=\"{PageLayout.Encode(LabelsJson.Value)}\"";
        if (msal is not null)
        {
            attributes += $" data-msal=\"{PageLayout.Encode(MsalJson(msal))}\"";
        }

        return PageLayout.Document("监管工作台 · 信用驻马店", body, Css, script: ScriptPath, bodyAttributes: attributes, scripts: msal is null ? null : [DashboardSignIn.MsalScriptPath]);
    }

    /// <summary>The settings dashboard.js hands to <c>msal.PublicClientApplication</c> (redirectUri is the page's origin + <c>redirectPath</c>).</summary>
    public static string MsalJson(MsalSettings msal)
    {
        ArgumentNullException.ThrowIfNull(msal);
        return JsonSerializer.Serialize(new { msal.ClientId, msal.Authority, msal.RedirectPath, msal.Scopes, msal.CacheLocation }, WireJson.Options);
    }

    private const string Css = """
        .counts{list-style:none;display:flex;flex-wrap:wrap;gap:12px;padding:0;margin:8px 0}.counts .count{font-weight:700}
        figure{margin:8px 0}svg text{font-size:13px;fill:#1a1a1a}svg text.amount{font-size:11px}
        .changes{padding-left:1.2em}.changes li{margin:4px 0}
        #plan-selected li{padding:8px 12px;background:#f5f6f8}
        """;
}
