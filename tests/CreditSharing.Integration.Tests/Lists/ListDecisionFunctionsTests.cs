using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Lists;

/// <summary>Withdrawal (撤销), corrections and basis records of list entries, through the DevHost.</summary>
public sealed class ListDecisionFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private const string Provider = "provider-decisions";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    [Fact]
    public async Task AWithdrawnEntryLeavesThePublicListTheSnapshotAndTheSearchAndStaysInTheRegulatorsRead()
    {
        var uscc = TestData.NewUscc("411723");
        var idNumber = TestData.IdNumber("19710203");
        using var provider = await host.ClientAsync(Provider, "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        using var anonymous = host.Anonymous();
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "平舆县撤销测试商贸", legalRepresentative = new { name = "吴九", idNumber } }, Ct)).EnsureSuccessStatusCode();
        var entryId = await CreateAsync(provider, Entry(uscc, "black", "W-1", legalRepresentativeIncluded: true));
        Assert.Contains(entryId, await anonymous.GetStringAsync("/api/public/lists/black?county=411723&pageSize=500", Ct), StringComparison.Ordinal);

        using var withdrawn = await provider.PostAsJsonAsync($"/api/lists/entries/{uscc}/{entryId}/withdrawal", new { reason = "经行政复议，原认定决定被撤销", documentNo = "驻复决〔2026〕5号" }, Ct);
        using var twice = await provider.PostAsJsonAsync($"/api/lists/entries/{uscc}/{entryId}/withdrawal", new { reason = "再次撤销" }, Ct);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.DoesNotContain(entryId, await anonymous.GetStringAsync("/api/public/lists/black?county=411723&pageSize=500", Ct), StringComparison.Ordinal);
        using var found = await regulator.PostAsJsonAsync("/api/lists/legal-representatives/search", new { idNumber }, Ct);
        Assert.Empty((await found.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray());
        (await regulator.PostAsync("/api/lists/publish", null, Ct)).EnsureSuccessStatusCode();
        Assert.DoesNotContain(entryId, await anonymous.GetStringAsync("/api/public/lists/black/latest.csv", Ct), StringComparison.Ordinal);
        var entry = Assert.Single((await regulator.GetFromJsonAsync<JsonElement>($"/api/lists/entries?uscc={uscc}", Ct)).EnumerateArray());
        Assert.Equal("withdrawn", entry.GetProperty("endReason").GetString());
        Assert.Equal(Day(Today), entry.GetProperty("endedOn").GetString());
        var withdrawal = entry.GetProperty("withdrawn");
        Assert.Equal((Provider, "经行政复议，原认定决定被撤销", "驻复决〔2026〕5号"), (withdrawal.GetProperty("by").GetString(), withdrawal.GetProperty("reason").GetString(), withdrawal.GetProperty("documentNo").GetString()));
        Assert.True(withdrawal.TryGetProperty("at", out _));
        Assert.Equal(["listed", "withdrawn"], entry.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        var grade = await Eventually.GetAsync(
            async () =>
            {
                using var response = await regulator.GetAsync($"/api/enterprises/{uscc}/grade", Ct);
                var body = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(Ct) : default;
                return response.IsSuccessStatusCode && !body.GetProperty("listStatus").GetProperty("black").GetBoolean() ? new[] { body } : null;
            },
            what: "a grade without the withdrawn black entry");
        Assert.NotEqual("D", grade[0].GetProperty("grade").GetString());
    }

    [Fact]
    public async Task OnlyTheDecidingProviderOrARegulatorMayWithdrawAndBadReasonsAreRefused()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync(Provider, "DataProvider");
        using var other = await host.ClientAsync("provider-unrelated", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var entryId = await CreateAsync(provider, Entry(uscc, "red", "W-2"));
        var route = $"/api/lists/entries/{uscc}/{entryId}/withdrawal";

        using var byOther = await other.PostAsJsonAsync(route, new { reason = "我方认为有误" }, Ct);
        using var tooLong = await provider.PostAsJsonAsync(route, new { reason = new string('撤', 2_001) }, Ct);
        using var control = await provider.PostAsJsonAsync(route, new { reason = "撤销\u0000原因" }, Ct);
        using var missing = await provider.PostAsJsonAsync(route, new { documentNo = "驻复决〔2026〕6号" }, Ct);
        using var unknown = await regulator.PostAsJsonAsync($"/api/lists/entries/{uscc}/0123456789abcdef01234567/withdrawal", new { reason = "误报" }, Ct);
        using var byRegulator = await regulator.PostAsJsonAsync(route, new { reason = "发现认定错误" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        Assert.True((await control.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byRegulator.StatusCode);
        Assert.Equal("regulator-1", (await byRegulator.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("withdrawn").GetProperty("by").GetString());
    }

    [Fact]
    public async Task ResendingWithChangedFieldsCorrectsTheEntryAndThePublicListKeepingThePreviousValues()
    {
        var uscc = TestData.NewUscc("411724");
        using var provider = await host.ClientAsync(Provider, "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        using var anonymous = host.Anonymous();
        var body = Entry(uscc, "black", "C-1");
        var entryId = await CreateAsync(provider, body);

        using var same = await provider.PostAsJsonAsync("/api/lists/entries", body, Ct);
        body["reason"] = "拒不履行生效判决确定的义务";
        using var corrected = await provider.PostAsJsonAsync("/api/lists/entries", body, Ct);
        body["uscc"] = TestData.NewUscc("411724");
        using var moved = await provider.PostAsJsonAsync("/api/lists/entries", body, Ct);

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(1, (await same.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("revision").GetInt32());
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(2, (await corrected.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("revision").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        Assert.Contains(uscc, await moved.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var entry = Assert.Single((await regulator.GetFromJsonAsync<JsonElement>($"/api/lists/entries?uscc={uscc}", Ct)).EnumerateArray());
        Assert.Equal((2, "拒不履行生效判决确定的义务"), (entry.GetProperty("revision").GetInt32(), entry.GetProperty("reason").GetString()));
        var correction = entry.GetProperty("history")[1];
        Assert.Equal("corrected", correction.GetProperty("action").GetString());
        Assert.Equal("拒不履行法院判决", correction.GetProperty("previous").GetProperty("reason").GetString());
        var list = await anonymous.GetStringAsync("/api/public/lists/black?county=411724&pageSize=500", Ct);
        Assert.Contains("拒不履行生效判决确定的义务", list, StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse(list).RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("entryId").GetString() == entryId);
    }

    [Fact]
    public async Task KeepsWellFormedBasisRecordIdsAndRefusesMalformedOnesByPosition()
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync(Provider, "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var good = Entry(uscc, "watch", "BASIS-1");
        good["basisRecordIds"] = new[] { $"{Provider}~P-1", $"{Provider}~P-2" };
        var bad = Entry(uscc, "watch", "BASIS-2");
        bad["basisRecordIds"] = new[] { $"{Provider}~P-1", "no-separator" };

        await CreateAsync(provider, good);
        using var refused = await provider.PostAsJsonAsync("/api/lists/entries", bad, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["basisRecordIds[1]"], (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var entry = Assert.Single((await regulator.GetFromJsonAsync<JsonElement>($"/api/lists/entries?uscc={uscc}", Ct)).EnumerateArray());
        Assert.Equal([$"{Provider}~P-1", $"{Provider}~P-2"], entry.GetProperty("basisRecordIds").EnumerateArray().Select(i => i.GetString()));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> Entry(string uscc, string listType, string sourceId, bool legalRepresentativeIncluded = false) => new()
    {
        ["listType"] = listType,
        ["uscc"] = uscc,
        ["reason"] = listType == "red" ? "连续三年纳税信用A级" : "拒不履行法院判决",
        ["authority"] = "驻马店市中级人民法院",
        ["documentNo"] = "(2026)豫17执12号",
        ["decidedOn"] = Day(Today.AddDays(-3)),
        ["expiresOn"] = Day(Today.AddYears(2)),
        ["legalRepresentativeIncluded"] = legalRepresentativeIncluded,
        ["sourceId"] = sourceId,
    };

    private static async Task<string> CreateAsync(HttpClient client, Dictionary<string, object?> entry)
    {
        using var response = await client.PostAsJsonAsync("/api/lists/entries", entry, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("entryId").GetString()!;
    }
}
