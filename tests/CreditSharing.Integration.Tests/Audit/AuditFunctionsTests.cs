using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Audit;

/// <summary>
/// Regulators' reads of profiles, records, list entries and searches by legal representative leave an
/// audit row; only an Auditor reads the log. Each test uses its own enterprise and its own actor.
/// </summary>
public sealed class AuditFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AProfileReadLeavesARowWithActorUsccAndReason()
    {
        var uscc = await RegisterAsync("王一", TestData.IdNumber("19800102"));
        using var regulator = await host.ClientAsync("reg-audit-profile", "Regulator");

        using var read = await regulator.GetAsync($"/api/enterprises/{uscc.ToLowerInvariant()}?reason={Uri.EscapeDataString("案件 2027-17")}", Ct);
        var rows = await AuditAsync($"actor=reg-audit-profile");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var row = Assert.Single(rows);
        Assert.Equal("enterprises.read", row.GetProperty("action").GetString());
        Assert.Equal(uscc, row.GetProperty("uscc").GetString());
        Assert.Equal("案件 2027-17", row.GetProperty("reason").GetString());
        Assert.Equal("Regulator", row.GetProperty("role").GetString());
        Assert.True(row.GetProperty("at").GetDateTimeOffset() <= DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task RecordAndListReadsLeaveRowsAnAuditorFindsByUscc()
    {
        var uscc = await RegisterAsync("王二", TestData.IdNumber("19800103"));
        using var regulator = await host.ClientAsync("reg-audit-records", "Regulator");

        using var records = await regulator.GetAsync($"/api/enterprises/{uscc}/records?reason=inspection", Ct);
        using var entries = await regulator.GetAsync($"/api/lists/entries?uscc={uscc}", Ct);
        var rows = await AuditAsync($"uscc={uscc}");

        Assert.Equal(HttpStatusCode.OK, records.StatusCode);
        Assert.Equal(HttpStatusCode.OK, entries.StatusCode);
        Assert.Equal(["lists.entries.read", "records.read"], rows.Select(r => r.GetProperty("action").GetString()).ToArray());
        Assert.All(rows, r => Assert.Equal("reg-audit-records", r.GetProperty("actor").GetString()));
        Assert.Equal("inspection", rows[1].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("reason").ValueKind);
    }

    [Fact]
    public async Task ARepresentativeSearchRecordsTheMaskedNumberNeverTheNumber()
    {
        var idNumber = TestData.IdNumber("19800104");
        using var regulator = await host.ClientAsync("reg-audit-search", "Regulator");

        using var search = await regulator.PostAsJsonAsync("/api/lists/legal-representatives/search?reason=%E8%81%94%E5%90%88%E6%83%A9%E6%88%92", new { idNumber }, Ct);
        var rows = await AuditAsync("actor=reg-audit-search");

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var row = Assert.Single(rows);
        Assert.Equal("representatives.search", row.GetProperty("action").GetString());
        Assert.Equal("联合惩戒", row.GetProperty("reason").GetString());
        var target = row.GetProperty("target").GetString()!;
        Assert.StartsWith(idNumber[..6] + "********" + idNumber[^4..] + " hmac:", target, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, row.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuditorFiltersByPeriod()
    {
        var uscc = await RegisterAsync("王三", TestData.IdNumber("19800105"));
        using var regulator = await host.ClientAsync("reg-audit-period", "Regulator");
        using var read = await regulator.GetAsync($"/api/enterprises/{uscc}", Ct);
        var today = DateOnly.FromDateTime((await host.ClockAsync()).ToOffset(TimeSpan.FromHours(8)).DateTime);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var thatDay = await AuditAsync($"actor=reg-audit-period&from={Day(today)}&to={Day(today)}");
        var before = await AuditAsync($"actor=reg-audit-period&from={Day(today.AddDays(-10))}&to={Day(today.AddDays(-1))}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Single(thatDay);
        Assert.Empty(before);
    }

    [Fact]
    public async Task ARegulatorCannotReadTheLog()
    {
        using var regulator = await host.ClientAsync("reg-audit-denied", "Regulator");

        using var answer = await regulator.GetAsync("/api/audit", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }

    [Fact]
    public async Task PublicReadsAndProvidersOwnReadsWriteNothing()
    {
        var uscc = await RegisterAsync("王四", TestData.IdNumber("19800106"));
        using var anonymous = host.Anonymous();
        using var provider = await host.ClientAsync("sw-audit", "DataProvider");

        using var page = await anonymous.GetAsync($"/api/public/enterprises/{uscc}", Ct);
        using var own = await provider.GetAsync($"/api/enterprises/{uscc}/records", Ct);
        var rows = await AuditAsync($"uscc={uscc}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Empty(rows);
    }

    [Fact]
    public async Task AReasonWithControlCharactersIsA400NamingItAndReadsNothing()
    {
        var uscc = await RegisterAsync("王五", TestData.IdNumber("19800107"));
        using var regulator = await host.ClientAsync("reg-audit-badreason", "Regulator");

        using var answer = await regulator.GetAsync($"/api/enterprises/{uscc}?reason=a%0Db", Ct);
        var rows = await AuditAsync("actor=reg-audit-badreason");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Empty(rows);
    }

    [Fact]
    public async Task PagesThroughTheLogWithAContinuationToken()
    {
        var uscc = await RegisterAsync("王六", TestData.IdNumber("19800108"));
        using var regulator = await host.ClientAsync("reg-audit-pages", "Regulator");
        for (var i = 0; i < 3; i++)
        {
            using var _ = await regulator.GetAsync($"/api/enterprises/{uscc}?reason=r{i}", Ct);
        }

        using var auditor = await host.ClientAsync("aud-pages", "Auditor");
        var first = await auditor.GetFromJsonAsync<JsonElement>("/api/audit?actor=reg-audit-pages&pageSize=2", Ct);
        var token = first.GetProperty("continuationToken").GetString();
        var second = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?actor=reg-audit-pages&pageSize=2&continuationToken={Uri.EscapeDataString(token!)}", Ct);

        var reasons = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(r => r.GetProperty("reason").GetString()).ToArray();
        Assert.Equal(["r2", "r1", "r0"], reasons);
    }

    private async Task<string> RegisterAsync(string name, string idNumber)
    {
        var uscc = TestData.NewUscc();
        using var provider = await host.ClientAsync("sw-audit", "DataProvider");
        using var put = await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驻马店市审计测试有限公司", legalRepresentative = new { name, idNumber }, industry = "批发和零售业" }, Ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return uscc;
    }

    private async Task<List<JsonElement>> AuditAsync(string query)
    {
        using var auditor = await host.ClientAsync("aud-1", "Auditor");
        using var answer = await auditor.GetAsync($"/api/audit?{query}", Ct);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, body.GetRawText());
        return body.GetProperty("items").EnumerateArray().ToList();
    }
}
