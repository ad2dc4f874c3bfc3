using Punchout.Gateway.Observability;

namespace Punchout.Gateway.Orders;

/// <summary>Support's replay of a dead-lettered or credit-held order, as the API and the console do it.</summary>
public static class OrderReplay
{
    /// <summary>Queues <paramref name="order"/> again; null when it was, else the state that keeps it from being replayed
    /// (it was not dead-lettered or credit-held, or another replay or the worker changed it since it was read).</summary>
    public static async Task<OrderState?> TryAsync(OrderRecord order, IOrderStore store, GatewayMetrics metrics, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(clock);
        if (order.State is not (OrderState.DeadLettered or OrderState.CreditHold))
        {
            return order.State;
        }

        var replayed = Replayed(order, clock.GetUtcNow());
        if (!await store.ReplayAsync(order, replayed, cancellationToken).ConfigureAwait(false))
        {
            return (await store.GetAsync(order.Id, cancellationToken).ConfigureAwait(false))?.State ?? order.State;
        }

        metrics.OrderReplayed(order.BuyerId, OrderStates.Name(order.State));
        logger.OrderReplayed(order.Id, order.OrderId, order.BuyerId, OrderStates.Name(order.State));
        return null;
    }

    /// <summary>The order as replayed at <paramref name="at"/>: received again, the replay recorded among its attempts.</summary>
    public static OrderRecord Replayed(OrderRecord order, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order with
        {
            State = OrderState.Received,
            DeadLetterReason = null,
            NextAttemptAt = null,
            Attempts = [.. order.Attempts, new ForwardingAttempt(at, ForwardingAttempt.Replayed, $"was {OrderStates.Name(order.State)}: {order.DeadLetterReason}")],
        };
    }
}
