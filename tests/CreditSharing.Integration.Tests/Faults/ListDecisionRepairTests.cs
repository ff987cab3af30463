using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Lists;

namespace CreditSharing.Integration.Tests.Faults;

/// <summary>
/// A list decision is several writes. These tests leave exactly what a failure after the first write
/// leaves (the <c>ListEntries</c> row, pending, written by the product's own store; no public row, no
/// representative row, no re-grade), or a repair whose public row was never deleted, and show the
/// provider's retry and the daily run finishing the work.
/// </summary>
public sealed class ListDecisionRepairTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private const string Provider = "provider-fault";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => CityClock.Today(TimeProvider.System);

    [Fact]
    public async Task TheProvidersRetryFinishesADecisionInterruptedAfterItsFirstWriteAndAnswersCreated()
    {
        var uscc = TestData.NewUscc("411727");
        var idNumber = TestData.IdNumber("19720304");
        using var provider = await host.ClientAsync(Provider, "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        using var anonymous = host.Anonymous();
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "汝南县中断测试商贸", legalRepresentative = new { name = "郑十", idNumber } }, Ct)).EnsureSuccessStatusCode();
        var body = Entry(uscc, "FAULT-RETRY");
        var entryId = await FirstWriteOnlyAsync(body);
        Assert.DoesNotContain(entryId, await anonymous.GetStringAsync("/api/public/lists/black?county=411727&pageSize=500", Ct), StringComparison.Ordinal);

        using var retry = await provider.PostAsJsonAsync("/api/lists/entries", body, Ct);
        using var again = await provider.PostAsJsonAsync("/api/lists/entries", body, Ct);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(entryId, (await retry.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("entryId").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("created").GetBoolean());
        Assert.Contains(entryId, await anonymous.GetStringAsync("/api/public/lists/black?county=411727&pageSize=500", Ct), StringComparison.Ordinal);
        using var found = await regulator.PostAsJsonAsync("/api/lists/legal-representatives/search", new { idNumber }, Ct);
        var match = Assert.Single((await found.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray());
        Assert.Equal(uscc, match.GetProperty("uscc").GetString());
        Assert.Null((await Store().GetAsync(uscc, entryId, Ct))!.Pending);
        await Eventually.GetAsync(
            async () =>
            {
                using var response = await regulator.GetAsync($"/api/enterprises/{uscc}/grade", Ct);
                return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("grade").GetString() == "D" ? new[] { true } : null;
            },
            what: "grade D after the retry");
    }

    [Fact]
    public async Task TheDailyRunFinishesADecisionInterruptedAfterItsFirstWriteAndCountsTheMend()
    {
        var uscc = TestData.NewUscc("411728");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        using var anonymous = host.Anonymous();
        var entryId = await FirstWriteOnlyAsync(Entry(uscc, "FAULT-DAILY"));

        using var published = await regulator.PostAsync("/api/lists/publish", null, Ct);

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var mended = (await published.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("mended");
        Assert.True(mended.GetProperty("pendingCompleted").GetInt32() >= 1, mended.GetRawText());
        Assert.Contains(entryId, await anonymous.GetStringAsync("/api/public/lists/black?county=411728&pageSize=500", Ct), StringComparison.Ordinal);
        Assert.Contains(entryId, await anonymous.GetStringAsync("/api/public/lists/black/latest.csv", Ct), StringComparison.Ordinal);
        Assert.Null((await Store().GetAsync(uscc, entryId, Ct))!.Pending);
    }

    [Fact]
    public async Task TheDailyRunRemovesThePublicRowARepairLeftBehindFromTheListAndTheSnapshot()
    {
        var uscc = TestData.NewUscc("411729");
        using var provider = await host.ClientAsync(Provider, "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        using var anonymous = host.Anonymous();
        using var created = await provider.PostAsJsonAsync("/api/lists/entries", Entry(uscc, "FAULT-REPAIR", "red"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entryId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("entryId").GetString()!;
        // A repair's first write (the entry ended) without its second (the public row deleted).
        var store = Store();
        var stored = (await store.GetAsync(uscc, entryId, Ct))!;
        await store.UpdateAsync(stored with { Entry = stored.Entry with { EndedOn = Today, EndReason = "repaired" } }, Ct);
        Assert.Contains(entryId, await anonymous.GetStringAsync("/api/public/lists/red?county=411729&pageSize=500", Ct), StringComparison.Ordinal);

        using var published = await regulator.PostAsync("/api/lists/publish", null, Ct);

        var mended = (await published.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("mended");
        Assert.True(mended.GetProperty("publicRowsRemoved").GetInt32() >= 1, mended.GetRawText());
        Assert.DoesNotContain(entryId, await anonymous.GetStringAsync("/api/public/lists/red?county=411729&pageSize=500", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(entryId, await anonymous.GetStringAsync("/api/public/lists/red/latest.csv", Ct), StringComparison.Ordinal);
    }

    /// <summary>Stores the entry as the product's first write does (pending) and nothing else.</summary>
    private async Task<string> FirstWriteOnlyAsync(Dictionary<string, object?> body)
    {
        var input = JsonSerializer.Deserialize<ListEntryInput>(JsonSerializer.Serialize(body), WireJson.Options);
        var (entry, errors) = ListEntryValidator.Validate(input, Provider, CreditRules.Default.Lists, Today, DateTimeOffset.UtcNow);
        Assert.True(errors.IsEmpty);
        Assert.True((await Store().TryAddAsync(entry!, Ct)).Added);
        Assert.Equal(ListDecisions.Listed, (await Store().GetAsync(entry!.Uscc, entry.Id, Ct))!.Pending);
        return entry.Id;
    }

    private ListEntryTableStore Store() => new(new TableServiceClient(host.ConnectionString), host.Names);

    private static Dictionary<string, object?> Entry(string uscc, string sourceId, string listType = "black") => new()
    {
        ["listType"] = listType,
        ["uscc"] = uscc,
        ["reason"] = listType == "red" ? "连续三年纳税信用A级" : "拒不履行法院判决",
        ["authority"] = "驻马店市中级人民法院",
        ["documentNo"] = "(2026)豫17执34号",
        ["decidedOn"] = Today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["expiresOn"] = Today.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["legalRepresentativeIncluded"] = true,
        ["sourceId"] = sourceId,
    };
}
