namespace Punchout.Gateway.Orders;

/// <summary>Order intake, the forwarding queue and dead letters: Redis, or this process when none is configured.</summary>
/// <remarks>Intake writes the idempotency record, the order and the queue entry in one atomic step, so a crash can
/// neither lose an accepted order nor queue it twice. A worker finishes an entry only while it still holds it: when
/// another worker has claimed the entry meanwhile, the finishing methods change nothing and answer false.</remarks>
public interface IOrderStore
{
    /// <summary>Stores and queues a new order, or finds the earlier answer for its payloadID.</summary>
    Task<IntakeResult> AcceptAsync(OrderIntake intake, CancellationToken cancellationToken);

    /// <summary>The earlier answer for this payloadID, as <see cref="AcceptAsync"/> would give it (duplicate or conflict,
    /// judged by <paramref name="bodySha256"/>), without storing anything; null when the payloadID is new.</summary>
    /// <remarks>Lets intake answer a resend before doing work (the ERP check) a resend must not repeat; intake itself
    /// still decides atomically, so two first sends racing each other are still told apart.</remarks>
    Task<IntakeResult?> FindAsync(string buyerId, string payloadId, string bodySha256, CancellationToken cancellationToken);

    /// <summary>The latest accepted version of the order (buyer, orderID), or null when none is stored.</summary>
    /// <remarks><see cref="AcceptAsync"/> records it with the order, atomically, and refuses (storing nothing) an update
    /// or delete of an order not stored or deleted (<see cref="IntakeOutcome.UnknownOrder"/>) or whose orderVersion is
    /// not above the latest's (<see cref="IntakeOutcome.StaleVersion"/>). A new order replaces it when its orderVersion
    /// is not lower.</remarks>
    Task<StoredOrderVersion?> FindLatestAsync(string buyerId, string orderId, CancellationToken cancellationToken);

    /// <summary>Queue entries for <paramref name="consumer"/>: entries left unfinished longer than
    /// <paramref name="claimIdle"/> (by a crashed worker, or deferred after an ERP failure) first, then new ones.</summary>
    Task<IReadOnlyList<QueuedOrder>> ReadQueueAsync(string consumer, int count, TimeSpan claimIdle, CancellationToken cancellationToken);

    /// <summary>The order with this gateway id.</summary>
    Task<OrderRecord?> GetAsync(string gatewayOrderId, CancellationToken cancellationToken);

    /// <summary>Saves an order whose entry stays queued, to be claimed and tried again.</summary>
    Task<bool> DeferAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken);

    /// <summary>Saves the forwarded order and takes its entry off the queue, together.</summary>
    Task<bool> CompleteAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken);

    /// <summary>Saves the order, adds it to the dead letters with the reason, and takes its entry off the queue, together.</summary>
    Task<bool> DeadLetterAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken);

    /// <summary>Takes an entry that needs no work off the queue.</summary>
    Task<bool> AcknowledgeAsync(QueuedOrder entry, CancellationToken cancellationToken);
}
