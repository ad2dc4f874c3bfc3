namespace Punchout.Gateway.Orders;

/// <summary>Order intake, the forwarding queue and dead letters: Redis, or this process when none is configured.</summary>
/// <remarks>Intake writes the idempotency record, the order and the queue entry in one atomic step, so a crash can
/// neither lose an accepted order nor queue it twice.</remarks>
public interface IOrderStore
{
    /// <summary>Stores and queues a new order, or finds the earlier answer for its payloadID.</summary>
    Task<IntakeResult> AcceptAsync(OrderIntake intake, CancellationToken cancellationToken);

    /// <summary>Queue entries for <paramref name="consumer"/>: entries another consumer left unacknowledged longer
    /// than <paramref name="claimIdle"/> first, then new ones.</summary>
    Task<IReadOnlyList<QueuedOrder>> ReadQueueAsync(string consumer, int count, TimeSpan claimIdle, CancellationToken cancellationToken);

    /// <summary>The order with this gateway id.</summary>
    Task<OrderRecord?> GetAsync(string gatewayOrderId, CancellationToken cancellationToken);

    /// <summary>Saves an order whose queue entry stays unacknowledged, to be claimed and tried again.</summary>
    Task SaveAsync(OrderRecord order, CancellationToken cancellationToken);

    /// <summary>Saves the forwarded order and acknowledges its queue entry, together.</summary>
    Task CompleteAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken);

    /// <summary>Saves the order, adds it to the dead letters with the reason, and acknowledges its queue entry, together.</summary>
    Task DeadLetterAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken);

    /// <summary>Acknowledges an entry that needs no work.</summary>
    Task AcknowledgeAsync(QueuedOrder entry, CancellationToken cancellationToken);
}
