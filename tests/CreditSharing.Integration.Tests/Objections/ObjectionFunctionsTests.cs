using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Objections;

/// <summary>异议 through the DevHost: filing with evidence, disputed everywhere the target is shown, deciding.</summary>
public sealed class ObjectionFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    [Fact]
    public async Task FilesAnObjectionShowsItsRecordDisputedEverywhereAndClearsItWhenUpheld()
    {
        var uscc = TestData.NewUscc();
        var provider = "obj-provider-" + Guid.NewGuid().ToString("N")[..8];
        var recordId = $"{provider}~P-1";
        using var dept = await host.ClientAsync(provider, "DataProvider");
        using var regulator = await host.ClientAsync("obj-regulator", "Regulator");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        await RecordsAsync(dept, regulator, uscc, Infrastructure.Records.Penalty(uscc, "P-1", decisionDate: Day(Today.AddMonths(-2))), Infrastructure.Records.TaxRating(uscc, "T-1"));
        await Eventually.GetAsync(async () => Factors(await Grades.TryGetAsync(regulator, uscc)).Any(f => f.Ids.Contains(recordId)) ? true : (bool?)null, what: "a grade factor on the penalty");
        var pdf = "%PDF-1.7\n复议决定书（测试）\n"u8.ToArray();

        using var uploaded = await enterprise.PostAsync("/api/evidence", Content(pdf, "application/pdf"), Ct);
        var evidence = await uploaded.Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var filed = await enterprise.PostAsJsonAsync("/api/objections", Body(uscc, "record", recordId, evidence.GetProperty("evidenceId").GetString()), Ct);
        var receipt = await filed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = receipt.GetProperty("objectionId").GetString()!;

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), evidence.GetProperty("sha256").GetString());
        Assert.Equal((pdf.Length, "application/pdf"), (evidence.GetProperty("bytes").GetInt32(), evidence.GetProperty("contentType").GetString()));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal($"/api/objections/{id}", filed.Headers.Location?.OriginalString);
        Assert.Equal("open", receipt.GetProperty("status").GetString());
        Assert.Equal(Day(WorkingDays.Add(Today, 7)), receipt.GetProperty("dueOn").GetString());

        // Disputed on the Regulator's read, the public page (JSON and HTML) and the grade's factors; it still counts.
        var records = await Infrastructure.Records.AllAsync(regulator, uscc);
        Assert.True(records.Single(r => r.GetProperty("id").GetString() == recordId).GetProperty("disputed").GetBoolean());
        Assert.False(records.Single(r => r.GetProperty("id").GetString() == $"{provider}~T-1").GetProperty("disputed").GetBoolean());
        var publicPage = await host.Anonymous().GetFromJsonAsync<JsonElement>($"/api/public/enterprises/{uscc}", Ct);
        Assert.Equal(
            [(recordId, true), ($"{provider}~T-1", false)],
            publicPage.GetProperty("records").EnumerateArray().Select(r => (r.GetProperty("id").GetString(), r.GetProperty("disputed").GetBoolean())).OrderBy(r => r.Item1, StringComparer.Ordinal));
        var html = await host.Anonymous().GetStringAsync($"/e/{uscc}", Ct);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "异议处理中"));
        var factors = Factors(await Grades.TryGetAsync(regulator, uscc));
        var penalty = factors.Single(f => f.Ids.Contains(recordId));
        Assert.Equal([recordId], penalty.Disputed);
        Assert.True(penalty.Points < 0);

        // The objection is read by its enterprise, its provider and Regulators; a second one on the target is refused.
        using var other = await host.ClientAsync("obj-other-provider", "DataProvider");
        using var again = await enterprise.PostAsJsonAsync("/api/objections", Body(uscc, "record", recordId), Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("objectionId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await enterprise.GetAsync($"/api/objections/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dept.GetAsync($"/api/objections/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/objections/{id}", Ct)).StatusCode);
        Assert.Contains(id, await IdsAsync(dept, "/api/objections?status=open&pageSize=500"));
        Assert.DoesNotContain(id, await IdsAsync(other, $"/api/objections?status=open&providerId={provider}&pageSize=500"));
        Assert.Contains(id, await IdsAsync(regulator, $"/api/objections?status=open&providerId={provider}"));

        // Decided by its provider: corrected needs a correction first; upheld clears the flag; a decided objection stays decided.
        using var byOther = await other.PostAsJsonAsync($"/api/objections/{id}/decision", new { outcome = "upheld", note = "维持" }, Ct);
        using var corrected = await dept.PostAsJsonAsync($"/api/objections/{id}/decision", new { outcome = "corrected", note = "已更正" }, Ct);
        using var upheld = await dept.PostAsJsonAsync($"/api/objections/{id}/decision", new { outcome = "upheld", note = "经核查，处罚决定事实清楚、证据确凿。" }, Ct);
        using var twice = await regulator.PostAsJsonAsync($"/api/objections/{id}/decision", new { outcome = "upheld", note = "维持" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, corrected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, upheld.StatusCode);
        var decided = await upheld.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("upheld", provider), (decided.GetProperty("status").GetString(), decided.GetProperty("decision").GetProperty("by").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.All(await Infrastructure.Records.AllAsync(regulator, uscc), r => Assert.False(r.GetProperty("disputed").GetBoolean()));
        Assert.DoesNotContain("异议处理中", await host.Anonymous().GetStringAsync($"/e/{uscc}", Ct), StringComparison.Ordinal);
        Assert.Contains(id, await IdsAsync(regulator, $"/api/objections?status=decided&providerId={provider}"));
    }

    [Fact]
    public async Task TheEnterpriseListsItsOwnObjectionsNewestFirstAndAnotherEnterpriseIsRefused()
    {
        var uscc = TestData.NewUscc("411702");
        var provider = "obj-own-" + Guid.NewGuid().ToString("N")[..8];
        using var dept = await host.ClientAsync(provider, "DataProvider");
        using var regulator = await host.ClientAsync("obj-regulator", "Regulator");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var other = await host.EnterpriseClientAsync(TestData.NewUscc("411702"));
        await RecordsAsync(dept, regulator, uscc, Infrastructure.Records.Penalty(uscc, "P-1", decisionDate: Day(Today.AddMonths(-2))), Infrastructure.Records.Penalty(uscc, "P-2", decisionDate: Day(Today.AddMonths(-1))));
        var first = await FileAsync(enterprise, Body(uscc, "record", $"{provider}~P-1"));
        var second = await FileAsync(enterprise, Body(uscc, "record", $"{provider}~P-2"));
        (await dept.PostAsJsonAsync($"/api/objections/{first}/decision", new { outcome = "upheld", note = "处罚认定无误" }, Ct)).EnsureSuccessStatusCode();

        var mine = await enterprise.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/objections", Ct);
        var byRegulator = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}/objections", Ct);
        using var refused = await other.GetAsync($"/api/enterprises/{uscc}/objections", Ct);
        using var invalid = await regulator.GetAsync("/api/enterprises/not-a-uscc/objections", Ct);

        Assert.Equal([second, first], mine.EnumerateArray().Select(o => o.GetProperty("objectionId").GetString()));
        Assert.Equal(["open", "upheld"], mine.EnumerateArray().Select(o => o.GetProperty("status").GetString()));
        Assert.Equal("处罚认定无误", mine[1].GetProperty("decision").GetProperty("note").GetString());
        Assert.Equal(2, byRegulator.GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    private static async Task<string> FileAsync(HttpClient enterprise, object body)
    {
        using var filed = await enterprise.PostAsJsonAsync("/api/objections", body, Ct);
        filed.EnsureSuccessStatusCode();
        return (await filed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("objectionId").GetString()!;
    }

    [Fact]
    public async Task MarksTheDisputedRecordsAnEligibilityAnswerReliedOn()
    {
        var uscc = TestData.NewUscc("411724");
        var provider = "obj-loan-" + Guid.NewGuid().ToString("N")[..8];
        using var dept = await host.ClientAsync(provider, "DataProvider");
        using var regulator = await host.ClientAsync("obj-regulator", "Regulator");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        await RecordsAsync(dept, regulator, uscc, Infrastructure.Records.TaxRating(uscc, "T-1", "B"), Infrastructure.Records.Penalty(uscc, "P-1", decisionDate: Day(Today.AddMonths(-1))));
        (await regulator.PostAsJsonAsync("/api/objections", Body(uscc, "record", $"{provider}~P-1"), Ct)).EnsureSuccessStatusCode();
        (await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", new { bankId = "bank-obj-1", purpose = "流动资金贷款", expiresOn = Day(Today.AddMonths(1)) }, Ct)).EnsureSuccessStatusCode();
        using var bank = await host.ClientAsync(new LocalTokenRequest(["Bank"], "officer-obj", null, "bank-obj-1"));

        var answer = await (await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal([$"{provider}~P-1"], answer.GetProperty("disputed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, answer.GetProperty("summary").GetProperty("penaltiesLast12Months").GetInt32());
    }

    [Fact]
    public async Task MarksADisputedListEntryInTheRegulatorsRead()
    {
        var uscc = TestData.NewUscc();
        using var dept = await host.ClientAsync("obj-list-provider", "DataProvider");
        using var regulator = await host.ClientAsync("obj-regulator", "Regulator");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var created = await dept.PostAsJsonAsync("/api/lists/entries", new { listType = "watch", uscc, reason = "多次投诉", authority = "驻马店市市场监督管理局", documentNo = "驻市监关〔2026〕1号", decidedOn = Day(Today.AddDays(-3)), expiresOn = Day(Today.AddYears(1)), sourceId = "W-1" }, Ct);
        var entryId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("entryId").GetString()!;

        using var filed = await enterprise.PostAsJsonAsync("/api/objections", Body(uscc, "listEntry", entryId), Ct);
        var entries = await regulator.GetFromJsonAsync<JsonElement>($"/api/lists/entries?uscc={uscc}", Ct);

        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.True(entries.EnumerateArray().Single().GetProperty("disputed").GetBoolean());
    }

    [Fact]
    public async Task DecidesCorrectedOnceTheProviderSentACorrection()
    {
        var uscc = TestData.NewUscc();
        var provider = "obj-fix-" + Guid.NewGuid().ToString("N")[..8];
        using var dept = await host.ClientAsync(provider, "DataProvider");
        using var regulator = await host.ClientAsync("obj-regulator", "Regulator");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        var penalty = Infrastructure.Records.Penalty(uscc, "P-1", decisionDate: Day(Today.AddMonths(-1)));
        await RecordsAsync(dept, regulator, uscc, penalty);
        var id = (await (await enterprise.PostAsJsonAsync("/api/objections", Body(uscc, "record", $"{provider}~P-1"), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("objectionId").GetString()!;

        penalty["amount"] = 500.00m;
        (await dept.PostAsJsonAsync("/api/records", penalty, Ct)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => (await Infrastructure.Records.AllAsync(regulator, uscc)).Single().GetProperty("revision").GetInt32() == 2, what: "the corrected record");
        using var corrected = await dept.PostAsJsonAsync($"/api/objections/{id}/decision", new { outcome = "corrected", note = "罚款金额更正为500元。" }, Ct);

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal("corrected", (await corrected.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task RefusesBadObjectionsAndBadEvidence()
    {
        var uscc = TestData.NewUscc();
        var otherUscc = TestData.NewUscc("411721");
        var provider = "obj-bad-" + Guid.NewGuid().ToString("N")[..8];
        using var dept = await host.ClientAsync(provider, "DataProvider");
        using var regulator = await host.ClientAsync("obj-regulator", "Regulator");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var otherEnterprise = await host.EnterpriseClientAsync(otherUscc);
        await RecordsAsync(dept, regulator, uscc, Infrastructure.Records.Penalty(uscc, "P-1", decisionDate: Day(Today.AddMonths(-1))));
        var recordId = $"{provider}~P-1";

        using var someoneElses = await otherEnterprise.PostAsJsonAsync("/api/objections", Body(uscc, "record", recordId), Ct);
        using var missing = await enterprise.PostAsJsonAsync("/api/objections", Body(uscc, "record", $"{provider}~NO-SUCH"), Ct);
        using var unknownKind = await enterprise.PostAsJsonAsync("/api/objections", Body(uscc, "document", recordId), Ct);
        using var longReason = await enterprise.PostAsJsonAsync("/api/objections", new { uscc, target = new { kind = "record", id = recordId }, reason = new string('异', 2_001) }, Ct);
        using var controls = await enterprise.PostAsJsonAsync("/api/objections", new { uscc, target = new { kind = "record", id = recordId }, reason = "理由\u001b[31m" }, Ct);
        using var unknownEvidence = await enterprise.PostAsJsonAsync("/api/objections", Body(uscc, "record", recordId, Guid.NewGuid().ToString("N")), Ct);
        using var tooLarge = await enterprise.PostAsync("/api/evidence", Content([.. "%PDF-1.7\n"u8, .. new byte[10 * 1024 * 1024]], "application/pdf"), Ct);
        using var wrongType = await enterprise.PostAsync("/api/evidence", Content("GIF89a"u8.ToArray(), "image/gif"), Ct);
        using var disguised = await enterprise.PostAsync("/api/evidence", Content("MZ\u0090"u8.ToArray(), "image/png"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, someoneElses.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await AssertFieldAsync(unknownKind, "target.kind");
        await AssertFieldAsync(longReason, "reason");
        await AssertFieldAsync(controls, "reason");
        await AssertFieldAsync(unknownEvidence, "evidence[0]");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        await AssertFieldAsync(disguised, "body");
        Assert.All(await Infrastructure.Records.AllAsync(regulator, uscc), r => Assert.False(r.GetProperty("disputed").GetBoolean()));
    }

    /// <summary>Needs the records branch (RecordService.WithdrawAsync): the stub throws until it is merged.</summary>
    [Fact]
    public async Task DecidesWithdrawnByWithdrawingTheRecord()
    {
        var uscc = TestData.NewUscc();
        var provider = "obj-wd-" + Guid.NewGuid().ToString("N")[..8];
        using var dept = await host.ClientAsync(provider, "DataProvider");
        using var regulator = await host.ClientAsync("obj-regulator", "Regulator");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        await RecordsAsync(dept, regulator, uscc, Infrastructure.Records.Penalty(uscc, "P-1", decisionDate: Day(Today.AddMonths(-1))));
        var id = (await (await enterprise.PostAsJsonAsync("/api/objections", Body(uscc, "record", $"{provider}~P-1"), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("objectionId").GetString()!;

        using var withdrawn = await dept.PostAsJsonAsync($"/api/objections/{id}/decision", new { outcome = "withdrawn", note = "经复议，原处罚决定撤销。" }, Ct);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var record = (await Infrastructure.Records.AllAsync(regulator, uscc)).Single();
        Assert.Equal("经复议，原处罚决定撤销。", record.GetProperty("withdrawn").GetProperty("reason").GetString());
        Assert.False(record.GetProperty("disputed").GetBoolean());
        var publicPage = await host.Anonymous().GetFromJsonAsync<JsonElement>($"/api/public/enterprises/{uscc}", Ct);
        Assert.Empty(publicPage.GetProperty("records").EnumerateArray());
    }

    /// <summary>Needs the lists branch (ListService.WithdrawAsync): the stub throws until it is merged.</summary>
    [Fact]
    public async Task DecidesWithdrawnByWithdrawingTheListEntry()
    {
        var uscc = TestData.NewUscc();
        using var dept = await host.ClientAsync("obj-list-wd", "DataProvider");
        using var regulator = await host.ClientAsync("obj-regulator", "Regulator");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var created = await dept.PostAsJsonAsync("/api/lists/entries", new { listType = "black", uscc, reason = "严重失信", authority = "驻马店市市场监督管理局", documentNo = "驻市监黑〔2026〕7号", decidedOn = Day(Today.AddDays(-3)), expiresOn = Day(Today.AddYears(2)), sourceId = "B-1" }, Ct);
        var entryId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("entryId").GetString()!;
        var id = (await (await enterprise.PostAsJsonAsync("/api/objections", Body(uscc, "listEntry", entryId), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("objectionId").GetString()!;

        using var withdrawn = await regulator.PostAsJsonAsync($"/api/objections/{id}/decision", new { outcome = "withdrawn", note = "列入决定系误报，撤销。" }, Ct);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var publicList = await host.Anonymous().GetFromJsonAsync<JsonElement>("/api/public/lists/black?pageSize=500", Ct);
        Assert.DoesNotContain(publicList.GetProperty("items").EnumerateArray(), i => i.GetProperty("entryId").GetString() == entryId);
    }

    private async Task RecordsAsync(HttpClient dept, HttpClient regulator, string uscc, params Dictionary<string, object?>[] records)
    {
        (await dept.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驿城区异议测试商行" }, Ct)).EnsureSuccessStatusCode();
        (await dept.PostAsJsonAsync("/api/records", records, Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, records.Length);
    }

    private static object Body(string uscc, string kind, string id, string? evidenceId = null)
        => new { uscc, target = new { kind, id }, reason = "处罚对象错误：该行为系他人所为，已申请行政复议。", evidence = evidenceId is null ? Array.Empty<string>() : [evidenceId] };

    private static ByteArrayContent Content(byte[] bytes, string contentType)
        => new(bytes) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } };

    private static List<(IReadOnlyList<string> Ids, IReadOnlyList<string> Disputed, int Points)> Factors(JsonElement? grade)
        => grade is not { } g
            ? []
            : g.GetProperty("factors").EnumerateArray().Select(f => (
                (IReadOnlyList<string>)f.GetProperty("recordIds").EnumerateArray().Select(i => i.GetString()!).ToList(),
                (IReadOnlyList<string>)(f.TryGetProperty("disputed", out var d) ? d.EnumerateArray().Select(i => i.GetString()!).ToList() : []),
                f.GetProperty("points").GetInt32())).ToList();

    private static async Task<List<string?>> IdsAsync(HttpClient client, string url)
        => (await client.GetFromJsonAsync<JsonElement>(url, Ct)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("objectionId").GetString()).ToList();

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _), $"no error on {field}");
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
