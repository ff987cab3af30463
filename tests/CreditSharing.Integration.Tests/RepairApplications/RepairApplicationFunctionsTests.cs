using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.RepairApplications;

/// <summary>Issue 24 point 1: the enterprise reads its own records and applies for repair (信用修复申请), through the DevHost.</summary>
public sealed class RepairApplicationFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheEnterpriseReadsItsOwnRecordsOfEveryTierAndAnotherEnterpriseIsRefused()
    {
        var uscc = TestData.NewUscc();
        var provider = "self-provider-" + Guid.NewGuid().ToString("N")[..8];
        using var dept = await host.ClientAsync(provider, AppRoles.DataProvider);
        using var regulator = await host.ClientAsync("self-regulator", AppRoles.Regulator);
        using var own = await host.EnterpriseClientAsync(uscc);
        using var other = await host.EnterpriseClientAsync(TestData.NewUscc());
        (await dept.PostAsJsonAsync(
            "/api/records",
            new[]
            {
                Infrastructure.Records.Penalty(uscc, "PUB", disclosure: "public"),
                Infrastructure.Records.Penalty(uscc, "SHR", disclosure: "shared"),
                Infrastructure.Records.Penalty(uscc, "RST", disclosure: "restricted"),
            },
            Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 3);
        (await dept.PostAsJsonAsync($"/api/enterprises/{uscc}/records/{provider}~RST/withdrawal", new { reason = "认定有误" }, Ct)).EnsureSuccessStatusCode();

        var mine = await Infrastructure.Records.AllAsync(own, uscc);
        using var refused = await other.GetAsync($"/api/enterprises/{uscc}/records", Ct);

        Assert.Equal([$"{provider}~PUB", $"{provider}~RST", $"{provider}~SHR"], mine.Select(r => r.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Object, mine.Single(r => r.GetProperty("id").GetString() == $"{provider}~RST").GetProperty("withdrawn").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task AGrantedApplicationRepairsTheRecordAsTheDirectRouteDoes()
    {
        var (uscc, provider, dept, regulator, enterprise) = await PenaltyAsync();
        using var _ = dept;
        using var __ = regulator;
        using var ___ = enterprise;
        var evidenceId = await EvidenceAsync(enterprise);

        using var submitted = await enterprise.PostAsJsonAsync("/api/repairs", Application(uscc, $"{provider}~P-1", evidenceId), Ct);
        var receipt = await submitted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var repairId = receipt.GetProperty("repairId").GetString()!;
        using var second = await enterprise.PostAsJsonAsync("/api/repairs", Application(uscc, $"{provider}~P-1", evidenceId), Ct);
        using var granted = await dept.PostAsJsonAsync($"/api/repairs/{repairId}/decision", new { outcome = "granted", note = "已整改，同意修复" }, Ct);
        using var twice = await dept.PostAsJsonAsync($"/api/repairs/{repairId}/decision", new { outcome = "refused", note = "再次决定" }, Ct);

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal("submitted", receipt.GetProperty("status").GetString());
        Assert.Equal(Day(WorkingDays.Add(Today, 10)), receipt.GetProperty("dueOn").GetString());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var record = (await Infrastructure.Records.AllAsync(regulator, uscc)).Single(r => r.GetProperty("id").GetString() == $"{provider}~P-1");
        var repair = record.GetProperty("repair");
        Assert.Equal(repairId, repair.GetProperty("documentNo").GetString());
        Assert.Equal("本企业承诺依法诚信经营", repair.GetProperty("commitment").GetProperty("text").GetString());
        Assert.Equal([evidenceId], repair.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        using var anonymous = host.Anonymous();
        Assert.DoesNotContain($"{provider}~P-1", await anonymous.GetStringAsync($"/api/public/enterprises/{uscc}", Ct), StringComparison.Ordinal);
        var listed = Assert.Single((await enterprise.GetFromJsonAsync<JsonElement>($"/api/repairs?uscc={uscc}", Ct)).EnumerateArray());
        Assert.Equal("granted", listed.GetProperty("status").GetString());
        Assert.Equal(provider, listed.GetProperty("decidedBy").GetString());
        Assert.Equal(["submitted", "granted"], listed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task ARefusedApplicationChangesNothingAndAnotherProviderCannotDecide()
    {
        var (uscc, provider, dept, regulator, enterprise) = await PenaltyAsync();
        using var _ = dept;
        using var __ = regulator;
        using var ___ = enterprise;
        using var stranger = await host.ClientAsync("self-stranger-" + Guid.NewGuid().ToString("N")[..8], AppRoles.DataProvider);
        using var otherEnterprise = await host.EnterpriseClientAsync(TestData.NewUscc());
        var evidenceId = await EvidenceAsync(enterprise);
        using var submitted = await enterprise.PostAsJsonAsync("/api/repairs", Application(uscc, $"{provider}~P-1", evidenceId), Ct);
        var repairId = (await submitted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("repairId").GetString()!;

        using var byStranger = await stranger.PostAsJsonAsync($"/api/repairs/{repairId}/decision", new { outcome = "granted" }, Ct);
        using var withoutNote = await dept.PostAsJsonAsync($"/api/repairs/{repairId}/decision", new { outcome = "refused" }, Ct);
        using var refused = await dept.PostAsJsonAsync($"/api/repairs/{repairId}/decision", new { outcome = "refused", note = "罚款尚未缴纳" }, Ct);
        using var readByOther = await otherEnterprise.GetAsync($"/api/repairs/{repairId}", Ct);
        using var listByOther = await otherEnterprise.GetAsync($"/api/repairs?uscc={uscc}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, byStranger.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutNote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readByOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listByOther.StatusCode);
        var record = (await Infrastructure.Records.AllAsync(regulator, uscc)).Single(r => r.GetProperty("id").GetString() == $"{provider}~P-1");
        Assert.Equal(JsonValueKind.Null, record.GetProperty("repair").ValueKind);
        using var anonymous = host.Anonymous();
        Assert.Contains($"{provider}~P-1", await anonymous.GetStringAsync($"/api/public/enterprises/{uscc}", Ct), StringComparison.Ordinal);
        var view = await enterprise.GetFromJsonAsync<JsonElement>($"/api/repairs/{repairId}", Ct);
        Assert.Equal("refused", view.GetProperty("status").GetString());
        Assert.Equal("罚款尚未缴纳", view.GetProperty("note").GetString());
    }

    [Fact]
    public async Task AnApplicationBeforeEligibilityIs409WithTheDayAndOneWithoutItsRequirementsIs422()
    {
        var uscc = TestData.NewUscc();
        var provider = "self-provider-" + Guid.NewGuid().ToString("N")[..8];
        using var dept = await host.ClientAsync(provider, AppRoles.DataProvider);
        using var regulator = await host.ClientAsync("self-regulator", AppRoles.Regulator);
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        (await dept.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "NEW", decisionDate: Day(Today.AddDays(-5))), Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 1);
        var evidenceId = await EvidenceAsync(enterprise);

        using var early = await enterprise.PostAsJsonAsync("/api/repairs", Application(uscc, $"{provider}~NEW", evidenceId), Ct);
        using var bare = await enterprise.PostAsJsonAsync("/api/repairs", new { uscc, target = new { kind = "record", id = $"{provider}~NEW" } }, Ct);
        using var missing = await enterprise.PostAsJsonAsync("/api/repairs", Application(uscc, $"{provider}~NONE", evidenceId), Ct);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var problem = await early.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", problem.GetProperty("repairEligibleFrom").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bare.StatusCode);
        var errors = (await bare.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["commitment", "evidence", "obligationsFulfilled"], errors);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<(string Uscc, string Provider, HttpClient Dept, HttpClient Regulator, HttpClient Enterprise)> PenaltyAsync()
    {
        var uscc = TestData.NewUscc();
        var provider = "self-provider-" + Guid.NewGuid().ToString("N")[..8];
        var dept = await host.ClientAsync(provider, AppRoles.DataProvider);
        var regulator = await host.ClientAsync("self-regulator", AppRoles.Regulator);
        var enterprise = await host.EnterpriseClientAsync(uscc);

        // A general penalty decided 200 days ago: repairable (3 months) and still public (12 months).
        // The tax rating keeps a public page after the penalty leaves it.
        (await dept.PostAsJsonAsync("/api/records", new[] { Infrastructure.Records.Penalty(uscc, "P-1", decisionDate: Day(Today.AddDays(-200))), Infrastructure.Records.TaxRating(uscc, "T-1") }, Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 2);
        return (uscc, provider, dept, regulator, enterprise);
    }

    private static async Task<string> EvidenceAsync(HttpClient enterprise)
    {
        using var content = new ByteArrayContent("%PDF-1.7\n罚款缴纳凭证（测试）\n"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var uploaded = await enterprise.PostAsync("/api/evidence", content, Ct);
        uploaded.EnsureSuccessStatusCode();
        return (await uploaded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("evidenceId").GetString()!;
    }

    private static object Application(string uscc, string recordId, string evidenceId) => new
    {
        uscc,
        target = new { kind = "record", id = recordId },
        commitment = new { text = "本企业承诺依法诚信经营", signedOn = Day(Today.AddDays(-1)) },
        obligationsFulfilled = true,
        evidence = new[] { evidenceId },
    };
}
