using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditSharing.DevHost;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

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

    /// <summary>
    /// Every way a bearer credential can be wrong. Each would be a Regulator's if it were accepted,
    /// so a product that let one through would answer 200/404, not 401.
    /// </summary>
    public static TheoryData<string> BadTokens() => new(
        "expired",
        "not-yet-valid",
        "wrong-signature",
        "tampered-payload",
        "alg-none",
        "wrong-audience",
        "wrong-issuer",
        "garbage",
        "no-bearer-scheme",
        "basic-scheme",
        "bearer-without-token");

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ReturnsUnauthorizedForABadToken(string kind)
    {
        using var client = host.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/enterprises/{TestData.NewUscc()}");
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", AuthorizationHeaderFor(kind)));

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.FirstOrDefault()?.Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task AcceptsTheSameRegulatorTokenTheBadTokenCasesSpoil()
    {
        using var client = host.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Mint(new LocalIssuerOptions { SigningKey = DevHostFixture.SigningKey }, TimeProvider.System));

        using var response = await client.GetAsync($"/api/enterprises/{TestData.NewUscc()}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DevTokenRefusesUnknownRoles()
    {
        using var client = host.Anonymous();

        using var response = await client.PostAsJsonAsync(DevHostApp.TokenRoute, new LocalTokenRequest(["Admin"], "eve", null, null), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>The Authorization header value of each bad-credential case, built from a genuine token where one is spoiled.</summary>
    private static string AuthorizationHeaderFor(string kind)
    {
        var options = new LocalIssuerOptions { SigningKey = DevHostFixture.SigningKey };
        var now = DateTimeOffset.UtcNow;
        var valid = Mint(options, TimeProvider.System);
        return kind switch
        {
            "expired" => "Bearer " + Mint(options, new FixedClock(now.AddHours(-3))),

            // Well beyond the validator's 30 s clock skew.
            "not-yet-valid" => "Bearer " + Mint(options, new FixedClock(now.AddMinutes(10))),
            "wrong-signature" => "Bearer " + Mint(new LocalIssuerOptions { SigningKey = "another-signing-key-that-this-service-never-saw" }, TimeProvider.System),
            "tampered-payload" => "Bearer " + Tampered(Mint(options, TimeProvider.System, AppRoles.Bank)),
            "alg-none" => "Bearer " + Unsigned(valid),
            "wrong-audience" => "Bearer " + Mint(new LocalIssuerOptions { SigningKey = DevHostFixture.SigningKey, Audience = "api://someone-else" }, TimeProvider.System),
            "wrong-issuer" => "Bearer " + Mint(new LocalIssuerOptions { SigningKey = DevHostFixture.SigningKey, Issuer = "https://attacker.example/" }, TimeProvider.System),
            "garbage" => "Bearer not.a.token",
            "no-bearer-scheme" => valid,
            "basic-scheme" => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("mallory:password")),
            "bearer-without-token" => "Bearer",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown bad-token case."),
        };
    }

    private static string Mint(LocalIssuerOptions options, TimeProvider clock, string role = AppRoles.Regulator)
        => new LocalTokenIssuer(options, clock).Issue(new LocalTokenRequest([role], "mallory", null, null)).AccessToken;

    /// <summary>A Bank's genuine token with its roles claim rewritten to Regulator; the signature is the original one.</summary>
    private static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload[AppClaims.Roles] = new JsonArray(AppRoles.Regulator);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }

    /// <summary>The genuine token's claims under the header {"alg":"none"} and with no signature.</summary>
    private static string Unsigned(string token)
        => $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{token.Split('.')[1]}.";

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
