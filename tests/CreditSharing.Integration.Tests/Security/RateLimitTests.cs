using System.Net;
using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Security;

/// <summary>Anonymous endpoints are limited per client address; a host with a limit of 5 a minute shows it.</summary>
public sealed class RateLimitTests(RateLimitTests.LowLimitFixture host) : IClassFixture<RateLimitTests.LowLimitFixture>
{
    private const int Limit = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswersTooManyRequestsWithRetryAfterOnceAnAddressSpendsItsLimit()
    {
        using var client = host.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await GetAsync(client, "/api/public/lists/red", "203.0.113.10");
            statuses.Add(allowed.StatusCode);
        }

        using var refused = await GetAsync(client, "/api/public/lists/red", "203.0.113.10");

        Assert.All(statuses, s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task CountsEachAddressOnItsOwn()
    {
        using var client = host.Anonymous();
        for (var i = 0; i < Limit + 1; i++)
        {
            using var _ = await GetAsync(client, "/api/trace/NOSUCHCODE0001", "198.51.100.20");
        }

        using var other = await GetAsync(client, "/api/trace/NOSUCHCODE0001", "198.51.100.21");

        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task TrustsOnlyTheAddressThePlatformAppendedLast()
    {
        using var client = host.Anonymous();
        for (var i = 0; i < Limit; i++)
        {
            using var _ = await GetAsync(client, "/api/public/lists/black", $"10.9.9.{i}, 192.0.2.30");
        }

        // A client that rotates the first entry is still the same last hop.
        using var spoofed = await GetAsync(client, "/api/public/lists/black", "10.9.9.99, 192.0.2.30:51234");

        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
    }

    [Fact]
    public async Task NeverLimitsSignedInCallers()
    {
        using var regulator = await host.ClientAsync("reg-rate", "Regulator");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit * 2; i++)
        {
            using var grades = await GetAsync(regulator, "/api/grades/summary", "192.0.2.40");
            statuses.Add(grades.StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task LimitsHealthLikeEveryAnonymousRoute()
    {
        using var anonymous = host.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await GetAsync(anonymous, "/api/health", "192.0.2.41");
            statuses.Add(allowed.StatusCode);
        }

        using var refused = await GetAsync(anonymous, "/api/health", "192.0.2.41");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request, Ct);
    }

    public sealed class LowLimitFixture : DevHostFixture
    {
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["RateLimit:AnonymousPermitsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["RateLimit:TrustForwardedFor"] = "true";
            return settings;
        }
    }
}
