using System.Net.Http.Headers;
using System.Net.Http.Json;
using CreditSharing.Core.Banks;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Records;
using CreditSharing.Functions.Auth;

namespace CreditSharing.DevHost;

/// <summary>An HTTP client on a DevHost that carries a token from the host's own <c>POST /dev/token</c> (tests, benchmarks).</summary>
public static class LocalTokenClient
{
    /// <summary>The Regulator that registers providers for tests and benchmarks.</summary>
    public const string Registrar = "devhost-registrar";

    /// <summary>Every record category, every list type, profiles: what a test or benchmark provider may do unless it asks for less.</summary>
    public static ProviderInput EveryRight(string name)
        => new(name, null, [.. RecordCategories.All.Keys], [.. ListTypes.All], Profiles: true);

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

    /// <summary>
    /// A client for <paramref name="request"/>; when its roles include <c>DataProvider</c>, its provider id is
    /// first registered in the provider registry with every right (<see cref="EveryRight"/>), as a Regulator would;
    /// when they include <c>Bank</c> and it names a <c>bankId</c>, that bank is registered in the bank registry
    /// (a local <c>bankId</c> claim must name a registered bank, docs/identity.md).
    /// </summary>
    public static async Task<HttpClient> CreateRegisteredAsync(Uri baseAddress, LocalTokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Roles?.Contains(AppRoles.DataProvider) == true)
        {
            var providerId = ProviderIdOf(request);
            await RegisterProviderAsync(baseAddress, providerId, EveryRight(providerId), cancellationToken);
        }

        if (request.Roles?.Contains(AppRoles.Bank) == true && !string.IsNullOrWhiteSpace(request.BankId))
        {
            await RegisterBankAsync(baseAddress, request.BankId, new BankInput(request.BankId, "LOCAL-0001", null, null), cancellationToken);
        }

        return await CreateAsync(baseAddress, request, cancellationToken);
    }

    /// <summary>Registers (or changes) a provider through <c>PUT /api/providers/{providerId}</c> with a Regulator's token; fails on anything but 200 or 201.</summary>
    public static async Task RegisterProviderAsync(Uri baseAddress, string providerId, ProviderInput rights, CancellationToken cancellationToken = default)
    {
        using var regulator = await CreateAsync(baseAddress, new LocalTokenRequest([AppRoles.Regulator], Registrar, null, null), cancellationToken);
        using var response = await regulator.PutAsJsonAsync($"/api/providers/{Uri.EscapeDataString(providerId)}", rights, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /api/providers/{providerId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>Registers (or changes) a bank through <c>PUT /api/banks/{bankId}</c> with a Regulator's token; fails on anything but 200 or 201.</summary>
    public static async Task RegisterBankAsync(Uri baseAddress, string bankId, BankInput bank, CancellationToken cancellationToken = default)
    {
        using var regulator = await CreateAsync(baseAddress, new LocalTokenRequest([AppRoles.Regulator], Registrar, null, null), cancellationToken);
        using var response = await regulator.PutAsJsonAsync($"/api/banks/{Uri.EscapeDataString(bankId)}", bank, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /api/banks/{bankId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>The provider id a token of <paramref name="request"/> resolves to, as <see cref="Caller.From"/> reads it.</summary>
    public static string ProviderIdOf(LocalTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !string.IsNullOrWhiteSpace(request.Azp) ? request.Azp : string.IsNullOrWhiteSpace(request.Sub) ? "dev-user" : request.Sub;
    }
}
