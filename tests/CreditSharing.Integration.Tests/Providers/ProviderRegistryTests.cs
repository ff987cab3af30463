using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CreditSharing.Core.Providers;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Providers;

/// <summary>The provider registry: who may send which categories, decide which lists and keep profiles; every write by a DataProvider is checked.</summary>
public sealed class ProviderRegistryTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProviderInput Rights(string[] categories, string[] listTypes, bool profiles = false)
        => new("驻马店市税务局", null, categories, listTypes, profiles);

    private static object ListEntry(string uscc, string listType, string sourceId) => new
    {
        listType,
        uscc,
        reason = "拒不履行行政处罚决定",
        authority = "驻马店市市场监督管理局",
        documentNo = $"驻市监名〔2026〕{sourceId}号",
        decidedOn = "2026-06-01",
        expiresOn = "2027-06-01",
        sourceId,
    };

    [Fact]
    public async Task RefusesAnUnregisteredProviderNamingTheRegistryOnEveryWrite()
    {
        var uscc = TestData.NewUscc();
        using var stranger = await host.UnregisteredProviderClientAsync("sw-unregistered");
        using var csv = new StringContent($"sourceId,uscc,category,title,decisionDate,authority,disclosure\nU-1,{uscc},honour,诚信商户,2026-04-01,驻马店市商务局,public\n", Encoding.UTF8, "text/csv");

        HttpResponseMessage[] answers =
        [
            await stranger.PostAsJsonAsync("/api/records", new[] { Infrastructure.Records.TaxRating(uscc, "U-1") }, Ct),
            await stranger.PostAsJsonAsync("/api/lists/entries", ListEntry(uscc, "black", "U-1"), Ct),
            await stranger.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驻马店市未登记测试商行" }, Ct),
            await stranger.PostAsJsonAsync("/api/enterprises", new[] { new { uscc, name = "驻马店市未登记测试商行" } }, Ct),
            await stranger.PostAsync("/api/imports", csv, Ct),
            await stranger.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷鲜猪肉", producerUscc = uscc, storage = "chilled" }, Ct),
        ];

        foreach (var answer in answers)
        {
            using (answer)
            {
                Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
                var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
                Assert.Contains("Provider sw-unregistered is not in the provider registry", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                Assert.Contains("PUT /api/providers/sw-unregistered", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        using var regulator = await host.ClientAsync("reg-unregistered", "Regulator");
        using var profile = await regulator.GetAsync($"/api/enterprises/{uscc}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, profile.StatusCode);
    }

    [Fact]
    public async Task RejectsARecordOfACategoryTheProviderMayNotSendNamingTheCategory()
    {
        var uscc = TestData.NewUscc();
        var untouched = TestData.NewUscc();
        using var tax = await host.RestrictedProviderClientAsync("sw-tax-only", Rights(["tax-rating"], []));
        using var regulator = await host.ClientAsync("reg-categories", "Regulator");

        using var mixed = await tax.PostAsJsonAsync("/api/records", new[] { Infrastructure.Records.TaxRating(uscc, "C-1"), Infrastructure.Records.Penalty(uscc, "C-2") }, Ct);
        using var refused = await tax.PostAsJsonAsync("/api/records", new[] { Infrastructure.Records.Penalty(untouched, "C-3") }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, mixed.StatusCode);
        var receipt = await mixed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        var rejected = receipt.GetProperty("rejected").EnumerateArray().Single();
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        var error = rejected.GetProperty("errors").GetProperty("category")[0].GetString();
        Assert.Contains("'penalty'", error, StringComparison.Ordinal);
        Assert.Contains("tax-rating", error, StringComparison.Ordinal);
        Assert.Equal(["category"], (await Refusals.AssertRefusedAsync(refused))[0]);
        var stored = await Infrastructure.Records.WaitForAsync(regulator, uscc, 1);
        Assert.Equal("tax-rating", Assert.Single(stored).GetProperty("category").GetString());
        Assert.Empty(await Infrastructure.Records.AllAsync(regulator, untouched));
    }

    [Fact]
    public async Task RejectsAnImportLineOfACategoryTheProviderMayNotSend()
    {
        var uscc = TestData.NewUscc();
        using var tax = await host.RestrictedProviderClientAsync("sw-tax-import", Rights(["tax-rating"], []));
        using var csv = new StringContent(
            $"sourceId,uscc,category,title,decisionDate,authority,rating,disclosure\nI-1,{uscc},tax-rating,2025年度纳税信用评价,2026-04-15,国家税务总局驻马店市税务局,A,public\nI-2,{uscc},honour,诚信商户,2026-04-01,驻马店市商务局,,public\n",
            Encoding.UTF8,
            "text/csv");

        using var upload = await tax.PostAsync("/api/imports", csv, Ct);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var location = upload.Headers.Location!.ToString();
        var done = await Eventually.GetAsync<JsonElement?>(
            async () =>
            {
                var view = await tax.GetFromJsonAsync<JsonElement>(location, Ct);
                return view.GetProperty("status").GetString() == "completed" ? view : null;
            },
            what: "the import to complete");

        Assert.Equal(1, done!.Value.GetProperty("accepted").GetInt32());
        var line = Assert.Single(done.Value.GetProperty("rejectedLines").EnumerateArray());
        Assert.Equal(3, line.GetProperty("line").GetInt32());
        Assert.Contains("'honour'", line.GetProperty("errors").GetProperty("category")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAListEntryOfATypeTheProviderMayNotDecide()
    {
        var uscc = TestData.NewUscc();
        using var commerce = await host.RestrictedProviderClientAsync("sw-red-only", Rights([], ["red"]));

        using var black = await commerce.PostAsJsonAsync("/api/lists/entries", ListEntry(uscc, "black", "L-1"), Ct);
        using var red = await commerce.PostAsJsonAsync("/api/lists/entries", ListEntry(uscc, "red", "L-2"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, black.StatusCode);
        Assert.Contains("may not decide black list entries", (await black.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, red.StatusCode);
        using var regulator = await host.ClientAsync("reg-lists", "Regulator");
        var entries = await regulator.GetFromJsonAsync<JsonElement>($"/api/lists/entries?uscc={uscc}", Ct);
        Assert.Equal("red", Assert.Single(entries.EnumerateArray()).GetProperty("listType").GetString());
    }

    [Fact]
    public async Task LetsOnlyARegistrationAuthorityCreateOrChangeProfiles()
    {
        var uscc = TestData.NewUscc();
        using var tax = await host.RestrictedProviderClientAsync("sw-no-profiles", Rights(["tax-rating"], [], profiles: false));
        using var authority = await host.RestrictedProviderClientAsync("sw-profiles", Rights([], [], profiles: true));

        using var put = await tax.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驻马店市天中测试商行" }, Ct);
        using var batch = await tax.PostAsJsonAsync("/api/enterprises", new[] { new { uscc, name = "驻马店市天中测试商行" } }, Ct);
        using var registered = await authority.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驻马店市天中测试商行" }, Ct);
        using var overwrite = await tax.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "另一个名称" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("profiles: false", (await put.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, batch.StatusCode);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, overwrite.StatusCode);
        using var regulator = await host.ClientAsync("reg-profiles", "Regulator");
        var profile = await regulator.GetFromJsonAsync<JsonElement>($"/api/enterprises/{uscc}", Ct);
        Assert.Equal("驻马店市天中测试商行", profile.GetProperty("name").GetString());
    }

    [Fact]
    public async Task KeepsEveryRegistryChangeWithWhoMadeItAndWhen()
    {
        using var first = await host.ClientAsync("reg-first", "Regulator");
        using var second = await host.ClientAsync("reg-second", "Regulator");
        var before = await host.ClockAsync();

        using var created = await first.PutAsJsonAsync("/api/providers/sw-history", Rights(["tax-rating"], []), Ct);
        using var changed = await second.PutAsJsonAsync("/api/providers/sw-history", Rights(["tax-rating", "penalty"], ["watch"]), Ct);
        using var repeated = await second.PutAsJsonAsync("/api/providers/sw-history", Rights(["penalty", "tax-rating"], ["watch"]), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var entry = await first.GetFromJsonAsync<JsonElement>("/api/providers/sw-history", Ct);
        Assert.Equal(2, entry.GetProperty("revision").GetInt32());
        Assert.Equal("reg-second", entry.GetProperty("updatedBy").GetString());
        Assert.Equal(["tax-rating", "penalty"], entry.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var history = entry.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([(1, "reg-first"), (2, "reg-second")], history.Select(h => (h.GetProperty("revision").GetInt32(), h.GetProperty("by").GetString())));
        Assert.All(history, h => Assert.True(h.GetProperty("at").GetDateTimeOffset() >= before.AddSeconds(-1)));
        Assert.Equal(["tax-rating"], history[0].GetProperty("categories").EnumerateArray().Select(c => c.GetString()));

        var all = await first.GetFromJsonAsync<JsonElement>("/api/providers", Ct);
        Assert.Contains(all.EnumerateArray(), p => p.GetProperty("providerId").GetString() == "sw-history");
        using var own = await host.UnregisteredProviderClientAsync("sw-history");
        using var other = await host.UnregisteredProviderClientAsync("sw-someone-else");
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync("/api/providers/sw-history", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/providers/sw-history", Ct)).StatusCode);
    }

    [Fact]
    public async Task RefusesAnInvalidRegistrationNamingEachField()
    {
        using var regulator = await host.ClientAsync("reg-invalid", "Regulator");

        using var invalid = await regulator.PutAsJsonAsync(
            "/api/providers/sw-invalid",
            new { name = "", authorityUscc = "91411702MA6ULN0X2X", categories = new[] { "penalty", "bribery", "penalty" }, listTypes = new[] { "grey" }, profiles = true },
            Ct);
        using var longId = await regulator.PutAsJsonAsync($"/api/providers/{new string('p', 129)}", Rights(["penalty"], []), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["authorityUscc", "categories[1]", "categories[2]", "listTypes[0]", "name"], errors);
        Assert.Equal(HttpStatusCode.BadRequest, longId.StatusCode);
        Assert.True((await longId.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("providerId", out _));
        using var missing = await regulator.GetAsync("/api/providers/sw-invalid", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
