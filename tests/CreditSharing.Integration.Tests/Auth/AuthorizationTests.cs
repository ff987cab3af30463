using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace CreditSharing.Integration.Tests.Auth;

public sealed class AuthorizationTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> ProtectedFunctions()
        => new(new FunctionCatalog().Http.Where(f => !AccessPolicy.Of(f.Method).Anonymous).Select(f => f.Name));

    public static TheoryData<string> AnonymousFunctions()
        => new(new FunctionCatalog().Http.Where(f => AccessPolicy.Of(f.Method).Anonymous).Select(f => f.Name));

    [Theory]
    [MemberData(nameof(ProtectedFunctions))]
    public async Task RefusesAnonymousCallersOfEveryProtectedFunction(string functionName)
    {
        var function = new FunctionCatalog().Http.Single(f => f.Name == functionName);
        using var client = host.Anonymous();

        foreach (var method in function.HttpMethods)
        {
            using var response = await client.SendAsync(RequestFor(function, method), Ct);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [MemberData(nameof(AnonymousFunctions))]
    public async Task ServesAnonymousFunctionsWithoutAToken(string functionName)
    {
        var function = new FunctionCatalog().Http.Single(f => f.Name == functionName);
        using var client = host.Anonymous();

        using var response = await client.SendAsync(RequestFor(function, function.HttpMethods[0]), Ct);

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public void EveryFunctionDeclaresWhoMayCallIt()
    {
        var unmarked = new FunctionCatalog().Http.Where(f => !AccessPolicy.Of(f.Method).Marked).Select(f => f.Name).ToList();

        Assert.Empty(unmarked);
    }

    [Fact]
    public async Task RefusesAFunctionThatDeclaresNoPolicyEvenToAnAuthenticatedCaller()
    {
        var context = new DefaultHttpContext();

        var decision = await new FunctionAuthorizer().AuthorizeAsync(context, typeof(Unmarked).GetMethod(nameof(Unmarked.Run))!);

        Assert.IsType<AccessDecision.Forbidden>(decision);
    }

    [Fact]
    public async Task ReturnsForbiddenWhenTheTokenLacksTheRole()
    {
        using var bank = await host.ClientAsync("bank-1", "Bank");

        using var response = await bank.GetAsync($"/api/enterprises/{TestData.NewUscc()}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string> BadTokens() => new("expired", "wrong-signature", "wrong-audience", "wrong-issuer", "garbage");

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ReturnsUnauthorizedForABadToken(string kind)
    {
        var options = new LocalIssuerOptions { SigningKey = DevHostFixture.SigningKey };
        TimeProvider clock = TimeProvider.System;
        switch (kind)
        {
            case "expired":
                clock = new FixedClock(DateTimeOffset.UtcNow.AddHours(-3));
                break;
            case "wrong-signature":
                options.SigningKey = "another-signing-key-that-this-service-never-saw";
                break;
            case "wrong-audience":
                options.Audience = "api://someone-else";
                break;
            case "wrong-issuer":
                options.Issuer = "https://attacker.example/";
                break;
        }

        var token = kind == "garbage" ? "not.a.token" : new LocalTokenIssuer(options, clock).Issue(new LocalTokenRequest(["Regulator"], "mallory", null, null)).AccessToken;
        using var client = host.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync($"/api/enterprises/{TestData.NewUscc()}", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.FirstOrDefault()?.Scheme);
    }

    [Fact]
    public async Task DevTokenRefusesUnknownRoles()
    {
        using var client = host.Anonymous();

        using var response = await client.PostAsJsonAsync(DevHostApp.TokenRoute, new LocalTokenRequest(["Admin"], "eve", null, null), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static HttpRequestMessage RequestFor(FunctionDescriptor function, string method)
    {
        var path = "/" + function.Route!.Replace("{uscc}", TestData.NewUscc(), StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    private sealed class Unmarked
    {
        public static void Run()
        {
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
