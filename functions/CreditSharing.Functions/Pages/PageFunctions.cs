using System.ComponentModel;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Pages;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace CreditSharing.Functions.Pages;

/// <summary>The public web pages and the regulators' dashboard shell: server-rendered HTML at the site root.</summary>
public sealed class PageFunctions(PublicPageService pages, ListService lists, IConfiguration configuration, Core.Search.SearchService search)
{
    private static readonly Lazy<byte[]> DashboardScriptBytes = new(() => PageScript("dashboard.js"));

    private static readonly Lazy<byte[]> MeScriptBytes = new(() => PageScript("me.js"));

    private static readonly Lazy<byte[]> MsalScriptBytes = new(() =>
    {
        using var stream = typeof(PageFunctions).Assembly.GetManifestResourceStream(MsalResource)
                           ?? throw new InvalidOperationException("MSAL.js is not embedded in the assembly (npm ci, then build).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>A page's script as served: the pages' one sign-in (<c>signin.js</c>), then the page's own <paramref name="name"/>.</summary>
    private static byte[] PageScript(string name)
    {
        using var copy = new MemoryStream();
        foreach (var part in new[] { "signin.js", name })
        {
            using var stream = typeof(PageFunctions).Assembly.GetManifestResourceStream("CreditSharing.Functions.Pages." + part)
                               ?? throw new InvalidOperationException($"The page script {part} is not embedded in the assembly.");
            stream.CopyTo(copy);
            copy.WriteByte((byte)'\n');
        }

        return copy.ToArray();
    }

    /// <summary>The embedded copy of <c>node_modules/@azure/msal-browser/lib/msal-browser.min.js</c> (see the project file).</summary>
    public const string MsalResource = "CreditSharing.Functions.Pages.msal-browser.min.js";

    [Function(nameof(HomePage))]
    [AllowAnonymous]
    [Description("The search page (HTML): ?q= a USCC redirects to /e/{uscc}, a registered trace code to /t/{code}; a name or a fragment of one (2+ characters) lists the enterprises found, 20 a page (?page=); a mistyped USCC is answered on the page with the reason.")]
    [ApiQuery("q", typeof(string), Description = "A name, trace code or 统一社会信用代码.")]
    [ApiQuery("page", typeof(int), Minimum = 1)]
    [ApiResponse(StatusCodes.Status200OK, "text/html")]
    public async Task<IActionResult> HomePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.HomePage)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = request.Query["q"].FirstOrDefault();
        var outcome = await pages.SearchAsync(query, cancellationToken);
        switch (outcome)
        {
            case SearchOutcome.Enterprise enterprise:
                return new RedirectResult($"/e/{Uri.EscapeDataString(enterprise.Uscc)}");
            case SearchOutcome.TraceCode trace:
                return new RedirectResult($"/t/{Uri.EscapeDataString(trace.Code)}");
            case SearchOutcome.Unrecognised or SearchOutcome.UnknownCode:
                // A name or a fragment of one: the name search answers on the page.
                var found = await search.SearchAsync(query, request.Query["page"].FirstOrDefault(), cancellationToken);
                return found.Value is { } answer
                    ? PageLayout.Html(request, Pages.HomePage.Render(query, null, answer))
                    : PageLayout.Html(request, Pages.HomePage.Render(query, "请输入企业名称中连续的2个以上字符（不超过64个字符），或统一社会信用代码、追溯码。"), StatusCodes.Status400BadRequest);
            default:
                return PageLayout.Html(request, Pages.HomePage.Render(query, Pages.HomePage.MessageFor(outcome)));
        }
    }

    [Function(nameof(EnterprisePage))]
    [AllowAnonymous]
    [Description("An enterprise's public credit page (HTML, 信用驻马店 公示): grade, active red/black entries, public records inside their disclosure window.")]
    [ApiResponse(StatusCodes.Status200OK, "text/html")]
    public async Task<IActionResult> EnterprisePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EnterprisePage)] HttpRequest request,
        string uscc,
        CancellationToken cancellationToken)
    {
        var result = await pages.EnterpriseAsync(uscc, cancellationToken);
        return result switch
        {
            { Value: { } page } => PageLayout.Html(request, Pages.EnterprisePage.Render(page)),
            { Errors: not null } => PageLayout.Problem(request, StatusCodes.Status400BadRequest, "代码有误", $"“{uscc}”不是有效的统一社会信用代码：{Pages.HomePage.UsccMessage(Core.Shared.Uscc.Validate(uscc, out _))}"),
            _ => PageLayout.Problem(request, StatusCodes.Status404NotFound, "未找到该企业", $"统一社会信用代码 {uscc.ToUpperInvariant()} 没有登记的企业，也没有公示信息。请核对代码。"),
        };
    }

    [Function(nameof(ListsPage))]
    [AllowAnonymous]
    [Description("红黑榜 (HTML): ?type=red|black, county, page; each row links to the enterprise's page. Never ID numbers, never the watch list.")]
    [ApiQuery("type", typeof(string), Enum = [ListTypes.Red, ListTypes.Black, ListTypes.Watch])]
    [ApiQuery("county", typeof(string))]
    [ApiQuery("page", typeof(string), Description = ApiPatterns.ContinuationTokenDescription)]
    [ApiResponse(StatusCodes.Status200OK, "text/html")]
    public async Task<IActionResult> ListsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ListsPage)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var type = request.Query["type"].FirstOrDefault() is { Length: > 0 } t ? t : ListTypes.Red;
        if (!ListTypes.IsPublic(type))
        {
            return PageLayout.Problem(request, StatusCodes.Status404NotFound, "没有这个榜单", "公开的榜单只有红榜和黑榜。");
        }

        var county = request.Query["county"].FirstOrDefault() is { Length: > 0 } c ? c : null;
        var token = request.Query["page"].FirstOrDefault() is { Length: > 0 } p ? p : null;
        var result = await lists.PublicPageAsync(type, county, Pages.ListsPage.PageSize, token, cancellationToken);
        return result.Value is { } page
            ? PageLayout.Html(request, Pages.ListsPage.Render(type, county, token, page, null))
            : PageLayout.Html(request, Pages.ListsPage.Render(type, county, null, null, "筛选条件有误：县区或页码不正确，请重新选择。"), StatusCodes.Status400BadRequest);
    }

    [Function(nameof(DashboardPage))]
    [AllowAnonymous]
    [Description("The regulators' dashboard (HTML shell); its data comes from the Regulator-only JSON APIs, called by /assets/dashboard.js with a bearer token.")]
    [ApiResponse(StatusCodes.Status200OK, "text/html")]
    public IActionResult DashboardPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DashboardPage)] HttpRequest request)
    {
        // The same rule as AuthenticationSetup: without Entra ID configured, the local issuer is in use.
        var msal = DashboardSignIn.From(configuration);
        return PageLayout.Html(request, Pages.DashboardPage.Render(msal), policy: DashboardSignIn.PolicyFor(msal));
    }

    [Function(nameof(DashboardScript))]
    [AllowAnonymous]
    [Description("The dashboard's script (served from the app itself, so the pages' CSP allows script-src 'self' only).")]
    [ApiResponse(StatusCodes.Status200OK, "text/javascript")]
    public IActionResult DashboardScript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DashboardScript)] HttpRequest request)
    {
        PageLayout.ApplyHeaders(request.HttpContext.Response, PageLayout.NoScriptPolicy);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return new FileContentResult(DashboardScriptBytes.Value, "text/javascript; charset=utf-8");
    }

    [Function(nameof(MePage))]
    [AllowAnonymous]
    [Description("企业信用中心 (HTML shell) for a signed-in enterprise: its grade and factors, records of every tier, consents and access log, objections, repair applications and commitments, read by /assets/me.js from the Enterprise-only JSON APIs with a bearer token; ?uscc= picks one of several bound enterprises.")]
    public IActionResult MePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.MePage)] HttpRequest request)
    {
        var msal = DashboardSignIn.From(configuration, Routes.MePage);
        return PageLayout.Html(request, Pages.MePage.Render(msal), policy: DashboardSignIn.PolicyFor(msal));
    }

    [Function(nameof(MeScript))]
    [AllowAnonymous]
    [Description("The /me page's script (the shared sign-in, then the page's own), served from the app itself.")]
    public IActionResult MeScript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.MeScript)] HttpRequest request)
    {
        PageLayout.ApplyHeaders(request.HttpContext.Response, PageLayout.NoScriptPolicy);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return new FileContentResult(MeScriptBytes.Value, "text/javascript; charset=utf-8");
    }

    [Function(nameof(MsalScript))]
    [AllowAnonymous]
    [Description("MSAL.js (@azure/msal-browser's browser bundle, the version pinned in package.json), served from the app for the dashboard's Entra ID sign-in: no CDN.")]
    [ApiResponse(StatusCodes.Status200OK, "text/javascript")]
    public IActionResult MsalScript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.MsalScript)] HttpRequest request)
    {
        PageLayout.ApplyHeaders(request.HttpContext.Response, PageLayout.NoScriptPolicy);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        return new FileContentResult(MsalScriptBytes.Value, "text/javascript; charset=utf-8");
    }
}
