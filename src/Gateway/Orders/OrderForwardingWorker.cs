using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Erp;
using Punchout.Gateway.Health;
using Punchout.Gateway.Observability;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Orders;

/// <summary>Forwards queued orders to the ERP; runs in every gateway instance, sharing the queue.</summary>
/// <remarks>
/// Delivery is at least once, with a stable Idempotency-Key so that the ERP creates each order once. Each call is
/// retried with backoff by the ERP client's resilience pipeline. When the ERP still cannot take an order, the order
/// waits off the queue, first in its buyer's lane, and is tried again after an exponential backoff with jitter
/// (<c>Orders:RetryBaseDelay</c> doubling up to <c>Orders:RetryMaxDelay</c>) until <c>Orders:ForwardingWindow</c> is
/// spent. An order the ERP refuses, or whose window is spent, goes to the dead letters with the reason and is counted,
/// and the buyer's next order gets its turn. Each buyer's orders reach the ERP in the order they arrived: an order
/// waits while an earlier one of its buyer is unfinished, so an update never overtakes its original. An entry a
/// crashed worker held is claimed again after <c>Orders:ClaimIdleTime</c>.
/// An update or delete goes to the ERP as a change of the order it changes (<see cref="ErpOrder.ChangeOf"/>, with the
/// ERP's id of it); when that one never reached the ERP (dead-lettered, credit-held), the change is dead-lettered too,
/// with the reason, for support to replay after the original.
/// For a buyer with <c>CreditCheck: Async</c>, a new or changed order is credit-checked first, on every attempt: a
/// hold or an over-limit parks it in <see cref="OrderState.CreditHold"/> with the ERP's reason (with the dead letters,
/// for support to replay once the account is cleared); a check that cannot answer is retried like an ERP outage, within
/// the same forwarding window.
/// The worker beats (<see cref="WorkerHeartbeats"/>, for readiness) every time round its loop, promising the next
/// beat within <see cref="IdleBeatWithin"/> while it waits for orders, and within <c>Orders:ClaimIdleTime</c> once it
/// starts on an order: a worker that holds an order longer is as good as crashed, for another takes the order over.
/// </remarks>
public sealed class OrderForwardingWorker(
    IOrderStore store,
    IErpClient erp,
    BuyerDirectory buyers,
    CreditGate credit,
    GatewayMetrics metrics,
    WorkerHeartbeats heartbeats,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<OrderForwardingWorker> logger) : BackgroundService
{
    /// <summary>The worker's name in the health report.</summary>
    public const string HeartbeatName = "order-forwarding";

    // One at a time, so no claimed entry waits behind slow ones long enough for another worker to claim it too.
    private const int BatchSize = 1;
    private static readonly TimeSpan FailureDelay = TimeSpan.FromSeconds(2);

    // How long a Redis call may take before StackExchange.Redis gives up on it (its default timeout).
    private static readonly TimeSpan RedisCallAllowance = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QueueObservationInterval = TimeSpan.FromSeconds(5);
    private readonly string consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private DateTimeOffset nextObservation = DateTimeOffset.MinValue;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var orders = options.Value.Orders;
        var idle = IdleBeatWithin(orders);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                heartbeats.Beat(HeartbeatName, idle);
                try
                {
                    await ObserveQueueAsync(stoppingToken).ConfigureAwait(false);
                    var batch = await store.ReadQueueAsync(consumer, BatchSize, orders.ClaimIdleTime, clock.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                    if (batch.Count == 0)
                    {
                        await Task.Delay(orders.PollInterval, clock, stoppingToken).ConfigureAwait(false);
                        continue;
                    }

                    foreach (var entry in batch)
                    {
                        heartbeats.Beat(HeartbeatName, orders.ClaimIdleTime);
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
        finally
        {
            heartbeats.Stopped(HeartbeatName);
        }
    }

    /// <summary>Within how long a waiting worker beats again: three rounds of its slowest idle loop (a poll, or a
    /// Redis call that times out and the pause after it), and never less than 30 s.</summary>
    internal static TimeSpan IdleBeatWithin(OrderOptions orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        return TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 3 * Math.Max(orders.PollInterval.Ticks, FailureDelay.Ticks + RedisCallAllowance.Ticks)));
    }

    // The queue's depth and age per buyer for the metrics, read every few seconds by whichever worker polls.
    private async Task ObserveQueueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < nextObservation)
        {
            return;
        }

        nextObservation = now + QueueObservationInterval;
        var status = await store.GetForwardingStatusAsync(cancellationToken).ConfigureAwait(false);
        metrics.QueueObserved([.. status.Buyers.Select(b => new QueueGauge(b.BuyerId, b.Depth, b.OldestReceivedAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0))]);
    }

    /// <summary>Forwards one queued order, if it is its turn, and records the outcome.</summary>
    internal async Task ForwardAsync(QueuedOrder entry, CancellationToken cancellationToken)
    {
        var turn = await store.TakeTurnAsync(entry, cancellationToken).ConfigureAwait(false);
        if (turn != Turn.Go)
        {
            logger.OrderWaitsForItsTurn(entry.GatewayOrderId, entry.BuyerId, turn.ToString().ToLowerInvariant());
            return;
        }

        var order = await store.GetAsync(entry.GatewayOrderId, cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            logger.OrderMissing(entry.EntryId, entry.GatewayOrderId);
            await store.AcknowledgeAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["GatewayOrderId"] = order.Id, ["OrderId"] = order.OrderId, ["PayloadId"] = order.PayloadId, ["Buyer"] = order.BuyerId });
        if (order.State is not (OrderState.Received or OrderState.Forwarding))
        {
            await store.AcknowledgeAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }

        var startedAt = clock.GetUtcNow();
        // Checked once: after it passed, a retry is of an order the ERP may already have booked (its answer lost), whose
        // own amount a second check would count against the account.
        if (buyers.Find(order.BuyerId) is { CreditAsync: true } buyer && order.Erp.Type is "new" or "update" && order.CreditPassedAt is null)
        {
            var refusal = await credit.AskAsync(buyer, order.Erp.Currency, order.Erp.Total, $"order:{order.OrderId}", cancellationToken).ConfigureAwait(false);
            metrics.CreditChecked(buyer.Id, "forwarding", refusal?.Code ?? "ok");
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

            order = order with { CreditPassedAt = startedAt };
        }

        if (await AgreementNotForwardedAsync(order, cancellationToken).ConfigureAwait(false) is { } blanket)
        {
            await DeadLetterAsync(
                entry,
                order with { Attempts = [.. order.Attempts, new ForwardingAttempt(startedAt, "agreement-not-forwarded", blanket.Id)] },
                "agreement-not-forwarded",
                $"This release draws on agreement {order.Erp.AgreementId} (order {blanket.Id}), which never reached the ERP (it is {OrderStates.Name(blanket.State)}); replay that order first, then this one.",
                cancellationToken).ConfigureAwait(false);
            return;
        }

        if (order.Changes is { } changed)
        {
            var original = await store.GetAsync(changed, cancellationToken).ConfigureAwait(false);
            if (original?.ErpOrderId is null)
            {
                await DeadLetterAsync(
                    entry,
                    order with { Attempts = [.. order.Attempts, new ForwardingAttempt(startedAt, "original-not-forwarded", changed)] },
                    "original-not-forwarded",
                    original is null
                        ? $"This {order.Erp.Type} changes order {changed}, which the gateway no longer holds; forward the change to the ERP by hand."
                        : $"This {order.Erp.Type} changes order {changed} (orderVersion {original.Erp.OrderVersion}), which never reached the ERP (it is {OrderStates.Name(original.State)}); replay that order first, then this one.",
                    cancellationToken).ConfigureAwait(false);
                return;
            }

            order = order with { Erp = order.Erp with { ChangeOf = new ErpOrderReference(original.ErpOrderId, original.Erp.OrderVersion, original.PayloadId, original.Id) } };
        }

        // The ERP learns the gateway's id of the order, which its confirmations and shipments name.
        order = order with { Erp = order.Erp with { GatewayOrderId = order.Id } };
        var outcome = await erp.SubmitOrderAsync(order.Erp, order.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        if (outcome.Value is { } accepted)
        {
            var forwarded = order with
            {
                State = OrderState.Forwarded,
                ErpOrderId = accepted.ErpOrderId,
                NextAttemptAt = null,
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

    // The ERP refused the order ("rejected"), or it (or its credit check) could not answer: tried again after a backoff
    // within the forwarding window, dead-lettered after it or at once when refused.
    private async Task RetryOrDeadLetterAsync(QueuedOrder entry, OrderRecord order, DateTimeOffset startedAt, string outcome, string detail, CancellationToken cancellationToken)
    {
        var rejected = outcome == "rejected";
        var tried = order with { Attempts = [.. order.Attempts, new ForwardingAttempt(startedAt, outcome, detail)] };

        // The window runs from the first attempt since the last replay, so an order that waited in a backlog, or that
        // support replayed, still gets its retries.
        var orders = options.Value.Orders;
        var window = orders.ForwardingWindow;
        var sinceReplay = tried.AttemptsSinceReplay.ToList();
        var now = clock.GetUtcNow();
        if (!rejected && now - sinceReplay[0].At < window)
        {
            var next = now + Backoff(sinceReplay.Count, orders);
            if (await Finished(store.DeferAsync(entry, tried with { State = OrderState.Forwarding, NextAttemptAt = next }, cancellationToken), order))
            {
                metrics.OrderRetried(order.BuyerId);
                logger.OrderForwardingDeferred(order.Id, order.OrderId, order.PayloadId, order.BuyerId, detail, next);
            }

            return;
        }

        var reason = outcome switch
        {
            "rejected" => $"The ERP refused the order: {detail}",
            "credit-unavailable" => $"The ERP could not check the order's credit within the forwarding window of {window}: {detail}",
            _ => $"The ERP could not take the order within the forwarding window of {window}: {detail}",
        };
        await DeadLetterAsync(entry, tried, outcome, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeadLetterAsync(QueuedOrder entry, OrderRecord order, string outcome, string reason, CancellationToken cancellationToken)
    {
        if (await Finished(store.DeadLetterAsync(entry, order with { State = OrderState.DeadLettered, DeadLetterReason = reason, NextAttemptAt = null }, cancellationToken), order))
        {
            metrics.OrderForwardFailed(order.BuyerId, outcome);
            logger.OrderDeadLettered(order.Id, order.OrderId, order.PayloadId, order.BuyerId, reason);
        }
    }

    // The blanket order a release draws on, when the gateway holds it and it never reached the ERP (dead-lettered or
    // credit-held): the ERP would get a release of an agreement it does not have. Null otherwise (intake checked that
    // the agreement was accepted; one the gateway no longer holds is beyond its retention, and goes on).
    private async Task<OrderRecord?> AgreementNotForwardedAsync(OrderRecord order, CancellationToken cancellationToken)
    {
        if (order.Erp.OrderType != "release" || order.Erp.AgreementId is not { Length: > 0 } agreement
            || await store.FindLatestAsync(order.BuyerId, agreement, cancellationToken).ConfigureAwait(false) is not { } latest)
        {
            return null;
        }

        return await store.GetAsync(latest.GatewayOrderId, cancellationToken).ConfigureAwait(false) is { ErpOrderId: null, State: OrderState.DeadLettered or OrderState.CreditHold } blanket
            ? blanket
            : null;
    }

    /// <summary>How long to wait before attempt <paramref name="failures"/> + 1: the base delay doubled for each failure
    /// after the first, capped at the maximum, then cut to a random 50 to 100 % of it, so that orders deferred together
    /// (an outage) do not all come back at once.</summary>
    internal static TimeSpan Backoff(int failures, OrderOptions orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var capped = Math.Min(orders.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), orders.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
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
