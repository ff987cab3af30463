using System.Reflection;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CreditSharing.Core.Shared;
using CreditSharing.Functions.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreditSharing.DevHost;

/// <summary>
/// Runs one queue-triggered function as the Functions host does: batches of <c>batchSize</c>,
/// polling that backs off to <c>maxPollingInterval</c> when idle, a failed message made visible
/// again after <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c> failures moved to
/// <c>&lt;queue&gt;-poison</c>.
/// </summary>
public sealed class QueuePoller(
    FunctionDescriptor function,
    QueueClient queue,
    QueueClient poison,
    QueueHostOptions options,
    FunctionInvoker invoker,
    ILogger<QueuePoller> logger) : BackgroundService
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a message stays hidden while a function works on it; renewed at half-time, as the Functions host does, so long imports keep their message.</summary>
    private TimeSpan ProcessingLease => options.ProcessingLease;

    /// <summary>
    /// As the Functions host: a batch of up to <c>batchSize</c> messages is fetched whenever the
    /// messages still being processed drop to <c>newBatchThreshold</c>, so one slow message does not
    /// hold the next batch back (at most batchSize + newBatchThreshold at once).
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = MinimumPollingInterval;
        var inFlight = new List<Task>();
        var threshold = Math.Max(0, options.NewBatchThreshold);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count > threshold)
                {
                    await Task.WhenAny(inFlight);
                    continue;
                }

                QueueMessage[] messages;
                try
                {
                    messages = (await queue.ReceiveMessagesAsync(Math.Clamp(options.BatchSize, 1, 32), ProcessingLease, stoppingToken)).Value;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Polling {Queue} for {Function} failed; retrying", queue.Name, function.Name);
                    messages = [];
                }

                if (messages.Length == 0)
                {
                    try
                    {
                        // Idle: wait for the next poll, or for a message in hand to finish (room for a new batch).
                        await Task.WhenAny(inFlight.Append(Task.Delay(delay, stoppingToken)));
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(options.MaxPollingInterval.Ticks, MinimumPollingInterval.Ticks)));
                    continue;
                }

                delay = MinimumPollingInterval;
                inFlight.AddRange(messages.Select(m => ProcessAsync(m, stoppingToken)));
            }
        }
        finally
        {
            await Task.WhenAll(inFlight);
        }
    }

    /// <summary>A failure to settle one message (its lease lost, storage away) must not stop the poller, let alone the host.</summary>
    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await HandleAsync(message, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not settle message {MessageId} on {Queue}; it becomes visible again when its lease ends", message.MessageId, queue.Name);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, message.PopReceipt, "it was delivered more often than maxDequeueCount", stoppingToken);
            return;
        }

        var lease = new Lease(message.PopReceipt);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(message, lease, renewing.Token);
        try
        {
            await invoker.InvokeAsync(function, p => Bind(p, message, stoppingToken));
            await StopAsync(renewing, renewal);
            await queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message becomes visible again when its lease runs out.
            await StopAsync(renewing, renewal);
        }
        catch (Exception ex)
        {
            await StopAsync(renewing, renewal);
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                logger.LogError(ex, "Function {Function} failed on message {MessageId} for the last allowed time ({DequeueCount})", function.Name, message.MessageId, message.DequeueCount);
                await MoveToPoisonAsync(message, lease.PopReceipt, ex is InvalidMessageException ? ex.Message : ex.GetType().Name, CancellationToken.None);
                return;
            }

            logger.LogWarning(ex, "Function {Function} failed on message {MessageId} (attempt {DequeueCount}); retrying after {VisibilityTimeout}", function.Name, message.MessageId, message.DequeueCount, options.VisibilityTimeout);
            await queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: CancellationToken.None);
        }
    }

    private async Task RenewAsync(QueueMessage message, Lease lease, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ProcessingLease / 2, cancellationToken);
                var receipt = await queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: ProcessingLease, cancellationToken: cancellationToken);
                lease.PopReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
            // The function finished.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not renew the lease of message {MessageId} on {Queue}", message.MessageId, queue.Name);
        }
    }

    private static async Task StopAsync(CancellationTokenSource renewing, Task renewal)
    {
        await renewing.CancelAsync();
        await renewal;
    }

    /// <summary>The pop receipt changes with every renewal; the latest one deletes the message.</summary>
    private sealed class Lease(string popReceipt)
    {
        public string PopReceipt { get; set; } = popReceipt;
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string popReceipt, string reason, CancellationToken cancellationToken)
    {
        await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
        logger.LogError("Moved message {MessageId} from {Queue} to {PoisonQueue} after {DequeueCount} attempts: {Reason}", message.MessageId, queue.Name, poison.Name, message.DequeueCount, reason);
    }

    private static object? Bind(ParameterInfo parameter, QueueMessage message, CancellationToken cancellationToken)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return cancellationToken;
        }

        if (parameter.GetCustomAttribute<Microsoft.Azure.Functions.Worker.QueueTriggerAttribute>() is not null)
        {
            if (parameter.ParameterType == typeof(string))
            {
                return message.Body.ToString();
            }

            if (parameter.ParameterType == typeof(BinaryData))
            {
                return message.Body;
            }

            if (parameter.ParameterType == typeof(byte[]))
            {
                return message.Body.ToArray();
            }
        }

        return parameter.Name switch
        {
            "id" when parameter.ParameterType == typeof(string) => message.MessageId,
            "dequeueCount" when parameter.ParameterType == typeof(long) => message.DequeueCount,
            _ => throw new InvalidOperationException($"The DevHost cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}."),
        };
    }
}
