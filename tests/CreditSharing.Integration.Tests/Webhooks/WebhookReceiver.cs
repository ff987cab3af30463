using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Integration.Tests.Webhooks;

/// <summary>A callback receiver on 127.0.0.1: records every request; <c>/fail/{n}/…</c> answers 500 to the first n requests of that path, <c>/down/…</c> always 503.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> seen = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IEnumerable<ReceivedRequest> At(string path) => Requests.Where(r => r.Path == path);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var path = context.Request.Path.Value ?? "/";
        var count = seen.AddOrUpdate(path, 1, (_, n) => n + 1);
        var status = path.StartsWith("/down/", StringComparison.Ordinal) ? 503
            : path.StartsWith("/fail/", StringComparison.Ordinal) && count <= int.Parse(path.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture) ? 500
            : 204;
        Requests.Enqueue(new ReceivedRequest(path, buffer.ToArray(), context.Request.Headers["X-CreditSharing-Signature"].ToString(), context.Request.Headers["X-CreditSharing-Delivery"].ToString(), status));
        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string Path, byte[] Body, string Signature, string DeliveryId, int AnsweredWith);
