using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.Core.Shared;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Pages;

/// <summary>Enterprises, list entries and trace codes as the pages' tests need them, through the public API.</summary>
public static class PageData
{
    public static DateOnly Today => CityClock.Today(TimeProvider.System);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task RegisterAsync(DevHostFixture host, string uscc, string name, string? idNumber = null, string industry = "批发和零售业")
    {
        using var provider = await host.ClientAsync("provider-commerce", "DataProvider");
        object body = idNumber is null
            ? new { name, industry }
            : new { name, industry, legalRepresentative = new { name = "张三", idNumber } };
        (await provider.PutAsJsonAsync($"/api/enterprises/{uscc}", body, Ct)).EnsureSuccessStatusCode();
    }

    public static async Task<string> GradeAsync(DevHostFixture host, string uscc, Func<string, bool>? until = null)
    {
        using var regulator = await host.ClientAsync("regulator-1", "Regulator");
        return await Eventually.GetAsync(async () =>
        {
            using var response = await regulator.GetAsync($"/api/enterprises/{uscc}/grade", Ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var grade = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("grade").GetString()!;
            return until is null || until(grade) ? grade : null;
        }, what: $"the grade of {uscc}");
    }

    public static async Task ListAsync(DevHostFixture host, string uscc, string listType, string sourceId, bool legalRepresentativeIncluded = false, string? reason = null)
    {
        using var provider = await host.ClientAsync("provider-court", "DataProvider");
        using var created = await provider.PostAsJsonAsync("/api/lists/entries", new Dictionary<string, object?>
        {
            ["listType"] = listType,
            ["uscc"] = uscc,
            ["reason"] = reason ?? (listType == "red" ? "连续三年纳税信用A级" : "拒不履行法院判决"),
            ["authority"] = "驻马店市发展和改革委员会",
            ["documentNo"] = "驻发改信〔2026〕7号",
            ["decidedOn"] = Today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["expiresOn"] = Today.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["legalRepresentativeIncluded"] = legalRepresentativeIncluded,
            ["sourceId"] = sourceId,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>A trace code of a registered producer, with no events.</summary>
    public static async Task<string> TraceCodeAsync(DevHostFixture host, string producer)
    {
        using var provider = await host.ClientAsync("provider-commerce", "DataProvider");
        using var created = await provider.PostAsJsonAsync("/api/trace/codes", new { category = "wheat", productName = "上蔡小麦粉", batch = "B-1", producerUscc = producer, storage = "ambient" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString()!;
    }
}
