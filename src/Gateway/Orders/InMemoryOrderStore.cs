namespace Punchout.Gateway.Orders;

/// <summary>Orders in this process, for trying the gateway without Redis; the same contract as <see cref="RedisOrderStore"/>.</summary>
/// <remarks>Nothing survives a restart: an order accepted here and not yet forwarded is lost with the process.</remarks>
public sealed class InMemoryOrderStore(TimeProvider clock) : IOrderStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (IdempotencyRecord Record, DateTimeOffset ExpiresAt)> idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrderRecord> orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (StoredOrderVersion Latest, DateTimeOffset ExpiresAt)> versions = new(StringComparer.Ordinal);
    private readonly List<QueuedOrder> queue = [];
    private readonly Dictionary<string, (string Consumer, DateTimeOffset DeliveredAt)> pending = new(StringComparer.Ordinal);
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
            if (Remembered(key, intake.BodySha256) is { } earlier)
            {
                return Task.FromResult(earlier);
            }

            var versionKey = $"{order.BuyerId}\n{order.OrderId}";
            var latest = versions.TryGetValue(versionKey, out var stored) ? stored.Latest : null;
            if (StoredOrderVersion.Refusal(latest, order) is { } refusal)
            {
                return Task.FromResult(new IntakeResult(refusal, string.Empty, intake.Answer, latest));
            }

            if (latest is null || order.Erp.OrderVersion >= latest.OrderVersion)
            {
                versions[versionKey] = (StoredOrderVersion.Of(order), clock.GetUtcNow() + intake.Retention);
            }

            idempotency[key] = (new IdempotencyRecord(intake.BodySha256, order.Id, intake.Answer), clock.GetUtcNow() + intake.Retention);
            orders[order.Id] = order;
            queue.Add(new QueuedOrder($"{++sequence}-0", order.Id));
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
    public Task<IReadOnlyList<QueuedOrder>> ReadQueueAsync(string consumer, int count, TimeSpan claimIdle, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var stale = queue.Where(e => pending.TryGetValue(e.EntryId, out var p) && now - p.DeliveredAt >= claimIdle).Take(count).ToList();
            var batch = stale.Count > 0 ? stale : queue.Where(e => !pending.ContainsKey(e.EntryId)).Take(count).ToList();
            foreach (var entry in batch)
            {
                pending[entry.EntryId] = (consumer, now);
            }

            return Task.FromResult<IReadOnlyList<QueuedOrder>>([.. batch.Select(e => e with { Consumer = consumer })]);
        }
    }

    /// <inheritdoc />
    public Task<OrderRecord?> GetAsync(string gatewayOrderId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(orders.GetValueOrDefault(gatewayOrderId));
        }
    }

    /// <inheritdoc />
    public Task<bool> DeferAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken) => Finish(entry, order, remove: false);

    /// <inheritdoc />
    public Task<bool> CompleteAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken) => Finish(entry, order, remove: true);

    /// <inheritdoc />
    public Task<bool> DeadLetterAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken) => Finish(entry, order, remove: true);

    /// <inheritdoc />
    public Task<bool> AcknowledgeAsync(QueuedOrder entry, CancellationToken cancellationToken) => Finish(entry, null, remove: true);

    // As in Redis: only the consumer that holds the entry may save its order and take it off the queue.
    private Task<bool> Finish(QueuedOrder entry, OrderRecord? order, bool remove)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            if (!pending.TryGetValue(entry.EntryId, out var holder) || holder.Consumer != entry.Consumer)
            {
                return Task.FromResult(false);
            }

            if (order is not null)
            {
                orders[order.Id] = order;
            }

            if (remove)
            {
                queue.RemoveAll(e => e.EntryId == entry.EntryId);
                pending.Remove(entry.EntryId);
            }

            return Task.FromResult(true);
        }
    }

    // Idempotency records and the orders they name are kept for the retention, as Redis keeps them; the sweep runs
    // once a minute, not on every intake.
    private void ForgetExpired()
    {
        var now = clock.GetUtcNow();
        if (now < nextSweep)
        {
            return;
        }

        nextSweep = now.AddMinutes(1);
        foreach (var (key, (record, expiresAt)) in idempotency.Where(e => e.Value.ExpiresAt <= now).ToList())
        {
            idempotency.Remove(key);
            if (!queue.Any(e => e.GatewayOrderId == record.GatewayOrderId))
            {
                orders.Remove(record.GatewayOrderId);
            }
        }

        foreach (var key in versions.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
        {
            versions.Remove(key);
        }
    }
}
