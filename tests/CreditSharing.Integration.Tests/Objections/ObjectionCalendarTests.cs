using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Objections;

/// <summary>
/// An objection's <c>dueOn</c> over a national holiday, and <c>overdue</c> after the DevHost clock
/// moves past it. Its own class: the clock only moves forward, and the fixture is per class.
/// </summary>
public sealed class ObjectionCalendarTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CountsDueOnInWorkingDaysOverNewYearAndListsTheObjectionOverdueOnceThatDayHasPassed()
    {
        // 2026-12-31 (Thursday) + 7 working days, 2027-01-01 元旦 off: 2027-01-12.
        await host.SetClockAsync(new DateTimeOffset(2026, 12, 31, 10, 0, 0, CityClock.Offset));
        var uscc = TestData.NewUscc();
        var provider = "obj-cal-" + Guid.NewGuid().ToString("N")[..8];
        using var dept = await host.ClientAsync(provider, "DataProvider");
        using var regulator = await host.ClientAsync("obj-regulator", "Regulator");
        using var enterprise = await host.EnterpriseClientAsync(uscc);
        (await dept.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "P-1", decisionDate: "2026-12-01"), Ct)).EnsureSuccessStatusCode();
        await Infrastructure.Records.WaitForAsync(regulator, uscc, 1);

        using var filed = await enterprise.PostAsJsonAsync("/api/objections", new { uscc, target = new { kind = "record", id = $"{provider}~P-1" }, reason = "处罚对象错误。" }, Ct);
        var receipt = await filed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = receipt.GetProperty("objectionId").GetString()!;
        var overdueOnDueDay = await OverdueAsync(regulator, provider, id, new DateTimeOffset(2027, 1, 12, 18, 0, 0, CityClock.Offset));
        var overdueDayAfter = await OverdueAsync(regulator, provider, id, new DateTimeOffset(2027, 1, 13, 9, 0, 0, CityClock.Offset));
        var read = await enterprise.GetFromJsonAsync<JsonElement>($"/api/objections/{id}", Ct);

        Assert.Equal("2027-01-12", receipt.GetProperty("dueOn").GetString());
        Assert.Equal(new DateOnly(2027, 1, 12), WorkingDays.Add(new DateOnly(2026, 12, 31), 7));
        Assert.False(overdueOnDueDay);
        Assert.True(overdueDayAfter);
        Assert.Equal(("open", true), (read.GetProperty("status").GetString(), read.GetProperty("overdue").GetBoolean()));
    }

    private async Task<bool> OverdueAsync(HttpClient regulator, string provider, string id, DateTimeOffset at)
    {
        await host.SetClockAsync(at);
        var page = await regulator.GetFromJsonAsync<JsonElement>($"/api/objections?status=overdue&providerId={Uri.EscapeDataString(provider)}", Ct);
        return page.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("objectionId").GetString() == id && i.GetProperty("overdue").GetBoolean());
    }
}
