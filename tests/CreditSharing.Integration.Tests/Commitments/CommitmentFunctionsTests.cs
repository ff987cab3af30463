using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Commitments;

/// <summary>信用承诺 through the DevHost: filing, the public page, breach by a later penalty, none by an earlier one, un-breach by withdrawal.</summary>
public sealed class CommitmentFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACommitmentIsPublicBreachedByALaterPenaltyNotByAnEarlierOneAndUnbreachedByWithdrawal()
    {
        var uscc = TestData.NewUscc();
        var provider = "cmt-provider-" + Guid.NewGuid().ToString("N")[..8];
        using var dept = await host.ClientAsync(provider, "DataProvider");
        using var regulator = await host.ClientAsync("cmt-regulator", "Regulator");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        var start = await host.ClockAsync();
        var today = DateOnly.FromDateTime(start.ToOffset(TimeSpan.FromHours(8)).DateTime);
        (await dept.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驿城区承诺测试商行" }, Ct)).EnsureSuccessStatusCode();
        await RecordsAsync(dept, regulator, uscc, 1, Infrastructure.Records.Penalty(uscc, "P-EARLY", decisionDate: Day(today.AddDays(-10))));

        // Filed after an already-stored penalty: not breached by it.
        using var filed = await enterprise.PostAsJsonAsync("/api/commitments", new { uscc, kind = "主动承诺", text = "本企业承诺依法诚信经营，不销售假冒伪劣商品。", dueOn = Day(today.AddYears(1)) }, Ct);
        var commitment = await filed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = commitment.GetProperty("commitmentId").GetString()!;
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal(("active", true), (commitment.GetProperty("status").GetString(), commitment.GetProperty("public").GetBoolean()));
        var publicPage = await host.Anonymous().GetFromJsonAsync<JsonElement>($"/api/public/enterprises/{uscc}", Ct);
        var shown = Assert.Single(publicPage.GetProperty("commitments").EnumerateArray());
        Assert.Equal(("主动承诺", "active"), (shown.GetProperty("kind").GetString(), shown.GetProperty("status").GetString()));
        Assert.Contains("不销售假冒伪劣商品", await host.Anonymous().GetStringAsync($"/e/{uscc}", Ct), StringComparison.Ordinal);

        // A penalty decided after the signing day breaches it, and the grade counts the breach.
        await host.SetClockAsync(start.AddDays(3));
        await RecordsAsync(dept, regulator, uscc, 2, Infrastructure.Records.Penalty(uscc, "P-LATE", decisionDate: Day(today.AddDays(2))));
        var breached = await StatusAsync(enterprise, uscc, id);
        Assert.Equal(("breached", $"{provider}~P-LATE"), breached);
        await Eventually.GetAsync(async () => HasBreachFactor(await Grades.TryGetAsync(regulator, uscc), id) ? true : (bool?)null, what: "a commitment-breach grade factor");
        Assert.Equal(breached, await StatusAsync(regulator, uscc, id));

        // Withdrawn (撤销), the penalty breaches nothing, and the factor goes.
        using var withdrawn = await dept.PostAsJsonAsync($"/api/enterprises/{uscc}/records/{provider}~P-LATE/withdrawal", new { reason = "行政复议决定撤销原处罚决定" }, Ct);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(("active", (string?)null), await StatusAsync(enterprise, uscc, id));
        await Eventually.GetAsync(async () => HasBreachFactor(await Grades.TryGetAsync(regulator, uscc), id) ? null : (bool?)true, what: "no commitment-breach grade factor");
    }

    [Fact]
    public async Task RefusesBadCommitmentsAndOtherEnterprises()
    {
        var uscc = TestData.NewUscc();
        var otherUscc = TestData.NewUscc("411721");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        using var other = await host.EnterpriseClientAsync(otherUscc);
        using var dept = await host.ClientAsync("cmt-bad-" + Guid.NewGuid().ToString("N")[..8], "DataProvider");
        (await dept.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驿城区承诺校验商行" }, Ct)).EnsureSuccessStatusCode();
        using var filed = await enterprise.PostAsJsonAsync("/api/commitments", new { uscc, kind = "行业承诺", text = "遵守行业自律公约。" }, Ct);
        var id = (await filed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("commitmentId").GetString()!;

        using var someoneElses = await other.PostAsJsonAsync("/api/commitments", new { uscc, kind = "主动承诺", text = "t" }, Ct);
        using var readOther = await other.GetAsync($"/api/commitments/{id}", Ct);
        using var listOther = await other.GetAsync($"/api/commitments?uscc={uscc}", Ct);
        using var noLicence = await enterprise.PostAsJsonAsync("/api/commitments", new { uscc, kind = "告知承诺", text = "t" }, Ct);
        using var pastDue = await enterprise.PostAsJsonAsync("/api/commitments", new { uscc, kind = "主动承诺", text = "t", dueOn = "2020-01-01" }, Ct);
        using var controls = await enterprise.PostAsJsonAsync("/api/commitments", new { uscc, kind = "主动承诺", text = "承诺\u001b[31m" }, Ct);
        var publicPage = await host.Anonymous().GetFromJsonAsync<JsonElement>($"/api/public/enterprises/{uscc}", Ct);

        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, someoneElses.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listOther.StatusCode);
        await AssertFieldAsync(noLicence, "licenceRecordId");
        await AssertFieldAsync(pastDue, "dueOn");
        await AssertFieldAsync(controls, "text");
        Assert.Empty(publicPage.GetProperty("commitments").EnumerateArray());
    }

    private static async Task RecordsAsync(HttpClient dept, HttpClient regulator, string uscc, int total, params Dictionary<string, object?>[] records)
    {
        (await dept.PostAsJsonAsync("/api/records", records, Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, total);
    }

    private static async Task<(string? Status, string? BreachedBy)> StatusAsync(HttpClient client, string uscc, string id)
    {
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/commitments?uscc={uscc}", Ct);
        var c = list.EnumerateArray().Single(x => x.GetProperty("commitmentId").GetString() == id);
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/commitments/{id}", Ct);
        Assert.Equal(c.GetProperty("status").GetString(), one.GetProperty("status").GetString());
        return (c.GetProperty("status").GetString(), c.TryGetProperty("breachedBy", out var by) && by.ValueKind == JsonValueKind.String ? by.GetString() : null);
    }

    private static bool HasBreachFactor(JsonElement? grade, string commitmentId)
        => grade is { } g && g.GetProperty("factors").EnumerateArray().Any(f => f.GetProperty("rule").GetString() == "commitment-breach"
                                                                                 && f.GetProperty("recordIds").EnumerateArray().Any(i => i.GetString() == commitmentId));

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
