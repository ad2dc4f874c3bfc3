using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Redis;
using StackExchange.Redis;

namespace Punchout.Gateway.Orders;

/// <summary>Orders in Redis: idempotency records and order records as JSON strings, the queue and the dead letters as
/// streams, forwarded by a consumer group so that several gateway instances share the work; each buyer's unfinished
/// orders in a lane (a list) so that they are forwarded in the order they arrived.</summary>
public sealed class RedisOrderStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<GatewayOptions> options, TimeProvider? clock = null) : IOrderStore
{
    /// <summary>The consumer group of the forwarding workers.</summary>
    public const string ConsumerGroup = "forwarders";

    // KEYS: idempotency record, order record, queue, latest version of (buyer, orderID), business key, lane, lanes,
    // orders received, arrivals. ARGV: record JSON, order JSON, order id, retention in ms, type, orderVersion, orderType,
    // payloadID, buyer, body hash, content hash, arrival in Unix ms.
    // Returns {'known', record} for a known payloadID; {'same', record} for a known business key with the same content
    // (the payloadID is remembered for it) or {'keyconflict', record} for a new order with other content (an update or
    // delete with other content is a stale version); {'unknown'} or {'stale'} with
    // the latest version (orderVersion, type, orderType, payloadID, order id) when an update or delete is refused; or
    // nil after storing (without expiry while unfinished) and queueing the order at the end of its buyer's lane. The
    // arrival is indexed for reconciliation; arrivals older than twice the retention are trimmed.
    private const string IntakeScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then return {'known', existing} end
        local same = redis.call('GET', KEYS[5])
        if same then
          local first = cjson.decode(same)
          if first['bodySha256'] == ARGV[11] then
            first['bodySha256'] = ARGV[10]
            redis.call('SET', KEYS[1], cjson.encode(first), 'PX', ARGV[4])
            return {'same', same}
          end
          if ARGV[5] ~= 'update' and ARGV[5] ~= 'delete' then return {'keyconflict', same} end
        end
        local latest = redis.call('HMGET', KEYS[4], 'version', 'type', 'orderType', 'payloadId', 'orderId')
        local version = tonumber(ARGV[6])
        if ARGV[5] == 'update' or ARGV[5] == 'delete' then
          if not latest[1] or latest[2] == 'delete' then
            if latest[1] then return {'unknown', latest[1], latest[2], latest[3], latest[4], latest[5]} end
            return {'unknown'}
          end
          if version <= tonumber(latest[1]) then return {'stale', latest[1], latest[2], latest[3], latest[4], latest[5]} end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
        redis.call('SET', KEYS[2], ARGV[2])
        local byKey = cjson.decode(ARGV[1])
        byKey['bodySha256'] = ARGV[11]
        redis.call('SET', KEYS[5], cjson.encode(byKey), 'PX', ARGV[4])
        redis.call('XADD', KEYS[3], '*', 'order', ARGV[3], 'buyer', ARGV[9])
        redis.call('RPUSH', KEYS[6], ARGV[3])
        redis.call('SADD', KEYS[7], ARGV[9])
        redis.call('ZADD', KEYS[8], ARGV[12], ARGV[3])
        redis.call('ZADD', KEYS[9], ARGV[12], ARGV[9] .. '/' .. ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[9], '-inf', string.format('(%.0f', tonumber(ARGV[12]) - 2 * tonumber(ARGV[4])))
        if not latest[1] or version >= tonumber(latest[1]) then
          redis.call('HSET', KEYS[4], 'version', ARGV[6], 'type', ARGV[5], 'orderType', ARGV[7], 'payloadId', ARGV[8], 'orderId', ARGV[3])
          redis.call('PEXPIRE', KEYS[4], ARGV[4])
        end
        return false
        """;

    // KEYS: queue, order record (or the queue again when there is none), dead letters, lane, lanes, waiting, paused,
    // dead-letter entry of the order, then the state sets in OrderStates.All's order. ARGV: group, entry id, consumer,
    // order JSON or '', retention in ms, how (defer, done, dead), order id, buyer, dead-letter reason, state number (1
    // based, 0: none), due time in Unix ms. A state set scores its orders by when they entered the state.
    // Finishes an entry only while the consumer still holds it: saves the record (a forwarded one is kept for the
    // retention; a dead-lettered or credit-held one until support replays it), moves it between the state sets (the
    // forwarded set trimmed of orders whose records are gone), and takes the entry off the queue. A deferred order waits
    // until it is due, still first in its lane; a finished one leaves its lane, and the next of the lane, if it waits for
    // its turn, is made due now unless its buyer is paused.
    // Returns 1, or 0 when another consumer holds the entry.
    private const string FinishScript = """
        local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
        if #pending == 0 or pending[1][2] ~= ARGV[3] then return 0 end
        if ARGV[4] ~= '' then
          if ARGV[6] == 'done' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5]) else redis.call('SET', KEYS[2], ARGV[4]) end
        end
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local state = tonumber(ARGV[10])
        if state > 0 then
          for i = 9, #KEYS do redis.call('ZREM', KEYS[i], ARGV[7]) end
          redis.call('ZADD', KEYS[8 + state], now, ARGV[7])
        end
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        if ARGV[6] == 'defer' then
          redis.call('ZADD', KEYS[6], ARGV[11], ARGV[8] .. '/' .. ARGV[7])
          return 1
        end
        local oldest = now - tonumber(ARGV[5])
        if ARGV[6] == 'dead' then
          local id = redis.call('XADD', KEYS[3], '*', 'order', ARGV[7], 'buyer', ARGV[8], 'reason', ARGV[9])
          redis.call('SET', KEYS[8], id)
        end
        if state == 3 then redis.call('ZREMRANGEBYSCORE', KEYS[8 + state], '-inf', string.format('(%.0f', oldest - tonumber(ARGV[5]))) end
        redis.call('LREM', KEYS[4], 0, ARGV[7])
        local head = redis.call('LINDEX', KEYS[4], 0)
        if not head then
          redis.call('SREM', KEYS[5], ARGV[8])
          return 1
        end
        local member = ARGV[8] .. '/' .. head
        if redis.call('ZSCORE', KEYS[6], member) == 'inf' and redis.call('SISMEMBER', KEYS[7], '*') == 0 and redis.call('SISMEMBER', KEYS[7], ARGV[8]) == 0 then
          redis.call('ZADD', KEYS[6], 0, member)
        end
        return 1
        """;

    // KEYS: queue, lane, paused, waiting. ARGV: group, entry id, consumer, order id, buyer.
    // 'go' when the consumer holds the entry, the order is first in its lane (or in none) and its buyer is not paused;
    // 'lost' when another consumer holds it; otherwise the entry leaves the queue and the order waits (+inf) for its
    // turn: 'behind' or 'paused'.
    private const string TurnScript = """
        local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
        if #pending == 0 or pending[1][2] ~= ARGV[3] then return 'lost' end
        local why = false
        if redis.call('SISMEMBER', KEYS[3], '*') == 1 or redis.call('SISMEMBER', KEYS[3], ARGV[5]) == 1 then
          why = 'paused'
        else
          local head = redis.call('LINDEX', KEYS[2], 0)
          if head and head ~= ARGV[4] and redis.call('LPOS', KEYS[2], ARGV[4]) then why = 'behind' end
        end
        if not why then return 'go' end
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        redis.call('ZADD', KEYS[4], 'inf', ARGV[5] .. '/' .. ARGV[4])
        return why
        """;

    // KEYS: waiting, queue. ARGV: now in Unix ms, how many at most. Queues the waiting orders that are due.
    private const string PromoteScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
        for _, member in ipairs(due) do
          redis.call('ZREM', KEYS[1], member)
          local buyer, id = string.match(member, '^([^/]*)/(.*)$')
          redis.call('XADD', KEYS[2], '*', 'order', id, 'buyer', buyer)
        end
        return #due
        """;

    // KEYS: lane, waiting, paused. ARGV: buyer. Makes the first of the lane due now when it waits for its turn and the
    // buyer is not paused.
    private const string WakeScript = """
        if redis.call('SISMEMBER', KEYS[3], '*') == 1 or redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then return 0 end
        local head = redis.call('LINDEX', KEYS[1], 0)
        if not head then return 0 end
        local member = ARGV[1] .. '/' .. head
        if redis.call('ZSCORE', KEYS[2], member) == 'inf' then
          redis.call('ZADD', KEYS[2], 0, member)
          return 1
        end
        return 0
        """;

    // KEYS: waiting. ARGV: now in Unix ms. Makes every retry due later than now due now; orders waiting for their turn stay.
    private const string DrainScript = """
        local later = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '(inf')
        for _, member in ipairs(later) do redis.call('ZADD', KEYS[1], 0, member) end
        return #later
        """;

    // KEYS: order record, queue, lane, lanes, dead letters, dead-letter entry, then the state sets in OrderStates.All's
    // order. ARGV: the record as read (unused), the replayed record, order id, buyer, the time of the replay in Unix ms.
    // Only while the stored order is still dead-lettered or credit-held (judged by its state alone, so a record written
    // by an earlier version of the gateway, with fewer fields, is replayed too): saves the replayed one (without expiry), takes the dead letter off its
    // stream, moves the order to received, and queues it at the end of its buyer's lane. Returns 1, or 0.
    private const string ReplayScript = """
        local stored = redis.call('GET', KEYS[1])
        if not stored then return 0 end
        local state = cjson.decode(stored)['state']
        if state ~= 'dead-lettered' and state ~= 'credit-hold' then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        local dead = redis.call('GET', KEYS[6])
        if dead then
          redis.call('XDEL', KEYS[5], dead)
          redis.call('DEL', KEYS[6])
        end
        for i = 7, #KEYS do redis.call('ZREM', KEYS[i], ARGV[3]) end
        redis.call('ZADD', KEYS[7], ARGV[5], ARGV[3])
        redis.call('RPUSH', KEYS[3], ARGV[3])
        redis.call('SADD', KEYS[4], ARGV[4])
        redis.call('XADD', KEYS[2], '*', 'order', ARGV[3], 'buyer', ARGV[4])
        return 1
        """;

    private const int PromoteBatch = 100;
    private const int ReadBatch = 500;
    private const string AllBuyers = "*";
    private readonly TimeSpan retention = options.Value.Orders.IdempotencyRetention;
    private readonly TimeProvider time = clock ?? TimeProvider.System;
    private volatile bool groupReady;

    private IDatabase Db => redis.GetDatabase();

    private RedisKey[] StateKeys => [.. OrderStates.All.Select(s => keys.OrdersIn(OrderStates.Name(s)))];

    /// <inheritdoc />
    public async Task<IntakeResult> AcceptAsync(OrderIntake intake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        var order = intake.Order;
        var record = new IdempotencyRecord(intake.BodySha256, order.Id, intake.Answer);
        var result = await Db.ScriptEvaluateAsync(
            IntakeScript,
            [
                keys.Idempotency(order.BuyerId, OrderHashes.Of(order.PayloadId)), keys.Order(order.Id), keys.OrderStream, keys.OrderVersion(order.BuyerId, OrderHashes.Of(order.OrderId)),
                keys.OrderBusinessKey(order.BuyerId, OrderHashes.Of(order.IdempotencyKey)), keys.OrderLane(order.BuyerId), keys.OrderLanes, keys.OrdersIn(OrderStates.Name(OrderState.Received)),
                keys.OrdersReceivedAt,
            ],
            [
                JsonSerializer.Serialize(record, GatewayJson.Options), JsonSerializer.Serialize(order, GatewayJson.Options), order.Id, (long)intake.Retention.TotalMilliseconds,
                order.Erp.Type, order.Erp.OrderVersion, order.Erp.OrderType, order.PayloadId, order.BuyerId, intake.BodySha256, intake.ContentHash, order.ReceivedAt.ToUnixTimeMilliseconds(),
            ]).ConfigureAwait(false);
        if (result.IsNull)
        {
            return new IntakeResult(IntakeOutcome.Accepted, order.Id, intake.Answer);
        }

        var reply = (RedisResult[])result!;
        return (string)reply[0]! switch
        {
            "known" => Remembered((string)reply[1]!, intake.BodySha256),
            "same" or "keyconflict" => FirstOfKey((string)reply[0]! == "same", (string)reply[1]!),
            var refusal => new IntakeResult(
                refusal == "stale" ? IntakeOutcome.StaleVersion : IntakeOutcome.UnknownOrder,
                string.Empty,
                intake.Answer,
                reply.Length > 1 ? new StoredOrderVersion((int)reply[1], (string)reply[2]!, (string)reply[3]!, (string)reply[4]!, (string)reply[5]!) : null),
        };
    }

    private static IntakeResult FirstOfKey(bool same, string recordJson)
    {
        var first = JsonSerializer.Deserialize<IdempotencyRecord>(recordJson, GatewayJson.Options)!;
        return new IntakeResult(same ? IntakeOutcome.SameOrder : IntakeOutcome.SameOrderConflict, first.GatewayOrderId, first.Answer);
    }

    /// <inheritdoc />
    public async Task<bool> IsSameOrderAsync(OrderRecord order, string contentSha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var first = await Db.StringGetAsync(keys.OrderBusinessKey(order.BuyerId, OrderHashes.Of(order.IdempotencyKey))).ConfigureAwait(false);
        return !first.IsNull && JsonSerializer.Deserialize<IdempotencyRecord>((string)first!, GatewayJson.Options)!.BodySha256 == contentSha256;
    }

    /// <inheritdoc />
    public async Task<StoredOrderVersion?> FindLatestAsync(string buyerId, string orderId, CancellationToken cancellationToken)
    {
        var fields = await Db.HashGetAsync(keys.OrderVersion(buyerId, OrderHashes.Of(orderId)), ["version", "type", "orderType", "payloadId", "orderId"]).ConfigureAwait(false);
        return fields[0].IsNull ? null : new StoredOrderVersion((int)fields[0], fields[1]!, fields[2]!, fields[3]!, fields[4]!);
    }

    /// <inheritdoc />
    public async Task<IntakeResult?> FindAsync(string buyerId, string payloadId, string bodySha256, CancellationToken cancellationToken)
    {
        var existing = await Db.StringGetAsync(keys.Idempotency(buyerId, OrderHashes.Of(payloadId))).ConfigureAwait(false);
        return existing.IsNull ? null : Remembered((string)existing!, bodySha256);
    }

    private static IntakeResult Remembered(string recordJson, string bodySha256)
    {
        var existing = JsonSerializer.Deserialize<IdempotencyRecord>(recordJson, GatewayJson.Options)!;
        return new IntakeResult(
            string.Equals(existing.BodySha256, bodySha256, StringComparison.Ordinal) ? IntakeOutcome.Duplicate : IntakeOutcome.Conflict,
            existing.GatewayOrderId,
            existing.Answer);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueuedOrder>> ReadQueueAsync(string consumer, int count, TimeSpan claimIdle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Db.ScriptEvaluateAsync(PromoteScript, [keys.OrderWaiting, keys.OrderStream], [now.ToUnixTimeMilliseconds(), PromoteBatch]).ConfigureAwait(false);
        try
        {
            return await ReadAsync(consumer, count, claimIdle).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // Redis lost the group (a restart without persistence, a failover, a flush) while intake recreated the
            // stream: create the group again from the stream's beginning, so no queued order is skipped.
            groupReady = false;
            return await ReadAsync(consumer, count, claimIdle).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<Turn> TakeTurnAsync(QueuedOrder entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var turn = (string)(await Db.ScriptEvaluateAsync(
            TurnScript,
            [keys.OrderStream, keys.OrderLane(entry.BuyerId), keys.OrderPaused, keys.OrderWaiting],
            [ConsumerGroup, entry.EntryId, entry.Consumer, entry.GatewayOrderId, entry.BuyerId]).ConfigureAwait(false))!;
        return turn switch
        {
            "go" => Turn.Go,
            "behind" => Turn.Behind,
            "paused" => Turn.Paused,
            _ => Turn.Lost,
        };
    }

    /// <inheritdoc />
    public async Task<OrderRecord?> GetAsync(string gatewayOrderId, CancellationToken cancellationToken) =>
        await Db.StringGetAsync(keys.Order(gatewayOrderId)).ConfigureAwait(false) is { IsNull: false } json
            ? JsonSerializer.Deserialize<OrderRecord>((string)json!, GatewayJson.Options)
            : null;

    /// <inheritdoc />
    public Task<bool> DeferAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken) => FinishAsync(entry, order, "defer");

    /// <inheritdoc />
    public Task<bool> CompleteAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken) => FinishAsync(entry, order, "done");

    /// <inheritdoc />
    public Task<bool> DeadLetterAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken) => FinishAsync(entry, order, "dead");

    /// <inheritdoc />
    public Task<bool> AcknowledgeAsync(QueuedOrder entry, CancellationToken cancellationToken) => FinishAsync(entry, null, "done");

    private async Task<bool> FinishAsync(QueuedOrder entry, OrderRecord? order, string how)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var result = await Db.ScriptEvaluateAsync(
            FinishScript,
            [
                keys.OrderStream, order is null ? keys.OrderStream : keys.Order(order.Id), keys.DeadLetterStream, keys.OrderLane(entry.BuyerId), keys.OrderLanes,
                keys.OrderWaiting, keys.OrderPaused, keys.DeadLetterEntry(entry.GatewayOrderId), .. StateKeys,
            ],
            [
                ConsumerGroup, entry.EntryId, entry.Consumer, order is null ? string.Empty : JsonSerializer.Serialize(order, GatewayJson.Options), (long)retention.TotalMilliseconds, how,
                entry.GatewayOrderId, entry.BuyerId, order?.DeadLetterReason ?? string.Empty, order is null ? 0 : StateNumber(order.State),
                (order?.NextAttemptAt ?? time.GetUtcNow()).ToUnixTimeMilliseconds(),
            ]).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async Task<bool> ReplayAsync(OrderRecord current, OrderRecord replayed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replayed);
        var result = await Db.ScriptEvaluateAsync(
            ReplayScript,
            [keys.Order(current.Id), keys.OrderStream, keys.OrderLane(current.BuyerId), keys.OrderLanes, keys.DeadLetterStream, keys.DeadLetterEntry(current.Id), .. StateKeys],
            [JsonSerializer.Serialize(current, GatewayJson.Options), JsonSerializer.Serialize(replayed, GatewayJson.Options), current.Id, current.BuyerId, time.GetUtcNow().ToUnixTimeMilliseconds()]).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrderRecord>> ListAsync(OrderState state, string? buyerId, int limit, CancellationToken cancellationToken)
    {
        // Newest first; one buyer's are picked from the newest few thousand of the state.
        var ids = await Db.SortedSetRangeByRankAsync(keys.OrdersIn(OrderStates.Name(state)), 0, (buyerId is null ? limit : Math.Max(limit, 5000)) - 1, Order.Descending).ConfigureAwait(false);
        if (ids.Length == 0)
        {
            return [];
        }

        var records = await Db.StringGetAsync([.. ids.Select(id => keys.Order((string)id!))]).ConfigureAwait(false);
        return [.. records
            .Where(r => !r.IsNull)
            .Select(r => JsonSerializer.Deserialize<OrderRecord>((string)r!, GatewayJson.Options)!)
            .Where(o => o.State == state && (buyerId is null || o.BuyerId == buyerId))
            .Take(limit)];
    }

    /// <inheritdoc />
    public async Task SetPausedAsync(string? buyerId, bool paused, CancellationToken cancellationToken)
    {
        var member = buyerId ?? AllBuyers;
        if (paused)
        {
            await Db.SetAddAsync(keys.OrderPaused, member).ConfigureAwait(false);
            return;
        }

        // Resuming every buyer lifts the pause of all, not the pauses of single buyers.
        await Db.SetRemoveAsync(keys.OrderPaused, member).ConfigureAwait(false);

        // The first order of each lane resumed gets its turn; the rest follow it as each one before them finishes.
        var lanes = buyerId is null ? (await Db.SetMembersAsync(keys.OrderLanes).ConfigureAwait(false)).Select(b => (string)b!) : [buyerId];
        foreach (var lane in lanes)
        {
            await Db.ScriptEvaluateAsync(WakeScript, [keys.OrderLane(lane), keys.OrderWaiting, keys.OrderPaused], [lane]).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<ForwardingStatus> GetForwardingStatusAsync(CancellationToken cancellationToken)
    {
        var paused = (await Db.SetMembersAsync(keys.OrderPaused).ConfigureAwait(false)).Select(m => (string)m!).ToList();
        var queues = new List<BuyerLane>();
        foreach (var buyer in (await Db.SetMembersAsync(keys.OrderLanes).ConfigureAwait(false)).Select(b => (string)b!).Order(StringComparer.Ordinal))
        {
            var depth = await Db.ListLengthAsync(keys.OrderLane(buyer)).ConfigureAwait(false);
            if (depth == 0)
            {
                continue;
            }

            var head = await Db.ListGetByIndexAsync(keys.OrderLane(buyer), 0).ConfigureAwait(false);
            var first = head.IsNull ? null : await GetAsync((string)head!, cancellationToken).ConfigureAwait(false);
            queues.Add(new BuyerLane(buyer, (int)depth, first?.ReceivedAt));
        }

        return new ForwardingStatus(paused.Contains(AllBuyers), [.. paused.Where(p => p != AllBuyers).Order(StringComparer.Ordinal)], queues);
    }

    /// <inheritdoc />
    public async Task<int> DrainAsync(CancellationToken cancellationToken) =>
        (int)(long)await Db.ScriptEvaluateAsync(DrainScript, [keys.OrderWaiting], [time.GetUtcNow().ToUnixTimeMilliseconds()]).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedOrder> ListReceivedAsync(DateTimeOffset since, DateTimeOffset until, string? buyerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The period's arrivals in one read (ids only), then their records a batch at a time: arrivals added or trimmed
        // meanwhile cannot shift a page.
        var members = await Db.SortedSetRangeByScoreWithScoresAsync(keys.OrdersReceivedAt, since.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds(), Exclude.Stop).ConfigureAwait(false);
        var arrivals = members.Select(m => Arrival((string)m.Element!, m.Score)).Where(a => buyerId is null || a.BuyerId == buyerId).ToList();
        foreach (var batch in arrivals.Chunk(ReadBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var records = await Db.StringGetAsync([.. batch.Select(a => keys.Order(a.GatewayOrderId))]).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                yield return records[i].IsNull ? batch[i] : batch[i] with { Order = JsonSerializer.Deserialize<OrderRecord>((string)records[i]!, GatewayJson.Options) };
            }
        }
    }

    // An arrival index member is buyer/orderId (a gateway order id holds no '/'), scored by Unix ms.
    private static ReceivedOrder Arrival(string member, double score)
    {
        var slash = member.LastIndexOf('/');
        return new ReceivedOrder(member[..slash], member[(slash + 1)..], DateTimeOffset.FromUnixTimeMilliseconds((long)score), null);
    }

    private static int StateNumber(OrderState state) => OrderStates.All.ToList().IndexOf(state) + 1;

    // Claims entries idle longer than claimIdle, scanning the whole pending list (XAUTOCLAIM looks at only ten times
    // COUNT entries per call), then takes new ones.
    private async Task<IReadOnlyList<QueuedOrder>> ReadAsync(string consumer, int count, TimeSpan claimIdle)
    {
        await EnsureGroupAsync().ConfigureAwait(false);
        RedisValue cursor = "0-0";
        StreamEntry[] entries;
        do
        {
            var claimed = await Db.StreamAutoClaimAsync(keys.OrderStream, ConsumerGroup, consumer, (long)claimIdle.TotalMilliseconds, cursor, count).ConfigureAwait(false);
            entries = [.. claimed.ClaimedEntries.Where(e => !e.IsNull)];
            cursor = claimed.NextStartId;
        }
        while (entries.Length == 0 && cursor != "0-0");

        if (entries.Length == 0)
        {
            entries = await Db.StreamReadGroupAsync(keys.OrderStream, ConsumerGroup, consumer, StreamPosition.NewMessages, count).ConfigureAwait(false);
        }

        return [.. entries.Select(e => new QueuedOrder(e.Id!, (string)e["order"]!, consumer, (string?)e["buyer"] ?? string.Empty))];
    }

    private async Task EnsureGroupAsync()
    {
        if (groupReady)
        {
            return;
        }

        try
        {
            await Db.StreamCreateConsumerGroupAsync(keys.OrderStream, ConsumerGroup, StreamPosition.Beginning, createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another instance, or an earlier run, created it.
        }

        groupReady = true;
    }
}

/// <summary>Hashes that keep buyers' identifiers out of key names.</summary>
public static class OrderHashes
{
    /// <summary>The lower-case hex SHA-256 of a text's UTF-8 bytes.</summary>
    public static string Of(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>The lower-case hex SHA-256 of bytes.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
