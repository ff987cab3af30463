using System.Globalization;
using System.Net;
using System.Reflection;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace CreditSharing.Functions.Hosting;

/// <summary>
/// Settings <c>RateLimit:*</c>. <see cref="AnonymousPermitsPerMinute"/> 0 turns the limit off (benchmarks).
/// <see cref="TrustForwardedFor"/>: in Azure the Functions host proxies every request, so the worker
/// sees the host's address; the client is the last address the platform's front end appended to
/// <c>X-Forwarded-For</c> (earlier entries are whatever the client sent, so they are not trusted).
/// </summary>
public sealed record RateLimitSettings(int AnonymousPermitsPerMinute, bool TrustForwardedFor)
{
    /// <summary>
    /// A person scanning codes or browsing public pages makes a few requests a minute; 300 leaves room
    /// for a shop's shared address and stops one address from scraping the registry.
    /// </summary>
    public const int DefaultPermitsPerMinute = 300;

    public static RateLimitSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var permits = configuration["RateLimit:AnonymousPermitsPerMinute"];
        return new RateLimitSettings(
            string.IsNullOrWhiteSpace(permits) ? DefaultPermitsPerMinute : int.Parse(permits, CultureInfo.InvariantCulture),
            bool.TryParse(configuration["RateLimit:TrustForwardedFor"], out var trust) && trust);
    }
}

/// <summary>
/// Limits the anonymous endpoints (scans, public pages, public lists) per client address, one fixed
/// one-minute window per address. Health is limited too (issue 23): a probe every few seconds is far
/// below the limit, and an open, unthrottled health route was a cheap way to make the service read storage.
/// </summary>
public sealed class AnonymousRateLimiter(RateLimitSettings settings) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, settings.AnonymousPermitsPerMinute),
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when the request to an anonymous function may go on; otherwise how long the client should wait.</summary>
    public TimeSpan? Check(HttpContext context, MethodInfo anonymousFunction)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(anonymousFunction);
        if (settings.AnonymousPermitsPerMinute <= 0)
        {
            return null;
        }

        using var lease = limiter.AttemptAcquire(ClientAddress(context));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
    }

    public void Dispose() => limiter.Dispose();

    private string ClientAddress(HttpContext context)
    {
        if (settings.TrustForwardedFor
            && context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } hops)
        {
            // The platform appends host:port for IPv4 and [v6]:port; only the address identifies the client.
            var last = hops[^1];
            return IPEndPoint.TryParse(last, out var endPoint) ? endPoint.Address.ToString() : last;
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
