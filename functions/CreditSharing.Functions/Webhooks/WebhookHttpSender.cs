using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using CreditSharing.Core.Webhooks;

namespace CreditSharing.Functions.Webhooks;

/// <summary>
/// Posts deliveries. The connection is opened by <see cref="ConnectAsync"/>, which resolves the host itself and
/// connects only to an address <see cref="CallbackPolicy"/> allows: the check is on the address actually
/// connected to, so a DNS answer changed after subscribing (rebinding) cannot reach an internal address.
/// Redirects are not followed (a 3xx is a failed attempt); every attempt has a 10-second timeout.
/// </summary>
public sealed class WebhookHttpSender : IWebhookSender, IDisposable
{
    private readonly HttpClient client;

    public WebhookHttpSender(WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var allowLoopback = options.AllowLoopback;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = WebhookOptions.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowLoopback, cancellationToken),
        };
        client = new HttpClient(handler) { Timeout = WebhookOptions.Timeout };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("CreditSharing-Webhooks", "1.0"));
    }

    public async Task<CallbackResult> PostAsync(Uri callback, byte[] body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var watch = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return new CallbackResult((int)response.StatusCode, null, watch.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CallbackResult(null, $"No answer within {WebhookOptions.Timeout.TotalSeconds:0} seconds.", watch.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            return new CallbackResult(null, ex.InnerException is RefusedAddressException refused ? refused.Message : $"Connection failed: {ex.HttpRequestError}.", watch.Elapsed);
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>Resolves the host and connects to the first allowed address; any refused address refuses the callback.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowLoopback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new RefusedAddressException($"The callback host {endPoint.Host} does not resolve.");
        }

        foreach (var address in addresses)
        {
            if (CallbackPolicy.Refusal(address, allowLoopback) is { } refusal)
            {
                throw new RefusedAddressException($"The callback host resolves to a refused address: {refusal}.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The callback's address is one <see cref="CallbackPolicy"/> refuses.</summary>
public sealed class RefusedAddressException(string message) : IOException(message);

/// <summary>Subscribe-time resolution of a callback's host.</summary>
public sealed class DnsCallbackResolver : ICallbackResolver
{
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
        => await Dns.GetHostAddressesAsync(host, cancellationToken);
}
