namespace Punchout.Gateway.Orders;

/// <summary>Order intake, the forwarding queue and dead letters: Redis, or this process when none is configured.</summary>
/// <remarks>
/// Intake writes the idempotency record, the order, its business key and the queue entry in one atomic step, so a crash
/// can neither lose an accepted order nor queue it twice. An order's record does not expire while it is unfinished,
/// dead-lettered or credit-held; once forwarded it is kept for the idempotency retention. A worker finishes an entry only while it still holds it: when
/// another worker has claimed the entry meanwhile, the finishing methods change nothing and answer false.
/// Each buyer's orders are forwarded in the order they arrived: every unfinished order stands in its buyer's lane, and
/// only the first of a lane may be tried (<see cref="TakeTurnAsync"/>); an order behind it, or of a paused buyer, waits
/// off the queue until the one before it is finished or forwarding resumes. An order the ERP could not take waits off
/// the queue until its next attempt is due, still first in its lane.
/// </remarks>
public interface IOrderStore
{
    /// <summary>Stores and queues a new order, or finds the earlier answer for its payloadID or its business key.</summary>
    Task<IntakeResult> AcceptAsync(OrderIntake intake, CancellationToken cancellationToken);

    /// <summary>The earlier answer for this payloadID, as <see cref="AcceptAsync"/> would give it (duplicate or conflict,
    /// judged by <paramref name="bodySha256"/>), without storing anything; null when the payloadID is new.</summary>
    /// <remarks>Lets intake answer a resend before doing work (the ERP check) a resend must not repeat; intake itself
    /// still decides atomically, so two first sends racing each other are still told apart.</remarks>
    Task<IntakeResult?> FindAsync(string buyerId, string payloadId, string bodySha256, CancellationToken cancellationToken);

    /// <summary>Whether an order with <paramref name="order"/>'s business key (buyer, orderID, type, orderVersion, test or
    /// not) and this content (<paramref name="contentSha256"/>, the document without its payloadID) was accepted: a resend
    /// under a new payloadID, which <see cref="AcceptAsync"/> answers as the first. Lets intake skip the checks a resend
    /// must not repeat (the ERP's answers, or the order history, may have changed since).</summary>
    Task<bool> IsSameOrderAsync(OrderRecord order, string contentSha256, CancellationToken cancellationToken);

    /// <summary>The latest accepted version of the order (buyer, orderID), or null when none is stored.</summary>
    /// <remarks><see cref="AcceptAsync"/> records it with the order, atomically, and refuses (storing nothing) an update
    /// or delete of an order not stored or deleted (<see cref="IntakeOutcome.UnknownOrder"/>) or whose orderVersion is
    /// not above the latest's (<see cref="IntakeOutcome.StaleVersion"/>). A new order replaces it when its orderVersion
    /// is not lower.</remarks>
    Task<StoredOrderVersion?> FindLatestAsync(string buyerId, string orderId, CancellationToken cancellationToken);

    /// <summary>Queue entries for <paramref name="consumer"/>: first the waiting orders whose time has come are queued
    /// again (as of <paramref name="now"/>); then entries left unfinished longer than <paramref name="claimIdle"/> (by a
    /// crashed worker) are claimed, else new ones are read.</summary>
    Task<IReadOnlyList<QueuedOrder>> ReadQueueAsync(string consumer, int count, TimeSpan claimIdle, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Whether the order of <paramref name="entry"/> may be tried now: it is first in its buyer's lane and the
    /// buyer is not paused (<see cref="Turn.Go"/>); otherwise it leaves the queue, atomically with the decision, and
    /// waits for its turn.</summary>
    Task<Turn> TakeTurnAsync(QueuedOrder entry, CancellationToken cancellationToken);

    /// <summary>The order with this gateway id.</summary>
    Task<OrderRecord?> GetAsync(string gatewayOrderId, CancellationToken cancellationToken);

    /// <summary>Saves an order the ERP could not take yet; it leaves the queue, stays first in its buyer's lane, and is
    /// queued again when <see cref="OrderRecord.NextAttemptAt"/> is due.</summary>
    Task<bool> DeferAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken);

    /// <summary>Saves the forwarded order and takes it off the queue and its lane, together; the next of the lane gets
    /// its turn.</summary>
    Task<bool> CompleteAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken);

    /// <summary>Saves the order, adds it to the dead letters with the reason, and takes it off the queue and its lane,
    /// together; the next of the lane gets its turn.</summary>
    Task<bool> DeadLetterAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken);

    /// <summary>Takes an entry that needs no work off the queue and its order off its lane.</summary>
    Task<bool> AcknowledgeAsync(QueuedOrder entry, CancellationToken cancellationToken);

    /// <summary>Queues a dead-lettered or credit-held order again as <paramref name="replayed"/>, at the end of its
    /// buyer's lane, and takes it off the dead letters, all only while the stored order is still dead-lettered or
    /// credit-held (so two replays at once queue it once). False when it is not.</summary>
    Task<bool> ReplayAsync(OrderRecord current, OrderRecord replayed, CancellationToken cancellationToken);

    /// <summary>The orders in <paramref name="state"/>, newest first, at most <paramref name="limit"/>, of one buyer or all.</summary>
    Task<IReadOnlyList<OrderRecord>> ListAsync(OrderState state, string? buyerId, int limit, CancellationToken cancellationToken);

    /// <summary>Pauses or resumes forwarding for one buyer, or for all (<paramref name="buyerId"/> null). Intake goes
    /// on; a paused buyer's orders wait in their lanes and are forwarded, in order, once resumed. Resuming all lifts the
    /// pause of all; a buyer paused on its own stays paused until it is resumed by name.</summary>
    Task SetPausedAsync(string? buyerId, bool paused, CancellationToken cancellationToken);

    /// <summary>What is queued and paused: per buyer, the unfinished orders and the oldest of them.</summary>
    Task<ForwardingStatus> GetForwardingStatusAsync(CancellationToken cancellationToken);

    /// <summary>Makes every order waiting for a retry due now, so the queue drains as soon as the ERP is back (after a
    /// maintenance window) instead of at each order's backoff; answers how many.</summary>
    Task<int> DrainAsync(CancellationToken cancellationToken);

    /// <summary>Every order accepted at intake from <paramref name="since"/> until before <paramref name="until"/> (by
    /// <see cref="OrderRecord.ReceivedAt"/>, to the millisecond), of one buyer or all, oldest first.</summary>
    /// <remarks>Intake indexes each order's arrival, atomically with storing it, and the index keeps an arrival for twice
    /// <c>Orders:IdempotencyRetention</c>; a finished order's record is kept for the retention only. An arrival whose
    /// record is gone is listed without it (<see cref="ReceivedOrder.Order"/> null), never left out, so a caller can
    /// tell "expired" from "never received".</remarks>
    IAsyncEnumerable<ReceivedOrder> ListReceivedAsync(DateTimeOffset since, DateTimeOffset until, string? buyerId, CancellationToken cancellationToken);
}

/// <summary>An order's arrival, as the arrival index keeps it, with its record while that is kept.</summary>
/// <param name="BuyerId">The buyer.</param>
/// <param name="GatewayOrderId">The gateway's id of the order.</param>
/// <param name="ReceivedAt">When it arrived, to the millisecond.</param>
/// <param name="Order">Its record; null when the record has expired (a finished order older than the retention).</param>
public sealed record ReceivedOrder(string BuyerId, string GatewayOrderId, DateTimeOffset ReceivedAt, OrderRecord? Order);

/// <summary>Whether a queued order may be tried now.</summary>
public enum Turn
{
    /// <summary>It is first in its buyer's lane and forwarding is not paused: try it.</summary>
    Go,

    /// <summary>An earlier order of the buyer is not finished: it waits for that one.</summary>
    Behind,

    /// <summary>Forwarding is paused for its buyer or for all: it waits for the resume.</summary>
    Paused,

    /// <summary>Another worker claimed the entry meanwhile: leave it.</summary>
    Lost,
}

/// <summary>The forwarding queue as support sees it.</summary>
/// <param name="PausedAll">Whether forwarding is paused for every buyer.</param>
/// <param name="PausedBuyers">The buyers paused one by one.</param>
/// <param name="Buyers">Per buyer with unfinished orders: how many, and when the oldest arrived.</param>
public sealed record ForwardingStatus(bool PausedAll, IReadOnlyList<string> PausedBuyers, IReadOnlyList<BuyerLane> Buyers)
{
    /// <summary>Unfinished orders of every buyer.</summary>
    public int Depth => Buyers.Sum(b => b.Depth);

    /// <summary>When the oldest unfinished order arrived; null when there is none.</summary>
    public DateTimeOffset? OldestReceivedAt => Buyers.Count == 0 ? null : Buyers.Min(b => b.OldestReceivedAt);

    /// <summary>Whether <paramref name="buyerId"/>'s orders are held.</summary>
    public bool IsPaused(string buyerId) => PausedAll || PausedBuyers.Contains(buyerId, StringComparer.Ordinal);
}

/// <summary>One buyer's unfinished orders: received, forwarding, or waiting behind those.</summary>
public sealed record BuyerLane(string BuyerId, int Depth, DateTimeOffset? OldestReceivedAt);
