using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CreditSharing.DevHost;

namespace CreditSharing.Bench;

/// <summary>Eligibility: POST /api/loans/eligibility at 8 concurrent clients, for enterprises that consented.</summary>
public static class EligibilityBenchmark
{
    public static async Task<(IReadOnlyList<string> Lines, ScanBenchmark.Load Load)> RunAsync(DevHostProcess host, IReadOnlyList<string> usccs, TimeSpan duration)
    {
        var consenting = usccs.Take(200).ToList();
        using var setup = new HttpClient { BaseAddress = host.BaseAddress };
        await Parallel.ForEachAsync(consenting, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (uscc, ct) =>
        {
            using var enterprise = new HttpClient { BaseAddress = host.BaseAddress };
            enterprise.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(setup, new { roles = new[] { "Enterprise" }, sub = "e-" + uscc, uscc }));
            using var granted = await enterprise.PostAsJsonAsync($"/api/enterprises/{uscc}/authorizations", new { bankId = "bench-bank", purpose = "基准测试", expiresOn = DateTime.UtcNow.AddMonths(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, ct);
            granted.EnsureSuccessStatusCode();
        });

        await LocalTokenClient.RegisterBankAsync(host.BaseAddress, "bench-bank", new CreditSharing.Core.Banks.BankInput("基准测试银行", "BENCH-0001", null, null));
        using var bank = new HttpClient { BaseAddress = host.BaseAddress };
        bank.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(setup, new { roles = new[] { "Bank" }, sub = "bench-officer", bankId = "bench-bank" }));
        var load = await ScanBenchmark.LoadAsync(8, duration, consenting, async uscc =>
        {
            using var response = await bank.PostAsJsonAsync("/api/loans/eligibility", new { uscc, product = "standard" });
            response.EnsureSuccessStatusCode();
        });
        return ([$"| eligibility: POST /api/loans/eligibility, 8 clients, {consenting.Count} consenting enterprises | {load.Rate:N0}/s, p50 {load.P50:F1} ms, p99 {load.P99:F1} ms |"], load);
    }

    private static async Task<string> TokenAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/dev/token", request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }
}
