using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Inspections;

/// <summary>Its own DevHost (and so its own graded population): a plan draws from every enterprise of a county.</summary>
public sealed class InspectionFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DrawsThePlanThatAnyoneCanRecomputeFromTheSeedAndPublishesOnlyTheDraw()
    {
        using var provider = await host.ClientAsync("provider-x", "DataProvider");
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var b = Enumerable.Range(0, 4).Select(_ => TestData.NewUscc("411729")).ToList();
        var c = Enumerable.Range(0, 3).Select(_ => TestData.NewUscc("411729")).ToList();
        var d = Enumerable.Range(0, 3).Select(_ => TestData.NewUscc("411729")).ToList();
        (await provider.PostAsJsonAsync("/api/enterprises", b.Concat(c).Concat(d).Select(u => new { uscc = u, name = "新蔡县企业" + u[^4..] }), Ct)).EnsureSuccessStatusCode();
        var records = c.Select(u => (object)Infrastructure.Records.Penalty(u, "C-" + u, severity: "serious"))
            .Concat(d.SelectMany(u => Enumerable.Range(0, 3).Select(i => (object)Infrastructure.Records.Penalty(u, $"D-{i}-{u}", severity: "serious"))))
            .ToList();
        (await provider.PostAsJsonAsync("/api/records", records, Ct)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(
            async () =>
            {
                var summary = await regulator.GetFromJsonAsync<JsonElement>("/api/grades/summary?county=411729", Ct);
                var byGrade = summary.GetProperty("byGrade");
                return byGrade.GetProperty("B").GetInt32() == 4 && byGrade.GetProperty("C").GetInt32() == 3 && byGrade.GetProperty("D").GetInt32() == 3;
            },
            what: "the population to be graded");

        using var created = await regulator.PostAsJsonAsync("/api/inspections/plans", new { county = "411729", seed = "驻马店-2026-11" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("驻马店-2026-11", plan.GetProperty("seed").GetString());
        Assert.Equal(4, plan.GetProperty("population").GetProperty("B").GetInt32());
        var selected = plan.GetProperty("selected").EnumerateArray().Select(s => s.GetProperty("uscc").GetString()!).ToList();
        var expected = Lowest(b, 1, "驻马店-2026-11").Concat(Lowest(c, 2, "驻马店-2026-11")).Concat(d).Order(StringComparer.Ordinal);
        Assert.Equal(expected, selected.Order(StringComparer.Ordinal));

        var again = await regulator.GetFromJsonAsync<JsonElement>(created.Headers.Location!.OriginalString, Ct);
        Assert.Equal(plan.GetRawText(), again.GetRawText());
        using var anonymous = host.Anonymous();
        var published = await anonymous.GetFromJsonAsync<JsonElement>($"/api/public/inspections/plans/{plan.GetProperty("planId").GetString()}", Ct);
        Assert.Equal(["createdAt", "planId", "ratios", "seed", "selected"], published.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["name", "uscc"], published.GetProperty("selected")[0].EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ChoosesASeedWhenNoneIsGivenAndRejectsBadRatios()
    {
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");

        using var chosen = await regulator.PostAsJsonAsync("/api/inspections/plans", new { county = "411702" }, Ct);
        using var bad = await regulator.PostAsJsonAsync("/api/inspections/plans", new { ratios = new Dictionary<string, decimal> { ["A"] = 1.5m, ["E"] = 0.1m } }, Ct);
        using var unknown = await regulator.GetAsync($"/api/inspections/plans/{Guid.NewGuid():N}", Ct);

        Assert.Equal(HttpStatusCode.Created, chosen.StatusCode);
        Assert.Equal(32, (await chosen.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("seed").GetString()!.Length);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("ratios.A", out _));
        Assert.True(errors.TryGetProperty("ratios.E", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>The draw recomputed independently of the product: lowest SHA-256("{seed}:{uscc}") first.</summary>
    private static IEnumerable<string> Lowest(IEnumerable<string> usccs, int count, string seed)
        => usccs.OrderBy(u => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{u}"))), StringComparer.Ordinal).Take(count);
}
