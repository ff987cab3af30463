using System.Net.Http.Json;
using System.Text.Json;

namespace CreditSharing.Integration.Tests.Infrastructure;

/// <summary>Reading an enterprise's grade through the API, for tests that poll for it.</summary>
public static class Grades
{
    /// <summary>The current grade, or null while the enterprise has none.</summary>
    public static async Task<JsonElement?> TryGetAsync(HttpClient regulator, string uscc)
    {
        using var response = await regulator.GetAsync($"/api/enterprises/{uscc}/grade", TestContext.Current.CancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken) : null;
    }
}
