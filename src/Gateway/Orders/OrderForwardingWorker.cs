using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Orders;

/// <summary>Forwards queued orders to the ERP; runs in every gateway instance, sharing the queue.</summary>
/// <remarks>
/// Delivery is at least once, with a stable Idempotency-Key so that the ERP creates each order once. Each call is
/// retried with backoff by the ERP client's resilience pipeline. When the ERP still cannot take an order, its queue
/// entry stays unacknowledged and is claimed again after <c>Orders:ClaimIdleTime</c>, until
/// <c>Orders:ForwardingWindow</c> is spent. An order the ERP refuses, or whose window is spent, goes to the dead
/// letters with the reason and is counted.
/// </remarks>
public sealed class OrderForwardingWorker(
    IOrderStore store,
    IErpClient erp,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<OrderForwardingWorker> logger) : BackgroundService
{
    // One at a time, so no claimed entry waits behind slow ones long enough for another worker to claim it too.
    private const int BatchSize = 1;
    private static readonly TimeSpan FailureDelay = TimeSpan.FromSeconds(2);
    private readonly string consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var orders = options.Value.Orders;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await store.ReadQueueAsync(consumer, BatchSize, orders.ClaimIdleTime, stoppingToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    await Task.Delay(orders.PollInterval, clock, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var entry in batch)
                {
                    await ForwardAsync(entry, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Redis unreachable, most likely: unacknowledged entries stay pending and are claimed again later.
                logger.ForwardingFailed(ex, FailureDelay);
                await Task.Delay(FailureDelay, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Forwards one queued order and records the outcome.</summary>
    internal async Task ForwardAsync(QueuedOrder entry, CancellationToken cancellationToken)
    {
        var order = await store.GetAsync(entry.GatewayOrderId, cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            logger.OrderMissing(entry.EntryId, entry.GatewayOrderId);
            await store.AcknowledgeAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["GatewayOrderId"] = order.Id, ["OrderId"] = order.OrderId, ["PayloadId"] = order.PayloadId, ["Buyer"] = order.BuyerId });
        if (order.State != OrderState.Received)
        {
            await store.AcknowledgeAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }

        var startedAt = clock.GetUtcNow();
        var outcome = await erp.SubmitOrderAsync(order.Erp, order.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        if (outcome.Value is { } accepted)
        {
            var forwarded = order with
            {
                State = OrderState.Forwarded,
                ErpOrderId = accepted.ErpOrderId,
                Attempts = [.. order.Attempts, new ForwardingAttempt(startedAt, "forwarded", accepted.AlreadyKnown ? $"{accepted.ErpOrderId} (already known to the ERP)" : accepted.ErpOrderId)],
            };
            if (await Finished(store.CompleteAsync(entry, forwarded, cancellationToken), order))
            {
                metrics.OrderForwarded(order.BuyerId);
                logger.OrderForwarded(order.Id, order.OrderId, order.PayloadId, order.BuyerId, accepted.ErpOrderId);
            }

            return;
        }

        var failure = outcome.Failure!;
        var rejected = failure.Kind == ErpFailureKind.Rejected;
        var tried = order with { Attempts = [.. order.Attempts, new ForwardingAttempt(startedAt, rejected ? "rejected" : "unavailable", failure.Reason)] };

        // The window runs from the first attempt, so an order that waited in a backlog still gets its retries.
        var window = options.Value.Orders.ForwardingWindow;
        var firstAttempt = order.Attempts.Count > 0 ? order.Attempts[0].At : startedAt;
        if (!rejected && clock.GetUtcNow() - firstAttempt < window)
        {
            if (await Finished(store.DeferAsync(entry, tried, cancellationToken), order))
            {
                metrics.OrderRetried(order.BuyerId);
                logger.OrderForwardingDeferred(order.Id, order.OrderId, order.PayloadId, order.BuyerId, failure.Reason, options.Value.Orders.ClaimIdleTime);
            }

            return;
        }

        var reason = rejected
            ? $"The ERP refused the order: {failure.Reason}"
            : $"The ERP could not take the order within the forwarding window of {window}: {failure.Reason}";
        if (await Finished(store.DeadLetterAsync(entry, tried with { State = OrderState.DeadLettered, DeadLetterReason = reason }, cancellationToken), order))
        {
            metrics.OrderForwardFailed(order.BuyerId, rejected ? "rejected" : "unavailable");
            logger.OrderDeadLettered(order.Id, order.OrderId, order.PayloadId, order.BuyerId, reason);
        }
    }

    // False when another worker claimed the entry while this one was busy with it: that worker's outcome stands.
    private async Task<bool> Finished(Task<bool> finishing, OrderRecord order)
    {
        if (await finishing.ConfigureAwait(false))
        {
            return true;
        }

        logger.OrderTakenOver(order.Id, order.OrderId, order.PayloadId, order.BuyerId);
        return false;
    }
}
