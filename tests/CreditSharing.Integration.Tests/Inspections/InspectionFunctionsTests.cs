using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditSharing.Integration.Tests.Infrastructure;
using CreditSharing.Storage.Infrastructure;

namespace CreditSharing.Integration.Tests.Inspections;

/// <summary>Its own DevHost (and so its own graded population): a plan draws from every enterprise of a county.</summary>
public sealed class InspectionFunctionsTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishesAPlanThatAnyoneCanRecomputeFromWhatItPublishesAlone()
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
        Assert.Equal(4, plan.GetProperty("populationByGrade").GetProperty("B").GetInt32());
        var selected = plan.GetProperty("selected").EnumerateArray().Select(s => s.GetProperty("uscc").GetString()!).ToList();

        // B: 0.2 × 4 = 0.8, k = 0; printf %s "驻马店-2026-11:B" | sha256sum → dc1233d8…, u ≈ 0.8597 ≥ 0.8: none.
        // C: 0.6 × 3 = 1.8, k = 1; "驻马店-2026-11:C" → c00399dc…, u ≈ 0.7501 < 0.8: two. D: 1.0 × 3: all three.
        var expected = Lowest(c, 2, "驻马店-2026-11").Concat(d).Order(StringComparer.Ordinal);
        Assert.Equal(expected, selected.Order(StringComparer.Ordinal));

        var again = await regulator.GetFromJsonAsync<JsonElement>(created.Headers.Location!.OriginalString, Ct);
        Assert.Equal(plan.GetRawText(), again.GetRawText());
        using var anonymous = host.Anonymous();
        var published = await anonymous.GetFromJsonAsync<JsonElement>($"/api/public/inspections/plans/{plan.GetProperty("planId").GetString()}", Ct);
        Assert.Equal(["createdAt", "drawRule", "planId", "population", "ratios", "seed", "selected"], published.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["name", "uscc"], published.GetProperty("selected")[0].EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var population = published.GetProperty("population").EnumerateArray().ToList();
        Assert.All(population, m => Assert.Equal(["grade", "uscc"], m.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        Assert.Equal(
            b.Select(u => (u, "B")).Concat(c.Select(u => (u, "C"))).Concat(d.Select(u => (u, "D"))).Order(),
            population.Select(m => (m.GetProperty("uscc").GetString()!, m.GetProperty("grade").GetString()!)).Order());
        Assert.Equal(Redo(published).Order(StringComparer.Ordinal), published.GetProperty("selected").EnumerateArray().Select(s => s.GetProperty("uscc").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ServesAPlanStoredBeforeThePopulationWasKeptWithoutOne()
    {
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        var planId = Guid.NewGuid().ToString("N");
        var uscc = TestData.NewUscc("411702");
        var legacy = new JsonObject
        {
            ["planId"] = planId,
            ["seed"] = "2025-Q4",
            ["ratios"] = new JsonObject { ["A"] = 0.05m, ["B"] = 0.2m, ["C"] = 0.6m, ["D"] = 1.0m },
            ["county"] = "411702",
            ["industry"] = null,
            ["population"] = new JsonObject { ["A"] = 0, ["B"] = 0, ["C"] = 0, ["D"] = 1 },
            ["selected"] = new JsonArray(new JsonObject { ["uscc"] = uscc, ["name"] = "驿城区旧计划商行", ["grade"] = "D" }),
            ["createdAt"] = "2025-12-01T02:00:00+00:00",
            ["createdBy"] = "regulator-1",
            ["rulesVersion"] = "2025.12-1",
        };
        await host.Container(ContainerNames.Published).GetBlobClient($"inspection-plans/{planId}.json").UploadAsync(BinaryData.FromString(legacy.ToJsonString()), Ct);

        var plan = await regulator.GetFromJsonAsync<JsonElement>($"/api/inspections/plans/{planId}", Ct);
        using var anonymous = host.Anonymous();
        var published = await anonymous.GetFromJsonAsync<JsonElement>($"/api/public/inspections/plans/{planId}", Ct);

        Assert.Equal(1, plan.GetProperty("populationByGrade").GetProperty("D").GetInt32());
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("population").ValueKind);
        Assert.Equal("ceil", plan.GetProperty("drawRule").GetString());
        Assert.Equal(JsonValueKind.Null, published.GetProperty("population").ValueKind);
        Assert.Equal("ceil", published.GetProperty("drawRule").GetString());
        Assert.Equal(uscc, Assert.Single(published.GetProperty("selected").EnumerateArray()).GetProperty("uscc").GetString());
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

    /// <summary>
    /// The draw redone from a published plan alone, written from docs/grading.md without the product's
    /// code: per grade of n with ratio R/10^s (the JSON number's digits), k = ⌊R·n / 10^s⌋, one more
    /// when U·10^s &lt; (R·n − k·10^s)·2^64, U the first 8 bytes of SHA-256("{seed}:{grade}") big-endian;
    /// then the lowest SHA-256("{seed}:{uscc}").
    /// </summary>
    private static IEnumerable<string> Redo(JsonElement plan)
    {
        var seed = plan.GetProperty("seed").GetString()!;
        var ratios = plan.GetProperty("ratios");
        return plan.GetProperty("population").EnumerateArray()
            .Select(m => (Uscc: m.GetProperty("uscc").GetString()!, Grade: m.GetProperty("grade").GetString()!))
            .GroupBy(m => m.Grade, StringComparer.Ordinal)
            .SelectMany(group =>
            {
                var n = group.Count();
                var text = ratios.TryGetProperty(group.Key, out var ratio) ? ratio.GetRawText() : "0";
                Assert.DoesNotContain("e", text, StringComparison.OrdinalIgnoreCase);
                var point = text.IndexOf('.', StringComparison.Ordinal);
                var digits = point < 0 ? text : text.Remove(point, 1);
                var denominator = BigInteger.Pow(10, point < 0 ? 0 : text.Length - point - 1);
                var product = BigInteger.Parse(digits, CultureInfo.InvariantCulture) * n;
                var k = product / denominator;
                var u = new BigInteger(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{group.Key}")).AsSpan(0, 8), isUnsigned: true, isBigEndian: true);
                var take = k + (u * denominator < (product - (k * denominator)) * (BigInteger.One << 64) ? 1 : 0);
                return Lowest(group.Select(m => m.Uscc), (int)take, seed);
            });
    }

    /// <summary>The draw recomputed independently of the product: lowest SHA-256("{seed}:{uscc}") first.</summary>
    private static IEnumerable<string> Lowest(IEnumerable<string> usccs, int count, string seed)
        => usccs.OrderBy(u => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{u}"))), StringComparer.Ordinal).Take(count);
}
