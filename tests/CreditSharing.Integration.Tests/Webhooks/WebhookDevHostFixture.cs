using CreditSharing.Integration.Tests.Infrastructure;

namespace CreditSharing.Integration.Tests.Webhooks;

/// <summary>A local DevHost whose retry messages are hidden at most 200 ms at once, so a moved clock is noticed at once; a receiver beside it.</summary>
public sealed class WebhookDevHostFixture : DevHostFixture
{
    private WebhookReceiver? receiver;

    public WebhookReceiver Receiver => receiver ?? throw new InvalidOperationException("The receiver has not started.");

    public override async ValueTask InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }
    }

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Webhooks:MaxQueueDelay"] = "00:00:00.200";
        return settings;
    }
}
