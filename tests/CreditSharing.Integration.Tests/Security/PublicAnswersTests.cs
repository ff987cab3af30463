using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.OpenApi;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Security;

/// <summary>Every anonymous GET, over an enterprise whose legal representative has an ID number, must not reveal it.</summary>
public sealed class PublicAnswersTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoAnonymousAnswerHoldsAnIdNumber()
    {
        var uscc = TestData.NewUscc("411702");
        var today = CityClock.Today(TimeProvider.System);
        using var provider = await host.ClientAsync("provider-market", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", new { name = "驿城区公开测试商行", legalRepresentative = new { name = "郑十", idNumber = TestData.IdNumber("19881111") } }, Ct)).EnsureSuccessStatusCode();
        (await provider.PostAsJsonAsync("/api/records", Infrastructure.Records.Penalty(uscc, "PUB-1", decisionDate: today.AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Ct)).EnsureSuccessStatusCode();
        foreach (var listType in new[] { "red", "black" })
        {
            (await provider.PostAsJsonAsync("/api/lists/entries", new
            {
                listType,
                uscc,
                reason = "测试",
                authority = "驻马店市发展和改革委员会",
                documentNo = "驻发改信〔2026〕1号",
                decidedOn = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                expiresOn = today.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                legalRepresentativeIncluded = true,
                sourceId = "PUB-" + listType,
            }, Ct)).EnsureSuccessStatusCode();
        }

        (await regulator.PostAsync("/api/lists/publish", null, Ct)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => (await regulator.GetAsync($"/api/enterprises/{uscc}/grade", Ct)).IsSuccessStatusCode, what: "the grade");
        var plan = await (await regulator.PostAsJsonAsync("/api/inspections/plans", new { county = "411702" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var producer = await host.EnterpriseClientAsync(uscc);
        var code = (await (await producer.PostAsJsonAsync("/api/trace/codes", new { category = "pork", productName = "冷鲜猪肉", producerUscc = uscc, storage = "chilled" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
        (await producer.PostAsJsonAsync($"/api/trace/codes/{code}/events", new { step = "produce", actorUscc = uscc, occurredAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O"), location = "驿城区屠宰场", sourceId = "PUB-E1" }, Ct)).EnsureSuccessStatusCode();
        var values = new Dictionary<string, string>
        {
            ["uscc"] = uscc,
            ["listType"] = "black",
            ["planId"] = plan.GetProperty("planId").GetString()!,
            ["code"] = code,
            ["reportNo"] = "CR20260101ABCDEFGHJKMNPQRS",
        };

        using var anonymous = host.Anonymous();
        var checkedRoutes = new List<string>();
        foreach (var function in new FunctionCatalog().Http.Where(f => AccessPolicy.Of(f.Method).Anonymous && f.HttpMethods.Contains("GET")))
        {
            var path = OpenApiDocumentBuilder.PathOf(function.Route!);
            foreach (var (name, value) in values)
            {
                path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("{", path, StringComparison.Ordinal);
            using var response = await anonymous.GetAsync(path, Ct);
            PublicAnswers.HoldNoIdNumber(await response.Content.ReadAsStringAsync(Ct));
            checkedRoutes.Add(path);
        }

        Assert.Contains($"/api/public/enterprises/{uscc}", checkedRoutes);
        Assert.Contains("/api/public/lists/black/latest.csv", checkedRoutes);
        Assert.Contains($"/t/{code}", checkedRoutes);
        Assert.Contains($"/e/{uscc}", checkedRoutes);
        Assert.Contains("/lists", checkedRoutes);
    }
}
