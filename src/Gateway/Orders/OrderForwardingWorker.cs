using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Erp;
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
/// For a buyer with <c>CreditCheck: Async</c>, a new or changed order is credit-checked first, on every attempt: a
/// hold or an over-limit parks it in <see cref="OrderState.CreditHold"/> with the ERP's reason (with the dead letters,
/// for support to replay once the account is cleared); a check that cannot answer is retried like an ERP outage, within
/// the same forwarding window.
/// </remarks>
public sealed class OrderForwardingWorker(
    IOrderStore store,
    IErpClient erp,
    BuyerDirectory buyers,
    CreditGate credit,
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
        if (buyers.Find(order.BuyerId) is { CreditAsync: true } buyer && order.Erp.Type is "new" or "update")
        {
            var refusal = await credit.AskAsync(buyer, order.Erp.Currency, order.Erp.Total, $"order:{order.OrderId}", cancellationToken).ConfigureAwait(false);
            if (refusal is { IsUnavailable: true })
            {
                await RetryOrDeadLetterAsync(entry, order, startedAt, "credit-unavailable", refusal.Reason, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (refusal is not null)
            {
                await HoldAsync(entry, order, startedAt, refusal, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

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
        await RetryOrDeadLetterAsync(entry, order, startedAt, failure.Kind == ErpFailureKind.Rejected ? "rejected" : "unavailable", failure.Reason, cancellationToken).ConfigureAwait(false);
    }

    // The Async credit check refused (a hold or an over-limit): the order leaves the queue for the dead letters, in
    // state credit-hold with the ERP's reason, and waits for support.
    private async Task HoldAsync(QueuedOrder entry, OrderRecord order, DateTimeOffset startedAt, CreditRefusal refusal, CancellationToken cancellationToken)
    {
        var reason = $"{refusal.Code}: account {refusal.Account}: {refusal.Reason}";
        var held = order with
        {
            State = OrderState.CreditHold,
            DeadLetterReason = reason,
            Attempts = [.. order.Attempts, new ForwardingAttempt(startedAt, refusal.Code, refusal.Reason)],
        };
        if (await Finished(store.DeadLetterAsync(entry, held, cancellationToken), order))
        {
            metrics.OrderCreditHold(order.BuyerId, refusal.Code);
            logger.OrderCreditHeld(order.Id, order.OrderId, order.PayloadId, order.BuyerId, refusal.Code, refusal.Reason);
        }
    }

    // The ERP refused the order ("rejected"), or it (or its credit check) could not answer: tried again within the
    // forwarding window, dead-lettered after it or at once when refused.
    private async Task RetryOrDeadLetterAsync(QueuedOrder entry, OrderRecord order, DateTimeOffset startedAt, string outcome, string detail, CancellationToken cancellationToken)
    {
        var rejected = outcome == "rejected";
        var tried = order with { Attempts = [.. order.Attempts, new ForwardingAttempt(startedAt, outcome, detail)] };

        // The window runs from the first attempt, so an order that waited in a backlog still gets its retries.
        var window = options.Value.Orders.ForwardingWindow;
        var firstAttempt = order.Attempts.Count > 0 ? order.Attempts[0].At : startedAt;
        if (!rejected && clock.GetUtcNow() - firstAttempt < window)
        {
            if (await Finished(store.DeferAsync(entry, tried, cancellationToken), order))
            {
                metrics.OrderRetried(order.BuyerId);
                logger.OrderForwardingDeferred(order.Id, order.OrderId, order.PayloadId, order.BuyerId, detail, options.Value.Orders.ClaimIdleTime);
            }

            return;
        }

        var reason = outcome switch
        {
            "rejected" => $"The ERP refused the order: {detail}",
            "credit-unavailable" => $"The ERP could not check the order's credit within the forwarding window of {window}: {detail}",
            _ => $"The ERP could not take the order within the forwarding window of {window}: {detail}",
        };
        if (await Finished(store.DeadLetterAsync(entry, tried with { State = OrderState.DeadLettered, DeadLetterReason = reason }, cancellationToken), order))
        {
            metrics.OrderForwardFailed(order.BuyerId, outcome);
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
