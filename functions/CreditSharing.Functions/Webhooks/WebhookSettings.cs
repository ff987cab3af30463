using CreditSharing.Core.Webhooks;
using CreditSharing.Functions.Auth;
using Microsoft.Extensions.Configuration;

namespace CreditSharing.Functions.Webhooks;

/// <summary>
/// Section <c>Webhooks</c> (docs/configuration.md). In Azure (Entra ID sign-in) callbacks must be https and
/// loopback is refused whatever the settings say; on a developer machine (local tokens) http is accepted and
/// <c>Webhooks:AllowLoopback</c> (default true there) lets a receiver on 127.0.0.1 take deliveries.
/// <c>Webhooks:MaxQueueDelay</c> (default 1 hour) bounds how long a retry message is hidden at once.
/// </summary>
public static class WebhookSettings
{
    public static WebhookOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var azure = AuthenticationSetup.UsesEntraId(configuration);
        var section = configuration.GetSection("Webhooks");
        var allowLoopback = !azure && (section["AllowLoopback"] is not { Length: > 0 } value || bool.Parse(value));
        var maxDelay = section["MaxQueueDelay"] is { Length: > 0 } delay ? TimeSpan.Parse(delay, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.FromHours(1);
        return new WebhookOptions(RequireHttps: azure, AllowLoopback: allowLoopback, MaxQueueDelay: maxDelay);
    }
}
