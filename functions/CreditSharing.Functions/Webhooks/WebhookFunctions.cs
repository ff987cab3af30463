using System.ComponentModel;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Webhooks;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Hosting;
using CreditSharing.Functions.Http;
using CreditSharing.Functions.OpenApi;
using CreditSharing.Storage.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreditSharing.Functions.Webhooks;

/// <summary>Webhook subscriptions of banks and data providers, the fan-out of events and their delivery (docs/webhooks.md).</summary>
public sealed class WebhookFunctions(WebhookService webhooks, ILogger<WebhookFunctions> logger)
{
    [Function(nameof(CreateSubscription))]
    [Authorize(Roles = $"{AppRoles.Bank},{AppRoles.DataProvider}")]
    [Description("Subscribes a callback URL to events (grade.changed, list.changed, record.withdrawn, objection.decided, trace.recalled), optionally for some enterprises only. A bank hears only about enterprises that consented to it; a provider only about its own data. Answers the signing secret once.")]
    [ApiBody(typeof(SubscriptionInput))]
    [ApiResponse(StatusCodes.Status201Created, typeof(SubscriptionCreated))]
    public async Task<IActionResult> CreateSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Subscriptions)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (Owner(request) is not { } owner)
        {
            return Problems.Forbidden("The token names no bank (bankId) and is no data provider's.");
        }

        var body = await JsonBody.ReadAsync<SubscriptionInput>(request, JsonBody.DefaultMaxBytes, cancellationToken);
        return body.Problem ?? Answers.From(
            await webhooks.SubscribeAsync(body.Value, owner.Kind, owner.Id, cancellationToken),
            created =>
            {
                logger.LogInformation("Subscription {SubscriptionId} created by {OwnerKind} {OwnerId}", created.SubscriptionId, owner.Kind, owner.Id);
                return new CreatedResult($"/api/subscriptions/{created.SubscriptionId}", created);
            });
    }

    [Function(nameof(ListSubscriptions))]
    [Authorize(Roles = $"{AppRoles.Bank},{AppRoles.DataProvider}")]
    [Description("The caller's own subscriptions, ended ones included (never the secret).")]
    [ApiResponse(StatusCodes.Status200OK, typeof(Subscription[]))]
    public async Task<IActionResult> ListSubscriptions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Subscriptions)] HttpRequest request,
        CancellationToken cancellationToken)
        => Owner(request) is { } owner
            ? new OkObjectResult(await webhooks.ListAsync(owner.Kind, owner.Id, cancellationToken))
            : Problems.Forbidden("The token names no bank (bankId) and is no data provider's.");

    [Function(nameof(ListSubscriptionDeliveries))]
    [Authorize(Roles = $"{AppRoles.Bank},{AppRoles.DataProvider}")]
    [Description("Every delivery attempt of one of the caller's subscriptions, newest first (at most 200): time, status code or error, duration, attempt number; dead-lettered deliveries too. 404 for anyone else's.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(DeliveryAttempt[]))]
    public async Task<IActionResult> ListSubscriptionDeliveries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SubscriptionDeliveries)] HttpRequest request,
        string subscriptionId,
        CancellationToken cancellationToken)
        => Owner(request) is { } owner
            ? Answers.From(await webhooks.DeliveriesAsync(subscriptionId, owner.Kind, owner.Id, cancellationToken))
            : Problems.Forbidden("The token names no bank (bankId) and is no data provider's.");

    [Function(nameof(DeleteSubscription))]
    [Authorize(Roles = $"{AppRoles.Bank},{AppRoles.DataProvider}")]
    [Description("Ends one of the caller's subscriptions: nothing more is delivered; its deliveries stay readable. 404 for anyone else's.")]
    [ApiResponse(StatusCodes.Status200OK, typeof(Subscription))]
    public async Task<IActionResult> DeleteSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.Subscription)] HttpRequest request,
        string subscriptionId,
        CancellationToken cancellationToken)
        => Owner(request) is { } owner
            ? Answers.From(await webhooks.EndAsync(subscriptionId, owner.Kind, owner.Id, cancellationToken))
            : Problems.Forbidden("The token names no bank (bankId) and is no data provider's.");

    [Function(nameof(FanOutWebhookEvent))]
    public async Task FanOutWebhookEvent(
        [QueueTrigger(QueueNames.WebhookEvents)] string message,
        CancellationToken cancellationToken)
    {
        var parsed = QueueMessages.Parse<WebhookEventMessage>(message);
        var queued = await webhooks.FanOutAsync(parsed, cancellationToken);
        logger.LogInformation("Webhook event {EventId} ({EventType}) fanned out to {Deliveries} subscriptions", parsed.Event.Id, parsed.Event.Type, queued);
    }

    [Function(nameof(DeliverWebhook))]
    public async Task DeliverWebhook(
        [QueueTrigger(QueueNames.WebhookDeliveries)] string message,
        CancellationToken cancellationToken)
        => await webhooks.DeliverAsync(QueueMessages.Parse<WebhookDeliveryMessage>(message), cancellationToken);

    /// <summary>A bank by its registered bank id, else a data provider by its id.</summary>
    private static (string Kind, string Id)? Owner(HttpRequest request)
    {
        var caller = Caller.Of(request.HttpContext);
        if (caller.IsIn(AppRoles.Bank))
        {
            return LoanService.IsBankId(caller.BankId) ? (SubscriberKinds.Bank, caller.BankId!) : null;
        }

        return caller.IsIn(AppRoles.DataProvider) ? (SubscriberKinds.Provider, caller.Id) : null;
    }
}
