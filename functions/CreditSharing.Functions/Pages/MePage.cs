using System.Text.Json;
using CreditSharing.Core.Shared;

namespace CreditSharing.Functions.Pages;

/// <summary>
/// 企业信用中心 (<c>/me</c>): a signed-in enterprise's own view. An anonymous shell, like the dashboard,
/// whose data comes from the Enterprise's JSON APIs, fetched by <c>/assets/me.js</c> with the caller's
/// bearer token through the pages' one sign-in (<see cref="DashboardSignIn"/>, signin.js).
/// </summary>
public static class MePage
{
    public const string ScriptPath = "/assets/me.js";

    /// <summary>The labels the script shows, from <see cref="PageLabels"/>, so the script keeps no table of its own.</summary>
    private static readonly Lazy<string> LabelsJson = new(() => JsonSerializer.Serialize(new
    {
        categories = PageLabels.RecordCategoryNames,
        qualifiers = PageLabels.Qualifiers,
        disclosure = PageLabels.DisclosureTierNames,
        objectionStatuses = PageLabels.ObjectionStatusNames,
        repairStatuses = PageLabels.RepairStatusNames,
        commitmentStatuses = PageLabels.CommitmentStatusNames,
        disputed = PageLabels.Disputed,
    }, WireJson.Options));

    /// <param name="msal">Entra ID's sign-in when the app runs with Entra ID; null locally, where the button mints an Enterprise token for the USCC typed at <c>/dev/token</c>.</param>
    public static string Render(MsalSettings? msal)
    {
        var localSignIn = msal is null;
        var signIn = localSignIn
            ? "<form id=\"local-sign-in\" class=\"inline\"><div><label for=\"sign-in-uscc\">统一社会信用代码</label><input id=\"sign-in-uscc\" name=\"uscc\" maxlength=\"18\" autocomplete=\"off\" spellcheck=\"false\"></div><button id=\"sign-in\" type=\"button\">以企业身份登录（本地开发）</button></form>"
            : "<button id=\"sign-in\" type=\"button\">使用 Microsoft Entra ID 登录</button>";
        var body = $"""
            <h1>企业信用中心</h1>
            <section class="card" id="auth"><p id="auth-status" role="status">未登录：查看本企业的信用信息需要企业（Enterprise）账号登录。</p>{signIn}</section>
            <p id="data-status" class="message" role="alert" hidden></p>
            <section class="card" id="pick" aria-labelledby="pick-h" hidden><h2 id="pick-h">选择企业</h2>
            <form class="inline" method="get" action="/me"><div><label for="pick-uscc">本账号可代表的企业</label><select id="pick-uscc" name="uscc"></select></div><button type="submit">查看</button></form></section>
            <div id="content" hidden>
            <section class="card profile" aria-labelledby="name-h"><div class="head"><div><h2 id="name-h">—</h2><p class="muted" id="uscc"></p></div>
            <div class="badge"><span id="grade-badge"></span><div class="muted small" id="score"></div></div></div>
            <p class="links"><a id="public-page" href="/">公示页面</a> · <button id="report" type="button" class="link">下载信用报告（完整版 PDF）</button></p></section>
            <section class="card" aria-labelledby="factors-h"><h2 id="factors-h">信用等级与评分因素</h2><p id="grade-meta" class="muted"></p><ol id="factors" class="rows factors"></ol></section>
            <section aria-labelledby="records-h"><h2 id="records-h">信用记录（全部层级）</h2><ol id="records" class="rows records"></ol><button id="more-records" type="button" hidden>加载更多</button></section>
            <section aria-labelledby="consents-h"><h2 id="consents-h">信易贷授权</h2><ol id="consents" class="rows"></ol></section>
            <section aria-labelledby="access-h"><h2 id="access-h">查询留痕</h2><ol id="access-log" class="rows"></ol></section>
            <section aria-labelledby="objections-h"><h2 id="objections-h">异议申请</h2><ol id="objections" class="rows"></ol></section>
            <section aria-labelledby="repairs-h"><h2 id="repairs-h">信用修复申请</h2><ol id="repairs" class="rows"></ol></section>
            <section aria-labelledby="commitments-h"><h2 id="commitments-h">信用承诺</h2><ol id="commitments" class="rows"></ol>
            <form id="commitment-form" class="card stack"><h3>作出信用承诺</h3>
            <div><label for="commitment-kind">承诺类型</label><select id="commitment-kind" name="kind"><option>主动承诺</option><option>行业承诺</option></select></div>
            <div><label for="commitment-text">承诺内容</label><textarea id="commitment-text" name="text" rows="3" maxlength="2000" required></textarea></div>
            <div><label for="commitment-due">承诺期限（可选）</label><input id="commitment-due" name="dueOn" type="date"></div>
            <button type="submit">提交承诺</button><p id="commitment-status" role="status" class="muted"></p></form></section>
            </div>
            """;
        var attributes = $"data-auth=\"{(localSignIn ? "local" : "entra")}\" data-labels=\"{PageLayout.Encode(LabelsJson.Value)}\"";
        if (msal is not null)
        {
            attributes += $" data-msal=\"{PageLayout.Encode(DashboardPage.MsalJson(msal))}\"";
        }

        return PageLayout.Document("企业信用中心 · 信用驻马店", body, Css, script: ScriptPath, bodyAttributes: attributes, scripts: msal is null ? null : [DashboardSignIn.MsalScriptPath]);
    }

    private const string Css = """
        .profile .head{display:flex;justify-content:space-between;align-items:flex-start;gap:12px}
        .profile .badge{text-align:center}.small{font-size:.8rem}.profile h2{margin:0}
        button.link{background:none;border:none;color:#0b4f9c;text-decoration:underline;padding:0;cursor:pointer}
        .rows dl{margin-top:6px}.tag{display:inline-block;padding:0 6px;border:1px solid #767676;border-radius:4px;font-size:.8rem;margin-left:4px}
        .disputed{border-color:#b26a00;color:#8a5300}
        .stack>div{margin:8px 0}.stack label{display:block;font-size:.9rem;color:#333}textarea{font:inherit;width:100%;padding:6px 10px;border:1px solid #767676;border-radius:6px}
        h3{font-size:1rem;margin:0 0 .4em}
        """;
}
