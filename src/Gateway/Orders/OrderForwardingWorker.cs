using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Orders;

/// <summary>Forwards queued orders to the ERP; runs in every gateway instance, sharing the queue.</summary>
/// <remarks>
/// Delivery is at least once, with a stable Idempotency-Key so that the ERP creates each order once. Transient ERP
/// failures are retried with backoff by the ERP client's resilience pipeline; an order the ERP refuses, or that
/// still fails when the retries are spent, goes to the dead letters with the reason and is counted.
/// </remarks>
public sealed class OrderForwardingWorker(
    IOrderStore store,
    IErpClient erp,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<OrderForwardingWorker> logger) : BackgroundService
{
    private const int BatchSize = 16;
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
            await store.CompleteAsync(entry, forwarded, cancellationToken).ConfigureAwait(false);
            metrics.OrderForwarded(order.BuyerId);
            logger.OrderForwarded(order.Id, order.OrderId, order.PayloadId, order.BuyerId, accepted.ErpOrderId);
            return;
        }

        var failure = outcome.Failure!;
        var reason = failure.Kind == ErpFailureKind.Rejected
            ? $"The ERP refused the order: {failure.Reason}"
            : $"The ERP was unavailable and the retries are spent: {failure.Reason}";
        var deadLettered = order with
        {
            State = OrderState.DeadLettered,
            DeadLetterReason = reason,
            Attempts = [.. order.Attempts, new ForwardingAttempt(startedAt, failure.Kind == ErpFailureKind.Rejected ? "rejected" : "unavailable", failure.Reason)],
        };
        await store.DeadLetterAsync(entry, deadLettered, cancellationToken).ConfigureAwait(false);
        metrics.OrderForwardFailed(order.BuyerId, failure.Kind == ErpFailureKind.Rejected ? "rejected" : "unavailable");
        logger.OrderDeadLettered(order.Id, order.OrderId, order.PayloadId, order.BuyerId, reason);
    }
}
