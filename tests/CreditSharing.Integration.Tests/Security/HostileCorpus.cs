using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CreditSharing.Core.Shared;

namespace CreditSharing.Integration.Tests.Security;

/// <summary>Who sends a hostile request: the role that gets it past authorisation to the function's own checks.</summary>
public sealed record HostileCaller(string Kind, string? Uscc = null)
{
    public static readonly HostileCaller Anonymous = new("anonymous");
    public static readonly HostileCaller Regulator = new("Regulator");
    public static readonly HostileCaller DataProvider = new("DataProvider");
    public static readonly HostileCaller Bank = new("Bank");
    public static readonly HostileCaller Auditor = new("Auditor");

    /// <summary>An enterprise whose <c>uscc</c> claim is <paramref name="uscc"/> (even a hostile one, so "itself" checks pass).</summary>
    public static HostileCaller Enterprise(string uscc) => new("Enterprise", uscc);

    public string Key => Uscc is null ? Kind : $"{Kind}:{Uscc}";
}

/// <summary>What a hostile request must get.</summary>
public enum HostileExpectation
{
    /// <summary>4xx with an RFC 9457 problem document (<c>type</c>, <c>title</c>, <c>status</c>).</summary>
    Problem,

    /// <summary>
    /// A 2xx: the input is legitimately taken, e.g. a bulk file whose bad lines are rejected in the
    /// background, or text that is data (an enterprise may be called "=SUM(1)"; exports neutralise
    /// it). The case says why. (A batch of which nothing is accepted is a 422 problem.)
    /// </summary>
    Accepted,

    /// <summary>4xx as the human page it is (<c>/t/{code}</c>: HTML for a phone), never echoing markup unescaped.</summary>
    HtmlPage,

    /// <summary>
    /// A page that answers a bad query in its own words (the search box names the problem; the lists
    /// page falls back to its first page): any status below 500, HTML, never echoing markup unescaped.
    /// </summary>
    HtmlAnswer,

    /// <summary>
    /// 400/414 from the HTTP server itself, before routing: Kestrel (the platform's front end in
    /// Azure) refuses a percent-encoded NUL in the path and a request line over 8 KiB. No function
    /// runs, so there is no problem document to write; what matters is that nothing fails and the
    /// service keeps serving. The same values in shorter requests reach the functions (other cases).
    /// </summary>
    RefusedByServer,
}

/// <param name="PathAndQuery">Sent exactly as written (already percent-encoded), without the client's canonicalisation.</param>
/// <param name="Body">Made when sent, so discovering the corpus does not allocate its 10 MB bodies.</param>
/// <param name="Why">For <see cref="HostileExpectation.Accepted"/>: why a 2xx is the right answer.</param>
public sealed record HostileCase(
    string Name,
    HttpMethod Method,
    string PathAndQuery,
    HostileCaller Caller,
    Func<HttpContent?>? Body,
    HostileExpectation Expect,
    string? Why = null)
{
    /// <summary>For bulk imports: the status the import must reach (the background reader must not crash on it).</summary>
    public string[]? ImportEndsIn { get; init; }

    /// <summary>For batches: nothing is accepted, so the answer is a 422 problem whose <c>rejected</c> list names item 0.</summary>
    public bool RejectsFirstItem { get; init; }
}

/// <summary>
/// A generated corpus of hostile and malformed requests over every HTTP route of the product
/// (functions/CreditSharing.Functions/Hosting/Routes.cs): path parameters, query strings, JSON
/// bodies and bulk files. Data only; <see cref="HostileInputTests"/> sends it.
/// </summary>
public static class HostileCorpus
{
    /// <summary>The enterprise every valid part of a hostile request names (this class's own tables).</summary>
    public static readonly string Uscc = Core.Shared.Uscc.Compose('9', '1', "411702", "MA9HX7K3").Value;

    public const string BankId = "hostile-bank";

    /// <summary>An event seq no code of the corpus reaches: annulment cases end in their own checks or a 404, never annul.</summary>
    private const string MissingSeq = "999999";

    /// <summary>A trace code the class registers first (<see cref="CodeBody"/>), so events for it are stored, not poisoned.</summary>
    public const string Code = "HOSTILE-CODE-0001";

    public static object CodeBody => new { code = Code, category = "pork", productName = "冷鲜猪肉", producerUscc = Uscc, storage = "chilled" };

    /// <summary>Over every body limit of the JSON endpoints (1 MiB, 4 MiB) and under Kestrel's 30 MB.</summary>
    private const int TenMegabytes = 10 * 1024 * 1024;

    private const int DeepNesting = 10_000;

    private static readonly Lazy<IReadOnlyList<HostileCase>> Cases = new(Build);

    public static IReadOnlyList<HostileCase> All => Cases.Value;

    public static HostileCase Named(string name) => All.Single(c => c.Name == name);

    /// <summary>Hostile path segments: (label, the segment as sent, percent-encoded, and decoded); Kestrel refuses a few before routing.</summary>
    private static readonly (string Label, string Encoded, string Decoded)[] PathValues =
    [
        ("odata-or-1-eq-1", "%27%20or%201%20eq%201", "' or 1 eq 1"),
        ("segment-4000-chars", new string('A', 4_000), new string('A', 4_000)),
        ("odata-close-quote", "x%27%20or%20PartitionKey%20ne%20%27", "x' or PartitionKey ne '"),
        ("traversal-encoded-slash", "..%2F..%2F..%2Fetc%2Fpasswd", "../../../etc/passwd"),
        ("traversal-backslash", "..%5C..%5Cwindows%5Cwin.ini", "..\\..\\windows\\win.ini"),
        ("nul", "%00", "\0"),
        ("nul-inside", "91411702MA9HX7K3%00", "91411702MA9HX7K3\0"),
        ("control-chars", "%01%07%1B%7F", "\u0001\u0007\u001b\u007f"),
        ("segment-10000-chars", new string('A', 10_000), new string('A', 10_000)),
        ("invalid-utf8", "%C3%28%FF%FE", "%C3%28%FF%FE"),
        ("lone-surrogate", "%ED%A0%80", "%ED%A0%80"),
        ("chinese", "%E9%A9%BB%E9%A9%AC%E5%BA%97", "驻马店"),
        ("hash-and-question", "a%23b%3Fc", "a#b?c"),
        ("csv-formula", "%3DHYPERLINK(%22http%3A%2F%2Fx%22)", "=HYPERLINK(\"http://x\")"),
        ("markup", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "<script>alert(1)</script>"),
        ("whitespace", "%20%09%20", " \t "),
        ("percent", "%25", "%"),
    ];

    private static readonly (string Label, string Encoded)[] QueryValues =
    [
        ("odata-or-1-eq-1", "%27%20or%201%20eq%201"),
        ("huge-number", "1e400"),
        ("nan", "NaN"),
        ("negative", "-1"),
        ("overflow-int", "99999999999999999999999"),
        ("nul-control", "%00%01%1B"),
        ("chars-4000", new string('9', 4_000)),
        ("chars-10000", new string('9', 10_000)),
        ("invalid-utf8", "%C3%28%FF"),
    ];

    /// <summary>What Kestrel refuses before routing (see <see cref="HostileExpectation.RefusedByServer"/>).</summary>
    private static readonly HashSet<string> RefusedByKestrel = new(StringComparer.Ordinal) { "nul", "nul-inside", "segment-10000-chars", "chars-10000" };

    private static IReadOnlyList<HostileCase> Build()
    {
        var cases = new List<HostileCase>();
        AddPathCases(cases);
        AddQueryCases(cases);
        AddBodyCases(cases);
        AddImportCases(cases);
        AddEvidenceCases(cases);
        AddAnonymousOddities(cases);
        return cases;
    }

    // ----- path parameters: every route with one, each hostile value in each parameter -----

    private static void AddPathCases(List<HostileCase> cases)
    {
        foreach (var (label, encoded, decoded) in PathValues)
        {
            void AddRoute(string method, string template, string parameter, HostileCaller caller, Func<HttpContent?>? body = null, HostileExpectation expect = HostileExpectation.Problem)
                => cases.Add(new HostileCase(
                    $"{method} /{template} {{{parameter}}}=[{label}]",
                    new HttpMethod(method),
                    "/" + template.Replace("{" + parameter + "}", encoded, StringComparison.Ordinal).Replace("{uscc}", Uscc, StringComparison.Ordinal).Replace("{code}", Code, StringComparison.Ordinal).Replace("{seq}", MissingSeq, StringComparison.Ordinal),
                    caller,
                    body,
                    RefusedByKestrel.Contains(label) ? HostileExpectation.RefusedByServer : expect));

            var repair = Json(Repair());
            var withdrawal = Json(Withdrawal());
            AddRoute("PUT", "api/enterprises/{uscc}", "uscc", HostileCaller.DataProvider, Json(new JsonObject { ["name"] = "驻马店测试商行" }));
            AddRoute("GET", "api/enterprises/{uscc}", "uscc", HostileCaller.Regulator);
            AddRoute("GET", "api/enterprises/{uscc}/records", "uscc", HostileCaller.Regulator);
            AddRoute("GET", "api/public/enterprises/{uscc}", "uscc", HostileCaller.Anonymous);
            AddRoute("GET", "api/enterprises/{uscc}/grade", "uscc", HostileCaller.Regulator);
            AddRoute("GET", "api/grades/recompute/{jobId}", "jobId", HostileCaller.Regulator);
            AddRoute("GET", "api/inspections/plans/{planId}", "planId", HostileCaller.Regulator);
            AddRoute("GET", "api/public/inspections/plans/{planId}", "planId", HostileCaller.Anonymous);
            AddRoute("POST", "api/lists/entries/{uscc}/{entryId}/repair", "uscc", HostileCaller.Regulator, repair);
            AddRoute("POST", "api/lists/entries/{uscc}/{entryId}/repair", "entryId", HostileCaller.Regulator, repair);
            AddRoute("POST", "api/lists/entries/{uscc}/{entryId}/withdrawal", "uscc", HostileCaller.Regulator, withdrawal);
            AddRoute("POST", "api/lists/entries/{uscc}/{entryId}/withdrawal", "entryId", HostileCaller.Regulator, withdrawal);
            AddRoute("POST", "api/enterprises/{uscc}/records/{recordId}/repair", "uscc", HostileCaller.Regulator, repair);
            AddRoute("POST", "api/enterprises/{uscc}/records/{recordId}/repair", "recordId", HostileCaller.Regulator, repair);
            AddRoute("POST", "api/enterprises/{uscc}/records/{recordId}/withdrawal", "uscc", HostileCaller.Regulator, withdrawal);
            AddRoute("POST", "api/enterprises/{uscc}/records/{recordId}/withdrawal", "recordId", HostileCaller.Regulator, withdrawal);
            AddRoute("GET", "api/public/lists/{listType}", "listType", HostileCaller.Anonymous);
            AddRoute("GET", "api/public/lists/{listType}/latest.csv", "listType", HostileCaller.Anonymous);
            AddRoute("POST", "api/enterprises/{uscc}/authorizations", "uscc", HostileCaller.Enterprise(decoded), Json(new JsonObject { ["bankId"] = BankId, ["purpose"] = "流动资金贷款", ["expiresOn"] = InMonths(6) }));
            AddRoute("DELETE", "api/enterprises/{uscc}/authorizations/{bankId}", "uscc", HostileCaller.Enterprise(decoded));
            AddRoute("DELETE", "api/enterprises/{uscc}/authorizations/{bankId}", "bankId", HostileCaller.Enterprise(Uscc));
            AddRoute("GET", "api/enterprises/{uscc}/authorizations", "uscc", HostileCaller.Regulator);
            AddRoute("GET", "api/enterprises/{uscc}/access-log", "uscc", HostileCaller.Regulator);
            AddRoute("GET", "api/enterprises/{uscc}/objections", "uscc", HostileCaller.Regulator);
            AddRoute("POST", "api/trace/codes/{code}/events", "code", HostileCaller.DataProvider, Json(ValidEvent()));
            AddRoute("GET", "api/trace/{code}", "code", HostileCaller.Anonymous);
            AddRoute("GET", "api/trace/{code}/qr.png", "code", HostileCaller.Anonymous);
            AddRoute("GET", "api/trace/{code}/epcis", "code", HostileCaller.Anonymous);
            AddRoute("POST", "api/trace/codes/{code}/recall", "code", HostileCaller.Regulator, Json(new JsonObject { ["reason"] = "抽检不合格" }));
            AddRoute("GET", "api/trace/actors/{uscc}/codes", "uscc", HostileCaller.Regulator);
            AddRoute("GET", "api/trace/codes/{code}/downstream", "code", HostileCaller.Regulator);
            AddRoute("POST", "api/trace/codes/{code}/events/{seq}/annulment", "code", HostileCaller.Regulator, Json(new JsonObject { ["reason"] = "录入有误" }));
            AddRoute("POST", "api/trace/codes/{code}/events/{seq}/annulment", "seq", HostileCaller.Regulator, Json(new JsonObject { ["reason"] = "录入有误" }));
            AddRoute("GET", "t/{code}", "code", HostileCaller.Anonymous, expect: HostileExpectation.HtmlPage);
            AddRoute("GET", "e/{uscc}", "uscc", HostileCaller.Anonymous, expect: HostileExpectation.HtmlPage);
            AddRoute("GET", "api/public/enterprises/{uscc}/report.pdf", "uscc", HostileCaller.Anonymous);
            AddRoute("GET", "api/enterprises/{uscc}/report.pdf", "uscc", HostileCaller.Enterprise(decoded));
            AddRoute("GET", "api/public/reports/{reportNo}", "reportNo", HostileCaller.Anonymous);
            AddRoute("GET", "verify/{reportNo}", "reportNo", HostileCaller.Anonymous, expect: HostileExpectation.HtmlPage);
            AddRoute("GET", "api/imports/{importId}", "importId", HostileCaller.DataProvider);
            AddRoute("GET", "api/imports/templates/{file}", "file", HostileCaller.DataProvider);
            AddRoute("GET", "api/objections/{objectionId}", "objectionId", HostileCaller.Regulator);
            AddRoute("GET", "api/commitments/{commitmentId}", "commitmentId", HostileCaller.Regulator);
            AddRoute("POST", "api/objections/{objectionId}/decision", "objectionId", HostileCaller.Regulator, Json(new JsonObject { ["outcome"] = "upheld", ["note"] = "维持" }));
            AddRoute("GET", "api/repairs/{repairId}", "repairId", HostileCaller.Regulator);
            AddRoute("POST", "api/repairs/{repairId}/decision", "repairId", HostileCaller.Regulator, Json(new JsonObject { ["outcome"] = "refused", ["note"] = "证据不足" }));
            AddRoute("GET", "api/providers/{providerId}", "providerId", HostileCaller.Regulator);
            AddRoute("GET", "api/banks/{bankId}", "bankId", HostileCaller.Regulator);
            AddRoute("PUT", "api/banks/{bankId}", "bankId", HostileCaller.Regulator, Json(ValidBank()));
            AddRoute("POST", "api/enterprises/{uscc}/accounts", "uscc", HostileCaller.Regulator, Json(new JsonObject { ["oid"] = "hostile-account" }));
            AddRoute("GET", "api/enterprises/{uscc}/accounts", "uscc", HostileCaller.Regulator);
            AddRoute("GET", "api/subscriptions/{subscriptionId}/deliveries", "subscriptionId", HostileCaller.Bank);
            AddRoute("DELETE", "api/subscriptions/{subscriptionId}", "subscriptionId", HostileCaller.DataProvider);
            AddRoute("DELETE", "api/enterprises/{uscc}/accounts/{oid}", "oid", HostileCaller.Regulator);
            AddRoute("DELETE", "api/enterprises/{uscc}/accounts/hostile-account", "uscc", HostileCaller.Regulator);
        }
    }

    // ----- query strings: every query parameter of every route that reads one -----

    private static void AddQueryCases(List<HostileCase> cases)
    {
        (string Path, string Parameter, HostileCaller Caller)[] parameters =
        [
            ($"api/enterprises/{Uscc}/records", "category", HostileCaller.Regulator),
            ($"api/enterprises/{Uscc}/records", "from", HostileCaller.Regulator),
            ($"api/enterprises/{Uscc}/records", "pageSize", HostileCaller.Regulator),
            ($"api/enterprises/{Uscc}/records", "continuationToken", HostileCaller.Regulator),
            ($"api/enterprises/{Uscc}/grade", "asOf", HostileCaller.Regulator),
            ("api/grades", "county", HostileCaller.Regulator),
            ("api/grades", "grade", HostileCaller.Regulator),
            ("api/grades", "pageSize", HostileCaller.Regulator),
            ("api/grades", "continuationToken", HostileCaller.Regulator),
            ("api/grades/summary", "county", HostileCaller.Regulator),
            ("api/lists/entries", "uscc", HostileCaller.Regulator),
            ("api/public/lists/black", "county", HostileCaller.Anonymous),
            ("api/public/lists/red", "pageSize", HostileCaller.Anonymous),
            ("api/public/lists/red", "continuationToken", HostileCaller.Anonymous),
            // q is free text ("-1" and "NaN" are names one may search for); its hostile cases are in SearchFunctionsTests.
            ("api/public/search", "page", HostileCaller.Anonymous),
            ($"api/enterprises/{Uscc}/access-log", "pageSize", HostileCaller.Regulator),
            ($"api/enterprises/{Uscc}/access-log", "continuationToken", HostileCaller.Regulator),
            ("api/objections", "status", HostileCaller.Regulator),
            ("api/commitments", "uscc", HostileCaller.Regulator),
            ("api/objections", "pageSize", HostileCaller.Regulator),
            ("api/objections", "continuationToken", HostileCaller.Regulator),
            ("api/repairs", "uscc", HostileCaller.Regulator),
            ("api/audit", "from", HostileCaller.Auditor),
            ("api/audit", "to", HostileCaller.Auditor),
            ("api/audit", "uscc", HostileCaller.Auditor),
            ("api/audit", "pageSize", HostileCaller.Auditor),
            ("api/audit", "continuationToken", HostileCaller.Auditor),
        ];

        foreach (var (path, parameter, caller) in parameters)
        {
            foreach (var (label, encoded) in QueryValues)
            {
                cases.Add(new HostileCase($"GET /{path.Replace(Uscc, "{uscc}", StringComparison.Ordinal)}?{parameter}=[{label}]", HttpMethod.Get, $"/{path}?{parameter}={encoded}", caller, null, RefusedByKestrel.Contains(label) ? HostileExpectation.RefusedByServer : HostileExpectation.Problem));
            }
        }

        // The audit reason of a Regulator's read: control characters and length are refused (other text is a reason).
        foreach (var (label, encoded) in QueryValues.Where(v => v.Label is "nul-control" or "chars-4000"))
        {
            cases.Add(new HostileCase($"GET /api/enterprises/{{uscc}}?reason=[{label}]", HttpMethod.Get, $"/api/enterprises/{Uscc}?reason={encoded}", HostileCaller.Regulator, null, HostileExpectation.Problem));
        }

        // The web pages read their queries too, and answer in HTML.
        (string Path, string Name, string Parameter, HostileExpectation Expect)[] pages =
        [
            ("", "{home:maxlength(0)?}", "q", HostileExpectation.HtmlAnswer),
            ("lists", "lists", "type", HostileExpectation.HtmlAnswer),
            ("lists", "lists", "county", HostileExpectation.HtmlAnswer),
            ("lists", "lists", "page", HostileExpectation.HtmlAnswer),
            ("dashboard", "dashboard", "x", HostileExpectation.HtmlAnswer),
            ("assets/dashboard.js", "assets/dashboard.js", "x", HostileExpectation.Accepted),
            ("assets/msal-browser.min.js", "assets/msal-browser.min.js", "x", HostileExpectation.Accepted),
            ("me", "me", "uscc", HostileExpectation.HtmlAnswer),
            ("assets/me.js", "assets/me.js", "x", HostileExpectation.Accepted),
        ];
        foreach (var (path, name, parameter, expect) in pages)
        {
            foreach (var (label, encoded) in QueryValues)
            {
                cases.Add(new HostileCase($"GET /{name}?{parameter}=[{label}]", HttpMethod.Get, $"/{path}?{parameter}={encoded}", HostileCaller.Anonymous, null, RefusedByKestrel.Contains(label) ? HostileExpectation.RefusedByServer : expect, "a page ignores or answers a query it cannot use"));
            }
        }

        // GET /api/me/enterprises reads no input: a query is ignored and the caller's enterprises answered.
        foreach (var (label, encoded) in QueryValues)
        {
            cases.Add(new HostileCase($"GET /api/me/enterprises?x=[{label}]", HttpMethod.Get, $"/api/me/enterprises?x={encoded}", HostileCaller.Enterprise(Uscc), null, RefusedByKestrel.Contains(label) ? HostileExpectation.RefusedByServer : HostileExpectation.Accepted, "the route reads no input"));
        }

        // A provider id is data matched exactly (an apostrophe is harmless once CreateQueryFilter quotes it); control characters and 4,000 characters are not.
        foreach (var (label, encoded) in QueryValues)
        {
            var expect = RefusedByKestrel.Contains(label) ? HostileExpectation.RefusedByServer : label is "nul-control" or "chars-4000" ? HostileExpectation.Problem : HostileExpectation.Accepted;
            cases.Add(new HostileCase($"GET /api/objections?providerId=[{label}]", HttpMethod.Get, $"/api/objections?providerId={encoded}", HostileCaller.Regulator, null, expect, "a provider id is a filter value, matched exactly"));
        }

        foreach (var (label, encoded) in QueryValues)
        {
            cases.Add(new HostileCase($"GET /api/grades/changes?count=[{label}]", HttpMethod.Get, $"/api/grades/changes?count={encoded}", HostileCaller.Regulator, null, RefusedByKestrel.Contains(label) ? HostileExpectation.RefusedByServer : HostileExpectation.Problem));
        }

        foreach (var (label, encoded) in QueryValues)
        {
            cases.Add(new HostileCase($"GET /api/loans/statistics?from=[{label}]", HttpMethod.Get, $"/api/loans/statistics?from={encoded}&to=2026-01", HostileCaller.Regulator, null, RefusedByKestrel.Contains(label) ? HostileExpectation.RefusedByServer : HostileExpectation.Problem));
        }

        // A token that decodes but points nowhere, and one of a foreign shape, must not reach storage as such.
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"nextPartitionKey\":\"' or 1 eq 1\",\"nextRowKey\":\"\\u0000\"}"));
        cases.Add(new HostileCase("GET /api/grades?continuationToken=[forged-base64-json]", HttpMethod.Get, $"/api/grades?continuationToken={Uri.EscapeDataString(forged)}", HostileCaller.Regulator, null, HostileExpectation.Problem));
        cases.Add(new HostileCase("GET /api/public/lists/red?continuationToken=[forged-base64-json]", HttpMethod.Get, $"/api/public/lists/red?continuationToken={Uri.EscapeDataString(forged)}", HostileCaller.Anonymous, null, HostileExpectation.Problem));
        cases.Add(new HostileCase("GET /api/enterprises/{uscc}/records?continuationToken=[forged-base64-json]", HttpMethod.Get, $"/api/enterprises/{Uscc}/records?continuationToken={Uri.EscapeDataString(forged)}", HostileCaller.Regulator, null, HostileExpectation.Problem));
    }

    // ----- JSON bodies: every endpoint that reads one -----

    /// <param name="Batch">Takes an array and reports a bad item by index (in a 202 receipt, or a 422 problem when nothing is accepted).</param>
    /// <param name="Missing">Names something that does not exist (a repair, a code's events): a bad body or a 404, never a 2xx.</param>
    private sealed record JsonEndpoint(string Label, HttpMethod Method, string Path, HostileCaller Caller, Func<JsonNode> Valid, bool Batch = false, bool Missing = false);

    /// <summary>Fields whose value is free text: an OData-looking string there is data, stored as given (keys are built from checked values only).</summary>
    private static readonly HashSet<string> FreeText = new(StringComparer.Ordinal)
    {
        "name", "legalRepresentative.name", "industry", "reason", "documentNo", "authority", "title", "content", "legalBasis",
        "purpose", "productName", "batch", "spec", "origin", "location", "commitment", "seed", "sourceId", "fileName",
    };

    private static JsonEndpoint[] JsonEndpoints() =>
    [
        new("PUT /api/enterprises/{uscc}", HttpMethod.Put, $"/api/enterprises/{Uscc}", HostileCaller.DataProvider, () => new JsonObject
        {
            ["name"] = "驻马店市天中测试商贸有限公司",
            ["legalRepresentative"] = new JsonObject { ["name"] = "张三", ["idNumber"] = IdNumber.WithCheckCharacter("41170219800101123") },
            ["industry"] = "批发和零售业",
            ["registeredOn"] = "2019-05-06",
        }),
        new("POST /api/enterprises", HttpMethod.Post, "/api/enterprises", HostileCaller.DataProvider, () => new JsonArray(new JsonObject { ["uscc"] = Uscc, ["name"] = "测试商行" }), Batch: true),
        new("POST /api/records", HttpMethod.Post, "/api/records", HostileCaller.DataProvider, () => new JsonArray(ValidRecord()), Batch: true),
        new("POST /api/inspections/plans", HttpMethod.Post, "/api/inspections/plans", HostileCaller.Regulator, () => new JsonObject
        {
            ["county"] = "411702",
            ["industry"] = "批发和零售业",
            ["seed"] = "驻马店-2026-11",
            ["ratios"] = new JsonObject { ["A"] = 0.05m, ["B"] = 0.2m, ["C"] = 0.6m, ["D"] = 1m },
        }),
        new("POST /api/lists/entries", HttpMethod.Post, "/api/lists/entries", HostileCaller.DataProvider, () => new JsonObject
        {
            ["listType"] = "black",
            ["uscc"] = Uscc,
            ["reason"] = "严重失信",
            ["authority"] = "驻马店市发展和改革委员会",
            ["documentNo"] = "驻发改信〔2026〕9号",
            ["decidedOn"] = "2026-10-01",
            ["expiresOn"] = "2028-10-01",
            ["legalRepresentativeIncluded"] = true,
            ["sourceId"] = "HOSTILE-LIST-1",
            ["basisRecordIds"] = new JsonArray("hostile-provider~P-1"),
        }),
        new("POST /api/lists/entries/{uscc}/{entryId}/repair", HttpMethod.Post, $"/api/lists/entries/{Uscc}/no-such-entry/repair", HostileCaller.Regulator, Repair, Missing: true),
        new("POST /api/lists/entries/{uscc}/{entryId}/withdrawal", HttpMethod.Post, $"/api/lists/entries/{Uscc}/0123456789abcdef01234567/withdrawal", HostileCaller.Regulator, Withdrawal, Missing: true),
        new("POST /api/enterprises/{uscc}/records/{recordId}/repair", HttpMethod.Post, $"/api/enterprises/{Uscc}/records/no-such~record/repair", HostileCaller.Regulator, Repair, Missing: true),
        new("POST /api/enterprises/{uscc}/records/{recordId}/withdrawal", HttpMethod.Post, $"/api/enterprises/{Uscc}/records/no-such~record/withdrawal", HostileCaller.Regulator, Withdrawal, Missing: true),
        new("POST /api/enterprises/{uscc}/authorizations", HttpMethod.Post, $"/api/enterprises/{Uscc}/authorizations", HostileCaller.Enterprise(Uscc), () => new JsonObject
        {
            ["bankId"] = BankId,
            ["purpose"] = "流动资金贷款",
            ["expiresOn"] = InMonths(6),
        }),
        new("POST /api/loans/eligibility", HttpMethod.Post, "/api/loans/eligibility", HostileCaller.Bank, () => new JsonObject { ["uscc"] = Uscc, ["product"] = "standard" }),
        new("POST /api/loans/eligibility/batch", HttpMethod.Post, "/api/loans/eligibility/batch", HostileCaller.Bank, () => new JsonObject { ["product"] = "standard", ["usccs"] = new JsonArray(Uscc, Uscc) }),
        new("POST /api/loans/outcomes", HttpMethod.Post, "/api/loans/outcomes", HostileCaller.Bank, () => new JsonObject
        {
            ["uscc"] = Uscc,
            ["product"] = "standard",
            ["amount"] = 500000.5m,
            ["status"] = "granted",
            ["on"] = "2026-01-15",
            ["loanRef"] = "HOSTILE-LOAN-1",
        }),
        new("POST /api/lists/legal-representatives/search", HttpMethod.Post, "/api/lists/legal-representatives/search", HostileCaller.Regulator, () => new JsonObject { ["idNumber"] = IdNumber.WithCheckCharacter("41170219800101123") }),
        new("POST /api/trace/codes", HttpMethod.Post, "/api/trace/codes", HostileCaller.DataProvider, () => new JsonObject
        {
            ["category"] = "pork",
            ["productName"] = "冷鲜猪肉",
            ["batch"] = "B-1",
            ["producerUscc"] = Uscc,
            ["storage"] = "chilled",
            ["certifications"] = new JsonArray("动物检疫合格证明"),
        }),
        new("POST /api/trace/codes/{code}/events", HttpMethod.Post, $"/api/trace/codes/{Code}/events", HostileCaller.DataProvider, ValidEvent),
        new("POST /api/trace/events", HttpMethod.Post, "/api/trace/events", HostileCaller.DataProvider, () =>
        {
            var e = ValidEvent();
            e["codes"] = new JsonArray(Code);
            return new JsonArray(e);
        }, Batch: true),
        new("POST /api/trace/codes/{code}/recall", HttpMethod.Post, $"/api/trace/codes/{Code}/recall", HostileCaller.Regulator, () => new JsonObject { ["reason"] = "抽检不合格" }),
        new("POST /api/trace/codes/{code}/events/{seq}/annulment", HttpMethod.Post, $"/api/trace/codes/{Code}/events/{MissingSeq}/annulment", HostileCaller.Regulator, () => new JsonObject { ["reason"] = "录入有误" }, Missing: true),
        new("POST /api/objections", HttpMethod.Post, "/api/objections", HostileCaller.Enterprise(Uscc), () => new JsonObject
        {
            ["uscc"] = Uscc,
            ["target"] = new JsonObject { ["kind"] = "record", ["id"] = "no-such~record" },
            ["reason"] = "处罚对象错误",
            ["evidence"] = new JsonArray(),
        }, Missing: true),
        new("POST /api/commitments", HttpMethod.Post, "/api/commitments", HostileCaller.Enterprise(Uscc), () => new JsonObject
        {
            ["uscc"] = Uscc,
            ["kind"] = "告知承诺",
            ["text"] = "依法诚信经营",
            ["dueOn"] = "2099-12-31",
            ["licenceRecordId"] = "no-such~licence",
        }, Missing: true),
        new("POST /api/objections/{objectionId}/decision", HttpMethod.Post, $"/api/objections/{Uscc}-{new string('0', 24)}/decision", HostileCaller.Regulator, () => new JsonObject { ["outcome"] = "upheld", ["note"] = "维持" }, Missing: true),

        new("POST /api/repairs", HttpMethod.Post, "/api/repairs", HostileCaller.Enterprise(Uscc), () => new JsonObject
        {
            ["uscc"] = Uscc,
            ["target"] = new JsonObject { ["kind"] = "record", ["id"] = "no-such~record" },
            ["commitment"] = new JsonObject { ["text"] = "守信承诺", ["signedOn"] = "2026-01-05" },
            ["obligationsFulfilled"] = true,
            ["evidence"] = new JsonArray(new string('a', 32)),
        }, Missing: true),
        new("POST /api/repairs/{repairId}/decision", HttpMethod.Post, $"/api/repairs/{Uscc}-{new string('0', 24)}/decision", HostileCaller.Regulator, () => new JsonObject { ["outcome"] = "refused", ["note"] = "证据不足" }, Missing: true),
        new("POST /api/imports/uploads", HttpMethod.Post, "/api/imports/uploads", HostileCaller.DataProvider, () => new JsonObject { ["fileName"] = "处罚.csv", ["contentType"] = "text/csv", ["length"] = 1024 }),
        new("POST /api/imports {uploadId}", HttpMethod.Post, "/api/imports", HostileCaller.DataProvider, () => new JsonObject { ["uploadId"] = new string('0', 32) }, Missing: true),

        // A probe entry of its own: the corpus's DataProvider keeps every right whatever these cases do.
        new("PUT /api/providers/{providerId}", HttpMethod.Put, "/api/providers/hostile-registry-probe", HostileCaller.Regulator, () => new JsonObject
        {
            ["name"] = "驻马店市市场监督管理局",
            ["authorityUscc"] = Uscc,
            ["categories"] = new JsonArray("penalty", "license", "inspection"),
            ["listTypes"] = new JsonArray("black", "watch"),
            ["profiles"] = true,
        }),
        new("PUT /api/banks/{bankId}", HttpMethod.Put, "/api/banks/hostile-registry-bank", HostileCaller.Regulator, ValidBank),

        // A subscription whose callback is refused (port 9, discard): every variant of it must be a 400, never a stored subscription.
        new("POST /api/subscriptions", HttpMethod.Post, "/api/subscriptions", HostileCaller.DataProvider, () => new JsonObject
        {
            ["callbackUrl"] = "http://10.0.0.5:9/hook",
            ["events"] = new JsonArray("list.changed"),
        }, Missing: true),
        new("POST /api/enterprises/{uscc}/accounts", HttpMethod.Post, $"/api/enterprises/{Uscc}/accounts", HostileCaller.Regulator, () => new JsonObject { ["oid"] = "hostile-account" }),
    ];

    /// <summary>A bank registration of the corpus's own probe bank (not the bank its Bank caller acts for).</summary>
    private static JsonObject ValidBank() => new()
    {
        ["name"] = "驻马店测试银行",
        ["licenceNo"] = "B0001H241170001",
        ["clientAppIds"] = new JsonArray("hostile-bank-app"),
        ["userObjectIds"] = new JsonArray("hostile-bank-officer"),
    };

    private static void AddBodyCases(List<HostileCase> cases)
    {
        foreach (var endpoint in JsonEndpoints())
        {
            void Add(string label, Func<HttpContent?> body, HostileExpectation expect = HostileExpectation.Problem, string? why = null, bool rejectsItem = false)
                => cases.Add(new HostileCase($"{endpoint.Label} body=[{label}]", endpoint.Method, endpoint.Path, endpoint.Caller, body, expect, why) { RejectsFirstItem = rejectsItem });

            // Whole-body damage: nothing of it can be read, so the whole request is refused.
            Add("not-json", () => Raw("{{{ this is not json", "application/json"));
            Add("nan-literal", () => Raw("{\"x\": NaN}", "application/json"));
            Add("infinity-literal", () => Raw("[Infinity]", "application/json"));
            Add("trailing-garbage", () => Raw(endpoint.Valid().ToJsonString() + " }{ xyz", "application/json"));
            Add($"nested-arrays-{DeepNesting}", () => Raw(new string('[', DeepNesting) + new string(']', DeepNesting), "application/json"));
            Add($"nested-objects-{DeepNesting}", () => Raw(string.Concat(Enumerable.Repeat("{\"a\":", DeepNesting)) + "1" + new string('}', DeepNesting), "application/json"));
            Add("invalid-utf8-bytes", () => Bytes([.. "{\"name\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, 0x80, .. "\"}"u8], "application/json"));
            Add("utf16-body", () => new ByteArrayContent(Encoding.Unicode.GetBytes(endpoint.Valid().ToJsonString())) { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/json") } });
            Add("json-null", () => Raw("null", "application/json"));
            Add("json-number", () => Raw("1e400", "application/json"));
            Add("json-string", () => Raw("\"' or 1 eq 1\"", "application/json"));
            Add("body-10MB", () => Raw("{\"name\":\"" + new string('x', TenMegabytes) + "\"}", "application/json"));
            Add("content-type-text-plain", () => Raw(endpoint.Valid().ToJsonString(), "text/plain"));
            Add("content-type-xml", () => Raw("<enterprise><name>x</name></enterprise>", "application/xml"));
            Add("content-type-form", () => Raw("name=x&uscc=%27%20or%201%20eq%201", "application/x-www-form-urlencoded"));
            Add("content-type-missing", () => new ByteArrayContent(Encoding.UTF8.GetBytes(endpoint.Valid().ToJsonString())));

            if (endpoint.Path != "/api/inspections/plans" && endpoint.Path != $"/api/trace/codes/{Code}/recall")
            {
                // Those two take an empty body as "use the defaults".
                Add("empty", () => Raw(string.Empty, "application/json"));
            }

            // Field damage: each string field of the valid body, in turn, gets a hostile value.
            var fields = Fields(endpoint.Valid());
            var variants = new (string Label, Func<string> RawValue)[]
            {
                ("number-1e400", () => "1e400"),
                ("array", () => "[[],1,null]"),
                ("object", () => "{\"$where\":\"1 eq 1\"}"),
                ("lone-surrogate", () => "\"\\ud800x\""),
                ("string-10MB", () => "\"" + new string('长', TenMegabytes / 3 + 1) + "\""),
            };
            for (var i = 0; i < variants.Length; i++)
            {
                // Rotate through the fields so every field gets hit without multiplying the corpus.
                var field = fields[i % fields.Count];
                var (label, value) = variants[i];
                var byIndex = endpoint.Batch && label is not "string-10MB";
                Add($"{field}={label}", () => Raw(With(endpoint.Valid(), field, value()), "application/json"), rejectsItem: byIndex);
            }

            foreach (var field in fields)
            {
                var freeText = FreeText.Contains(field) && !endpoint.Missing;
                var why = freeText ? "free text is data, stored as given (an apostrophe is common in names)" : null;
                Add($"{field}=odata-or-1-eq-1", () => Raw(With(endpoint.Valid(), field, "\"' or 1 eq 1\""), "application/json"), why is null ? HostileExpectation.Problem : HostileExpectation.Accepted, why, rejectsItem: endpoint.Batch && !freeText);

                // Control characters are never data: refused in every field (by index, in a batch).
                Add(
                    $"{field}=nul-and-control",
                    () => Raw(With(endpoint.Valid(), field, "\"a\\u0000b\\u0007\\u001b[31m\\u007f\""), "application/json"),
                    rejectsItem: endpoint.Batch);
            }
        }

        // Numbers where the contract wants numbers: out of range, NaN as a string, wrong sign.
        foreach (var (label, value) in new (string, string)[] { ("1e400", "1e400"), ("-1e400", "-1e400"), ("nan-string", "\"NaN\""), ("infinity-string", "\"Infinity\""), ("29-digits", "99999999999999999999999999999") })
        {
            cases.Add(new HostileCase($"POST /api/records body=[amount={label}]", HttpMethod.Post, "/api/records", HostileCaller.DataProvider, () =>
            {
                var record = ValidRecord();
                record["amount"] = JsonNode.Parse(value);
                return Raw(new JsonArray(record).ToJsonString(), "application/json");
            }, HostileExpectation.Problem) { RejectsFirstItem = true });
        }

        foreach (var (label, value) in new (string, string)[] { ("1e400", "1e400"), ("nan-string", "\"NaN\""), ("minus-1e30", "-1e30") })
        {
            cases.Add(new HostileCase($"POST /api/trace/codes/{{code}}/events body=[temperatureC={label}]", HttpMethod.Post, $"/api/trace/codes/{Code}/events", HostileCaller.DataProvider, () =>
            {
                var e = ValidEvent();
                e["temperatureC"] = JsonNode.Parse(value);
                return Raw(e.ToJsonString(), "application/json");
            }, HostileExpectation.Problem));
            cases.Add(new HostileCase($"POST /api/inspections/plans body=[ratios.A={label}]", HttpMethod.Post, "/api/inspections/plans", HostileCaller.Regulator, () =>
                Raw($"{{\"county\":\"411702\",\"ratios\":{{\"A\":{value}}}}}", "application/json"), HostileExpectation.Problem));
        }

        cases.Add(new HostileCase("POST /api/inspections/plans body=[seed=10000-chars-control]", HttpMethod.Post, "/api/inspections/plans", HostileCaller.Regulator, () =>
            Raw(new JsonObject { ["seed"] = new string('\u0001', 10_000) }.ToJsonString(), "application/json"), HostileExpectation.Problem));
        // Long text under the body limit: every free-text field has a length rule before storage (table properties hold 64 KiB).
        cases.Add(new HostileCase("POST /api/trace/codes/{code}/recall body=[reason=200000-chars]", HttpMethod.Post, $"/api/trace/codes/{Code}/recall", HostileCaller.Regulator, () =>
            Raw(new JsonObject { ["reason"] = new string('召', 200_000) }.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "application/json"), HostileExpectation.Problem));
        cases.Add(new HostileCase("POST /api/inspections/plans body=[industry=200000-chars]", HttpMethod.Post, "/api/inspections/plans", HostileCaller.Regulator, () =>
            Raw(new JsonObject { ["industry"] = new string('业', 200_000) }.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "application/json"), HostileExpectation.Problem));
        foreach (var (label, path, caller, field) in new (string, string, HostileCaller, string)[]
        {
            ("PUT /api/enterprises/{uscc}", $"/api/enterprises/{Uscc}", HostileCaller.DataProvider, "name"),
            ("POST /api/lists/entries", "/api/lists/entries", HostileCaller.DataProvider, "reason"),
            ("POST /api/trace/codes", "/api/trace/codes", HostileCaller.DataProvider, "productName"),
            ("POST /api/enterprises/{uscc}/authorizations", $"/api/enterprises/{Uscc}/authorizations", HostileCaller.Enterprise(Uscc), "purpose"),
        })
        {
            var endpoint = JsonEndpoints().Single(e => e.Label == label);
            cases.Add(new HostileCase($"{label} body=[{field}=200000-chars]", endpoint.Method, path, caller, () =>
                Raw(With(endpoint.Valid(), field, "\"" + new string('长', 200_000) + "\""), "application/json"), HostileExpectation.Problem));
        }

        cases.Add(new HostileCase("POST /api/lists/entries body=[legalRepresentativeIncluded=string]", HttpMethod.Post, "/api/lists/entries", HostileCaller.DataProvider, () =>
            Raw("{\"listType\":\"black\",\"uscc\":\"" + Uscc + "\",\"legalRepresentativeIncluded\":\"yes\"}", "application/json"), HostileExpectation.Problem));
        cases.Add(new HostileCase("POST /api/records body=[1001-items]", HttpMethod.Post, "/api/records", HostileCaller.DataProvider, () =>
            Raw(new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => (JsonNode)new JsonObject())]).ToJsonString(), "application/json"), HostileExpectation.Problem));
        cases.Add(new HostileCase("POST /api/trace/events body=[codes=10000-items]", HttpMethod.Post, "/api/trace/events", HostileCaller.DataProvider, () =>
        {
            var e = ValidEvent();
            e["codes"] = new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)$"HOSTILE-{i:D8}")]);
            return Raw(new JsonArray(e).ToJsonString(), "application/json");
        }, HostileExpectation.Problem));

        // Issue 22: logger series, trade records and parents have bounds of their own.
        cases.Add(new HostileCase("POST /api/trace/codes/{code}/events body=[readings=2001-items]", HttpMethod.Post, $"/api/trace/codes/{Code}/events", HostileCaller.DataProvider, () =>
        {
            var e = ValidEvent();
            e["readings"] = new JsonArray([.. Enumerable.Range(0, 2_001).Select(i => (JsonNode)new JsonObject { ["at"] = "2026-11-01T07:00:00+08:00", ["c"] = 2.5m })]);
            return Raw(e.ToJsonString(), "application/json");
        }, HostileExpectation.Problem));
        cases.Add(new HostileCase("POST /api/trace/codes/{code}/events body=[readings.at=year-9999]", HttpMethod.Post, $"/api/trace/codes/{Code}/events", HostileCaller.DataProvider, () =>
        {
            var e = ValidEvent();
            e["readings"] = new JsonArray(new JsonObject { ["at"] = "9999-12-31T23:59:59+08:00", ["c"] = 2.5m }, new JsonObject { ["at"] = "0001-01-01T00:00:00Z", ["c"] = 2.5m });
            return Raw(e.ToJsonString(), "application/json");
        }, HostileExpectation.Problem));
        cases.Add(new HostileCase("POST /api/trace/codes/{code}/events body=[quantity=1e400]", HttpMethod.Post, $"/api/trace/codes/{Code}/events", HostileCaller.DataProvider, () =>
            Raw(ValidEvent().ToJsonString().TrimEnd('}') + ",\"quantity\":1e400,\"unit\":\"kg\"}", "application/json"), HostileExpectation.Problem));
        cases.Add(new HostileCase("POST /api/trace/codes body=[parents=10000-items]", HttpMethod.Post, "/api/trace/codes", HostileCaller.DataProvider, () =>
            Raw(With(JsonEndpoints().Single(e => e.Label == "POST /api/trace/codes").Valid(), "parents", new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)$"HOSTILE-{i:D8}")]).ToJsonString()), "application/json"), HostileExpectation.Problem));
        cases.Add(new HostileCase("POST /api/trace/codes body=[parents=unknown-codes]", HttpMethod.Post, "/api/trace/codes", HostileCaller.DataProvider, () =>
            Raw(With(JsonEndpoints().Single(e => e.Label == "POST /api/trace/codes").Valid(), "parents", new JsonArray("NO-SUCH-CODE-0001", "NO-SUCH-CODE-0002").ToJsonString()), "application/json"), HostileExpectation.Problem));

        // Text is data: formula-leading values are stored as given and neutralised when exported.
        foreach (var formula in new[] { "=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)" })
        {
            var label = formula[0] switch { '=' => "equals", '+' => "plus", '-' => "minus", _ => "at" };
            cases.Add(new HostileCase($"PUT /api/enterprises/{{uscc}} body=[name=csv-formula-{label}]", HttpMethod.Put, $"/api/enterprises/{Uscc}", HostileCaller.DataProvider, () =>
                Raw(new JsonObject { ["name"] = formula }.ToJsonString(), "application/json"), HostileExpectation.Accepted, "a name is text; CSV exports neutralise formula-leading cells"));
        }
    }

    // ----- bulk files -----

    // ----- evidence files: the raw body is the file -----

    private static void AddEvidenceCases(List<HostileCase> cases)
    {
        void Add(string label, Func<HttpContent?> body)
            => cases.Add(new HostileCase($"POST /api/evidence body=[{label}]", HttpMethod.Post, "/api/evidence", HostileCaller.Enterprise(Uscc), body, HostileExpectation.Problem));

        Add("exe-as-pdf", () => Bytes([.. "MZ"u8, 0x90, 0, 3, 0], "application/pdf"));
        Add("html-as-png", () => Raw("<script>alert(1)</script>", "image/png"));
        Add("svg", () => Raw("<svg onload=alert(1)></svg>", "image/svg+xml"));
        Add("empty-pdf", () => Bytes([], "application/pdf"));
        Add("content-type-missing", () => new ByteArrayContent("%PDF-1.7"u8.ToArray()));
        Add("pdf-10MiB-and-1", () => Bytes([.. "%PDF-1.7\n"u8, .. new byte[(10 * 1024 * 1024) - 8]], "application/pdf"));
    }

    private static void AddImportCases(List<HostileCase> cases)
    {
        const string Header = "sourceId,uscc,category,title,decisionDate,authority,rating,disclosure";
        string Row(string sourceId, string title) => $"{sourceId},{Uscc},tax-rating,{title},2026-04-15,国家税务总局驻马店市税务局,A,public";
        string[] completed = ["completed"];
        string[] failed = ["failed"];

        void Csv(string label, Func<HttpContent> body, string[] endsIn, string why)
            => cases.Add(new HostileCase($"POST /api/imports csv=[{label}]", HttpMethod.Post, "/api/imports", HostileCaller.DataProvider, body, HostileExpectation.Accepted, why) { ImportEndsIn = endsIn });

        void Ndjson(string label, Func<HttpContent> body, string[] endsIn, string why)
            => cases.Add(new HostileCase($"POST /api/imports ndjson=[{label}]", HttpMethod.Post, "/api/imports", HostileCaller.DataProvider, body, HostileExpectation.Accepted, why) { ImportEndsIn = endsIn });

        const string Lines = "the file is taken (202) and bad lines are rejected one by one in the background";
        Csv("injection-cells", () => Raw($"{Header}\n{Row("INJ-1", "=HYPERLINK(\"\"http://evil\"\")")}\n{Row("INJ-2", "+1+1")}\n{Row("INJ-3", "-2+3")}\n{Row("INJ-4", "@SUM(A1)")}\n{Row("INJ-5", "\"=1+2\"")}\n", "text/csv"), completed, "formula-leading titles are data; exports neutralise them");
        Csv("unclosed-quote", () => Raw($"{Header}\n{Row("Q-1", "\"never closed")}\n", "text/csv"), completed, Lines);
        Csv("quote-inside-field", () => Raw($"{Header}\n{Row("Q-2", "a\"b")}\n{Row("Q-3", "\"x\"y")}\n", "text/csv"), completed, Lines);
        Csv("ragged-rows", () => Raw($"{Header}\na,b\n{Row("R-1", "ok")},extra,extra\n,,,,,,,,,,,,,,,,,,,,,\n", "text/csv"), completed, Lines);
        Csv("invalid-utf8", () => Bytes([.. Encoding.UTF8.GetBytes(Header + "\nU-1," + Uscc + ",tax-rating,"), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(",2026-04-15,税务局,A,public\n")], "text/csv"), completed, Lines);
        Csv("nul-and-control", () => Raw($"{Header}\n{Row("C-\0-1", "\u0001\u0007\u001b\u007f")}\n{Row("C-2", "a\0b")}\n", "text/csv"), completed, Lines);
        Csv("field-100000-chars", () => Raw($"{Header}\n{Row("L-1", new string('长', 100_000))}\n", "text/csv"), completed, Lines);
        Csv("columns-10000", () => Raw(Header + "," + string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"x{i}")) + "\n" + Row("W-1", "ok") + "\n", "text/csv"), completed.Concat(failed).ToArray(), "unknown columns either are ignored or fail the import with its reason");
        Csv("odata-values", () => Raw($"{Header}\n' or 1 eq 1,' or 1 eq 1,tax-rating,x,2026-04-15,x,A,public\n", "text/csv"), completed, Lines);
        Csv("wrong-header", () => Raw("=cmd|' /C calc'!A0,b,c\n1,2,3\n", "text/csv"), failed, "a wrong header fails the import with its reason");
        Csv("empty-file", () => Raw(string.Empty, "text/csv"), completed.Concat(failed).ToArray(), "an empty file has no header: the import ends with its reason");
        Csv("binary-garbage", () => Bytes([.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 131) % 256))], "text/csv"), failed, "a file without the header fails with its reason");
        Ndjson("hostile-lines", () => Raw(string.Join('\n',
            "{\"sourceId\":\"N-1\",\"uscc\":\"" + Uscc + "\",\"category\":\"tax-rating\",\"title\":\"=1+2\",\"decisionDate\":\"2026-04-15\",\"authority\":\"x\",\"rating\":\"A\",\"disclosure\":\"public\"}",
            "{\"amount\": NaN}",
            "{\"amount\": 1e400, \"sourceId\": 7}",
            "[1,2,3]",
            "\"just a string\"",
            new string('[', DeepNesting) + new string(']', DeepNesting),
            "{\"title\":\"\\ud800\"}",
            "{{{ not json",
            "null") + "\n", "application/x-ndjson"), completed, Lines);
        Ndjson("invalid-utf8", () => Bytes([.. "{\"sourceId\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}\n"u8], "application/x-ndjson"), completed, Lines);
        Ndjson("line-2MB", () => Raw("{\"sourceId\":\"" + new string('x', 2 * 1024 * 1024) + "\"}\n", "application/x-ndjson"), completed, Lines);

        cases.Add(new HostileCase("POST /api/imports body=[content-type-json]", HttpMethod.Post, "/api/imports", HostileCaller.DataProvider, () => Raw("[]", "application/json"), HostileExpectation.Problem));
        cases.Add(new HostileCase("POST /api/imports body=[content-type-missing]", HttpMethod.Post, "/api/imports", HostileCaller.DataProvider, () => new ByteArrayContent("a,b\n"u8.ToArray()), HostileExpectation.Problem));
        cases.Add(new HostileCase("POST /api/imports body=[content-type-garbage]", HttpMethod.Post, "/api/imports", HostileCaller.DataProvider, () => Raw("a,b\n", "text/csv", "text/csv; charset=\"\u0001\"; boundary=%00"), HostileExpectation.Problem));
    }

    // ----- the anonymous endpoints that read nothing: junk must not change their answer -----

    private static void AddAnonymousOddities(List<HostileCase> cases)
    {
        cases.Add(new HostileCase("GET /api/health?[junk-query]", HttpMethod.Get, "/api/health?%27%20or%201%20eq%201=%00&x=" + new string('9', 5000), HostileCaller.Anonymous, null, HostileExpectation.Accepted, "health reads no input"));
        cases.Add(new HostileCase("GET /api/openapi.json?[junk-query]", HttpMethod.Get, "/api/openapi.json?..%2F..%2F=%C3%28", HostileCaller.Anonymous, null, HostileExpectation.Accepted, "the OpenAPI document reads no input"));
        cases.Add(new HostileCase("POST /api/grades/recompute body=[junk]", HttpMethod.Post, "/api/grades/recompute", HostileCaller.Regulator, () => Raw(new string('[', DeepNesting), "application/json"), HostileExpectation.Accepted, "a recompute reads no body"));
        cases.Add(new HostileCase("GET /api/providers?[junk-query]", HttpMethod.Get, "/api/providers?%27%20or%201%20eq%201=%00&x=" + new string('9', 5000), HostileCaller.Regulator, null, HostileExpectation.Accepted, "the provider list reads no query"));
        cases.Add(new HostileCase("GET /api/subscriptions?[junk-query]", HttpMethod.Get, "/api/subscriptions?%27%20or%201%20eq%201=%00&x=" + new string('9', 5000), HostileCaller.DataProvider, null, HostileExpectation.Accepted, "the subscription list reads no query"));
        cases.Add(new HostileCase("GET /api/banks?[junk-query]", HttpMethod.Get, "/api/banks?%27%20or%201%20eq%201=%00&x=" + new string('9', 5000), HostileCaller.Regulator, null, HostileExpectation.Accepted, "the bank list reads no query"));
        cases.Add(new HostileCase("POST /api/trace/codes?uscc=[odata-or-1-eq-1]", HttpMethod.Post, "/api/trace/codes?uscc=%27%20or%201%20eq%201", HostileCaller.Enterprise(Uscc), () => Raw(new JsonObject { ["category"] = "pork", ["productName"] = "冷鲜猪肉", ["producerUscc"] = Uscc, ["storage"] = "chilled" }.ToJsonString(), "application/json"), HostileExpectation.Problem));
        cases.Add(new HostileCase("POST /api/lists/publish body=[junk]", HttpMethod.Post, "/api/lists/publish", HostileCaller.Regulator, () => Bytes([0xFF, 0x00, 0xFE], "application/json"), HostileExpectation.Accepted, "publication reads no body"));
    }

    // ----- helpers -----

    /// <summary>A repair body meeting the 2026 rules (commitment, obligations, evidence), so a hostile value in any one field is what decides the answer.</summary>
    private static JsonObject Repair() => new()
    {
        ["reason"] = "已整改",
        ["documentNo"] = "驻信修〔2026〕1号",
        ["commitment"] = new JsonObject { ["text"] = "守信承诺", ["signedOn"] = "2026-01-05" },
        ["obligationsFulfilled"] = true,
        ["evidence"] = new JsonArray("罚款缴纳凭证"),
    };

    private static JsonObject Withdrawal() => new() { ["reason"] = "复议撤销原处罚决定", ["documentNo"] = "驻政复决〔2026〕8号" };

    private static JsonObject ValidRecord() => new()
    {
        ["sourceId"] = "HOSTILE-REC-1",
        ["uscc"] = Uscc,
        ["category"] = "penalty",
        ["title"] = "销售过期食品",
        ["decisionDate"] = "2026-05-01",
        ["documentNo"] = "驻市监罚〔2026〕12号",
        ["authority"] = "驻马店市市场监督管理局",
        ["legalBasis"] = "《中华人民共和国食品安全法》第一百二十四条",
        ["severity"] = "general",
        ["amount"] = 5000.00m,
        ["disclosure"] = "public",
    };

    private static JsonObject ValidEvent() => new()
    {
        ["step"] = "transport",
        ["actorUscc"] = Uscc,
        ["occurredAt"] = "2026-11-01T08:00:00+08:00",
        ["location"] = "驿城区冷库",
        ["temperatureC"] = 2.5m,
        ["documents"] = new JsonArray(new JsonObject { ["type"] = "检疫证明", ["number"] = "Q-1" }),
        ["sourceId"] = "HOSTILE-EV-1",
    };

    private static string InMonths(int months) => DateTime.UtcNow.AddMonths(months).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Paths ("a", "b.c") of the string fields of a body (of its first item, for a batch): the ones a hostile value replaces.</summary>
    private static List<string> Fields(JsonNode body)
    {
        var fields = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject o)
            {
                foreach (var (k, v) in o)
                {
                    Walk(v, path.Length == 0 ? k : $"{path}.{k}");
                }
            }
            else if (node is JsonValue v && v.TryGetValue<string>(out _))
            {
                fields.Add(path);
            }
        }

        Walk(Item(body), string.Empty);
        return fields;
    }

    /// <summary>The body as JSON text with <paramref name="field"/> (of the first item, for a batch) replaced by raw JSON text.</summary>
    private static string With(JsonNode body, string field, string rawValue)
    {
        const string Placeholder = "HOSTILE_PLACEHOLDER_VALUE";
        var parent = Item(body);
        var parts = field.Split('.');
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!;
        }

        parent[parts[^1]] = Placeholder;
        return body.ToJsonString().Replace($"\"{Placeholder}\"", rawValue, StringComparison.Ordinal);
    }

    private static JsonNode Item(JsonNode body) => body is JsonArray array ? array[0]! : body;

    private static Func<HttpContent?> Json(JsonNode body) => () => Raw(body.ToJsonString(), "application/json");

    private static StringContent Raw(string text, string mediaType, string? rawContentType = null)
    {
        var content = new StringContent(text, new UTF8Encoding(false), mediaType);
        if (rawContentType is not null)
        {
            content.Headers.Remove("Content-Type");
            content.Headers.TryAddWithoutValidation("Content-Type", rawContentType);
        }

        return content;
    }

    private static ByteArrayContent Bytes(byte[] bytes, string mediaType)
        => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } };
}
