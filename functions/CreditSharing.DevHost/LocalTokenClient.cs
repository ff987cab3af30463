using System.Net.Http.Headers;
using System.Net.Http.Json;
using CreditSharing.Functions.Auth;

namespace CreditSharing.DevHost;

/// <summary>An HTTP client on a DevHost that carries a token from the host's own <c>POST /dev/token</c> (tests, benchmarks).</summary>
public static class LocalTokenClient
{
    public static async Task<HttpClient> CreateAsync(Uri baseAddress, LocalTokenRequest request, CancellationToken cancellationToken = default)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        try
        {
            using var response = await client.PostAsJsonAsync(DevHostApp.TokenRoute, request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var token = await response.Content.ReadFromJsonAsync<LocalToken>(cancellationToken);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
