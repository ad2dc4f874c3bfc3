using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;

namespace Punchout.Gateway.Orders;

/// <summary>Orders in this process, for trying the gateway without Redis; the same contract as <see cref="RedisOrderStore"/>.</summary>
/// <remarks>Nothing survives a restart: an order accepted here and not yet forwarded is lost with the process.</remarks>
public sealed class InMemoryOrderStore(TimeProvider clock, IOptions<GatewayOptions>? options = null) : IOrderStore
{
    private const string AllBuyers = "*";
    private readonly Lock gate = new();
    private readonly Dictionary<string, (IdempotencyRecord Record, DateTimeOffset ExpiresAt)> idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IdempotencyRecord Record, DateTimeOffset ExpiresAt)> businessKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (OrderRecord Order, DateTimeOffset? ExpiresAt)> orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (StoredOrderVersion Latest, DateTimeOffset ExpiresAt)> versions = new(StringComparer.Ordinal);
    private readonly List<QueuedOrder> queue = [];
    private readonly Dictionary<string, (string Consumer, DateTimeOffset DeliveredAt)> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> lanes = new(StringComparer.Ordinal);

    // Orders off the queue until their time: the due time, or null while they wait for their turn.
    private readonly Dictionary<(string Buyer, string OrderId), DateTimeOffset?> waiting = [];
    private readonly HashSet<string> paused = new(StringComparer.Ordinal);

    // Every order's arrival, oldest first, kept for twice the retention as Redis keeps its arrival index.
    private readonly SortedSet<ReceivedOrder> arrivals = new(Comparer<ReceivedOrder>.Create((a, b) =>
        a.ReceivedAt != b.ReceivedAt ? a.ReceivedAt.CompareTo(b.ReceivedAt) : string.CompareOrdinal(a.GatewayOrderId, b.GatewayOrderId)));
    private long sequence;
    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    /// <inheritdoc />
    public Task<IntakeResult> AcceptAsync(OrderIntake intake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        var order = intake.Order;
        var key = $"{order.BuyerId}\n{order.PayloadId}";
        lock (gate)
        {
            ForgetExpired();
            var expiresAt = clock.GetUtcNow() + intake.Retention;
            if (Remembered(key, intake.BodySha256) is { } earlier)
            {
                return Task.FromResult(earlier);
            }

            if (businessKeys.TryGetValue(order.IdempotencyKey, out var first))
            {
                if (first.Record.BodySha256 == intake.ContentHash)
                {
                    idempotency[key] = (first.Record with { BodySha256 = intake.BodySha256 }, expiresAt);
                    return Task.FromResult(new IntakeResult(IntakeOutcome.SameOrder, first.Record.GatewayOrderId, first.Record.Answer));
                }

                // Other content: a new order is refused here; an update or delete is a stale version, below.
                if (order.Erp.Type is not ("update" or "delete"))
                {
                    return Task.FromResult(new IntakeResult(IntakeOutcome.SameOrderConflict, first.Record.GatewayOrderId, first.Record.Answer));
                }
            }

            var versionKey = $"{order.BuyerId}\n{order.OrderId}";
            var latest = versions.TryGetValue(versionKey, out var stored) ? stored.Latest : null;
            if (StoredOrderVersion.Refusal(latest, order) is { } refusal)
            {
                return Task.FromResult(new IntakeResult(refusal, string.Empty, intake.Answer, latest));
            }

            if (latest is null || order.Erp.OrderVersion >= latest.OrderVersion)
            {
                versions[versionKey] = (StoredOrderVersion.Of(order), expiresAt);
            }

            var record = new IdempotencyRecord(intake.BodySha256, order.Id, intake.Answer);
            idempotency[key] = (record, expiresAt);
            businessKeys[order.IdempotencyKey] = (record with { BodySha256 = intake.ContentHash }, expiresAt);
            orders[order.Id] = (order, null);
            Enqueue(order.Id, order.BuyerId);
            LaneOf(order.BuyerId).Add(order.Id);
            Arrive(order, intake.Retention);
            return Task.FromResult(new IntakeResult(IntakeOutcome.Accepted, order.Id, intake.Answer));
        }
    }

    /// <inheritdoc />
    public Task<IntakeResult?> FindAsync(string buyerId, string payloadId, string bodySha256, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            ForgetExpired();
            return Task.FromResult(Remembered($"{buyerId}\n{payloadId}", bodySha256));
        }
    }

    /// <inheritdoc />
    public Task<bool> IsSameOrderAsync(OrderRecord order, string contentSha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (gate)
        {
            ForgetExpired();
            return Task.FromResult(businessKeys.TryGetValue(order.IdempotencyKey, out var first) && first.Record.BodySha256 == contentSha256);
        }
    }

    /// <inheritdoc />
    public Task<StoredOrderVersion?> FindLatestAsync(string buyerId, string orderId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            ForgetExpired();
            return Task.FromResult(versions.TryGetValue($"{buyerId}\n{orderId}", out var stored) ? stored.Latest : null);
        }
    }

    // Called under the gate.
    private IntakeResult? Remembered(string key, string bodySha256)
    {
        if (!idempotency.TryGetValue(key, out var remembered))
        {
            return null;
        }

        var existing = remembered.Record;
        var outcome = string.Equals(existing.BodySha256, bodySha256, StringComparison.Ordinal) ? IntakeOutcome.Duplicate : IntakeOutcome.Conflict;
        return new IntakeResult(outcome, existing.GatewayOrderId, existing.Answer);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<QueuedOrder>> ReadQueueAsync(string consumer, int count, TimeSpan claimIdle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            foreach (var due in waiting.Where(w => w.Value <= now).Select(w => w.Key).ToList())
            {
                waiting.Remove(due);
                Enqueue(due.OrderId, due.Buyer);
            }

            var delivered = clock.GetUtcNow();
            var stale = queue.Where(e => pending.TryGetValue(e.EntryId, out var p) && delivered - p.DeliveredAt >= claimIdle).Take(count).ToList();
            var batch = stale.Count > 0 ? stale : queue.Where(e => !pending.ContainsKey(e.EntryId)).Take(count).ToList();
            foreach (var entry in batch)
            {
                pending[entry.EntryId] = (consumer, delivered);
            }

            return Task.FromResult<IReadOnlyList<QueuedOrder>>([.. batch.Select(e => e with { Consumer = consumer })]);
        }
    }

    /// <inheritdoc />
    public Task<Turn> TakeTurnAsync(QueuedOrder entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            if (!Holds(entry))
            {
                return Task.FromResult(Turn.Lost);
            }

            var lane = lanes.GetValueOrDefault(entry.BuyerId);
            var turn = IsPaused(entry.BuyerId) ? Turn.Paused
                : lane is { Count: > 0 } && lane[0] != entry.GatewayOrderId && lane.Contains(entry.GatewayOrderId) ? Turn.Behind
                : Turn.Go;
            if (turn != Turn.Go)
            {
                Dequeue(entry);
                waiting[(entry.BuyerId, entry.GatewayOrderId)] = null;
            }

            return Task.FromResult(turn);
        }
    }

    /// <inheritdoc />
    public Task<OrderRecord?> GetAsync(string gatewayOrderId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(orders.TryGetValue(gatewayOrderId, out var stored) ? stored.Order : null);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeferAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken) => Finish(entry, order, dueAt: order?.NextAttemptAt ?? clock.GetUtcNow());

    /// <inheritdoc />
    public Task<bool> CompleteAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken) => Finish(entry, order, dueAt: null);

    /// <inheritdoc />
    public Task<bool> DeadLetterAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken) => Finish(entry, order, dueAt: null);

    /// <inheritdoc />
    public Task<bool> AcknowledgeAsync(QueuedOrder entry, CancellationToken cancellationToken) => Finish(entry, null, dueAt: null);

    // As in Redis: only the consumer that holds the entry may save its order and take it off the queue. A deferred order
    // waits until dueAt, first in its lane; a finished one leaves its lane and the next one gets its turn.
    private Task<bool> Finish(QueuedOrder entry, OrderRecord? order, DateTimeOffset? dueAt)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            if (!Holds(entry))
            {
                return Task.FromResult(false);
            }

            if (order is not null)
            {
                // A forwarded order is kept for the retention; a dead-lettered or credit-held one until it is replayed.
                orders[order.Id] = (order, dueAt is null && order.State == OrderState.Forwarded ? clock.GetUtcNow() + Retention : null);
            }

            Dequeue(entry);
            if (dueAt is { } due)
            {
                waiting[(entry.BuyerId, entry.GatewayOrderId)] = due;
                return Task.FromResult(true);
            }

            var lane = LaneOf(entry.BuyerId);
            lane.Remove(entry.GatewayOrderId);
            Wake(entry.BuyerId);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> ReplayAsync(OrderRecord current, OrderRecord replayed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replayed);
        lock (gate)
        {
            // Only while it is still dead-lettered or credit-held: of two replays at once, one queues it.
            if (!orders.TryGetValue(current.Id, out var stored) || stored.Order.State is not (OrderState.DeadLettered or OrderState.CreditHold))
            {
                return Task.FromResult(false);
            }

            orders[current.Id] = (replayed, null);
            LaneOf(current.BuyerId).Add(current.Id);
            Enqueue(current.Id, current.BuyerId);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OrderRecord>> ListAsync(OrderState state, string? buyerId, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<OrderRecord>>([.. orders.Values
                .Select(o => o.Order)
                .Where(o => o.State == state && (buyerId is null || o.BuyerId == buyerId))
                .OrderByDescending(o => o.ReceivedAt)
                .Take(limit)]);
        }
    }

    /// <inheritdoc />
    public Task SetPausedAsync(string? buyerId, bool paused, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (paused)
            {
                this.paused.Add(buyerId ?? AllBuyers);
                return Task.CompletedTask;
            }

            // Resuming every buyer lifts the pause of all, not the pauses of single buyers.
            this.paused.Remove(buyerId ?? AllBuyers);

            foreach (var lane in buyerId is null ? lanes.Keys.ToList() : [buyerId])
            {
                Wake(lane);
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<ForwardingStatus> GetForwardingStatusAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var queues = lanes.Where(l => l.Value.Count > 0).OrderBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => new BuyerLane(l.Key, l.Value.Count, orders.TryGetValue(l.Value[0], out var first) ? first.Order.ReceivedAt : null))
                .ToList();
            return Task.FromResult(new ForwardingStatus(paused.Contains(AllBuyers), [.. paused.Where(p => p != AllBuyers).Order(StringComparer.Ordinal)], queues));
        }
    }

    /// <inheritdoc />
    public Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var later = waiting.Where(w => w.Value > now).Select(w => w.Key).ToList();
            foreach (var key in later)
            {
                waiting[key] = DateTimeOffset.MinValue;
            }

            return Task.FromResult(later.Count);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ReceivedOrder> ListReceivedAsync(DateTimeOffset since, DateTimeOffset until, string? buyerId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // As Redis scores them: to the millisecond, until excluded; a record past its expiry is gone.
            var now = clock.GetUtcNow();
            var (from, to) = (since.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds());
            List<ReceivedOrder> found = [.. arrivals
                .Where(a => a.ReceivedAt.ToUnixTimeMilliseconds() >= from && a.ReceivedAt.ToUnixTimeMilliseconds() < to && (buyerId is null || a.BuyerId == buyerId))
                .Select(a => orders.TryGetValue(a.GatewayOrderId, out var stored) && !(stored.ExpiresAt <= now) ? a with { Order = stored.Order } : a)];
            return found.ToAsyncEnumerable();
        }
    }

    private TimeSpan Retention { get; } = options?.Value.Orders.IdempotencyRetention ?? new OrderOptions().IdempotencyRetention;

    // Called under the gate.
    private bool Holds(QueuedOrder entry) => pending.TryGetValue(entry.EntryId, out var holder) && holder.Consumer == entry.Consumer;

    private bool IsPaused(string buyerId) => paused.Contains(AllBuyers) || paused.Contains(buyerId);

    private List<string> LaneOf(string buyerId) => lanes.TryGetValue(buyerId, out var lane) ? lane : lanes[buyerId] = [];

    private void Enqueue(string orderId, string buyerId) => queue.Add(new QueuedOrder($"{++sequence}-0", orderId, string.Empty, buyerId));

    private void Dequeue(QueuedOrder entry)
    {
        queue.RemoveAll(e => e.EntryId == entry.EntryId);
        pending.Remove(entry.EntryId);
    }

    // Called under the gate. Indexes the arrival to the millisecond, as Redis scores it, and trims arrivals older than
    // twice the retention.
    private void Arrive(OrderRecord order, TimeSpan retention)
    {
        var receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(order.ReceivedAt.ToUnixTimeMilliseconds());
        arrivals.Add(new ReceivedOrder(order.BuyerId, order.Id, receivedAt, null));
        var oldest = receivedAt - (2 * retention);
        while (arrivals.Min is { } first && first.ReceivedAt < oldest)
        {
            arrivals.Remove(first);
        }
    }

    // The first of the lane, if it waits for its turn, is due now unless its buyer is paused.
    private void Wake(string buyerId)
    {
        if (!IsPaused(buyerId) && lanes.TryGetValue(buyerId, out var lane) && lane.Count > 0 && waiting.TryGetValue((buyerId, lane[0]), out var due) && due is null)
        {
            waiting[(buyerId, lane[0])] = DateTimeOffset.MinValue;
        }
    }

    // Idempotency records and finished orders are kept for the retention, as Redis keeps them; the sweep runs once a
    // minute, not on every intake.
    private void ForgetExpired()
    {
        var now = clock.GetUtcNow();
        if (now < nextSweep)
        {
            return;
        }

        nextSweep = now.AddMinutes(1);
        Forget(idempotency, now);
        Forget(businessKeys, now);
        foreach (var key in orders.Where(o => o.Value.ExpiresAt <= now).Select(o => o.Key).ToList())
        {
            orders.Remove(key);
        }

        foreach (var key in versions.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
        {
            versions.Remove(key);
        }
    }

    private static void Forget(Dictionary<string, (IdempotencyRecord Record, DateTimeOffset ExpiresAt)> records, DateTimeOffset now)
    {
        foreach (var key in records.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
        {
            records.Remove(key);
        }
    }
}
