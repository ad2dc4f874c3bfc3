using System.Text.Json;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Redis;
using StackExchange.Redis;

namespace Punchout.Gateway.Orders;

/// <summary>Orders in Redis: idempotency records and order records as JSON strings, the queue and the dead letters as
/// streams, forwarded by a consumer group so that several gateway instances share the work.</summary>
public sealed class RedisOrderStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<GatewayOptions> options) : IOrderStore
{
    /// <summary>The consumer group of the forwarding workers.</summary>
    public const string ConsumerGroup = "forwarders";

    // KEYS: idempotency record, order record, queue, latest version of (buyer, orderID). ARGV: record JSON, order JSON,
    // order id, retention in ms, type, orderVersion, orderType, payloadID.
    // Returns {'known', record} with the existing idempotency record; {'unknown'} or {'stale'} with the latest version
    // (orderVersion, type, orderType, payloadID, order id) when an update or delete is refused, nothing stored; or nil
    // after storing and queueing the order and recording it as the latest version (a new one only when not lower).
    private const string IntakeScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then return {'known', existing} end
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
        redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
        redis.call('XADD', KEYS[3], '*', 'order', ARGV[3])
        if not latest[1] or version >= tonumber(latest[1]) then
          redis.call('HSET', KEYS[4], 'version', ARGV[6], 'type', ARGV[5], 'orderType', ARGV[7], 'payloadId', ARGV[8], 'orderId', ARGV[3])
          redis.call('PEXPIRE', KEYS[4], ARGV[4])
        end
        return false
        """;

    // KEYS: queue, order record (or the queue again when there is none), dead letters; all under the {orders} tag.
    // ARGV: group, entry id, consumer, order JSON or '', retention in ms, dead-letter fields (buyer, reason) or none.
    // Finishes an entry only while the consumer still holds it: saves the record, dead-letters it when asked (dead
    // letters older than the retention are trimmed, as their records expire), and acknowledges and deletes the entry
    // unless it is deferred. Returns 1, or 0 when another consumer holds it.
    private const string FinishScript = """
        local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
        if #pending == 0 or pending[1][2] ~= ARGV[3] then return 0 end
        if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5]) end
        if ARGV[6] == 'defer' then return 1 end
        if ARGV[6] == 'dead' then
          local time = redis.call('TIME')
          local oldest = (tonumber(time[1]) * 1000) - tonumber(ARGV[5])
          redis.call('XADD', KEYS[3], 'MINID', '~', string.format('%.0f', oldest), '*', 'order', ARGV[7], 'buyer', ARGV[8], 'reason', ARGV[9])
        end
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        return 1
        """;

    private readonly TimeSpan retention = options.Value.Orders.IdempotencyRetention;
    private volatile bool groupReady;

    private IDatabase Db => redis.GetDatabase();

    /// <inheritdoc />
    public async Task<IntakeResult> AcceptAsync(OrderIntake intake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        var order = intake.Order;
        var record = new IdempotencyRecord(intake.BodySha256, order.Id, intake.Answer);
        var result = await Db.ScriptEvaluateAsync(
            IntakeScript,
            [keys.Idempotency(order.BuyerId, OrderHashes.Of(order.PayloadId)), keys.Order(order.Id), keys.OrderStream, keys.OrderVersion(order.BuyerId, OrderHashes.Of(order.OrderId))],
            [JsonSerializer.Serialize(record, GatewayJson.Options), JsonSerializer.Serialize(order, GatewayJson.Options), order.Id, (long)intake.Retention.TotalMilliseconds, order.Erp.Type, order.Erp.OrderVersion, order.Erp.OrderType, order.PayloadId]).ConfigureAwait(false);
        if (result.IsNull)
        {
            return new IntakeResult(IntakeOutcome.Accepted, order.Id, intake.Answer);
        }

        var reply = (RedisResult[])result!;
        return (string)reply[0]! switch
        {
            "known" => Remembered((string)reply[1]!, intake.BodySha256),
            var refusal => new IntakeResult(
                refusal == "stale" ? IntakeOutcome.StaleVersion : IntakeOutcome.UnknownOrder,
                string.Empty,
                intake.Answer,
                reply.Length > 1 ? new StoredOrderVersion((int)reply[1], (string)reply[2]!, (string)reply[3]!, (string)reply[4]!, (string)reply[5]!) : null),
        };
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
    public async Task<IReadOnlyList<QueuedOrder>> ReadQueueAsync(string consumer, int count, TimeSpan claimIdle, CancellationToken cancellationToken)
    {
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
            [keys.OrderStream, order is null ? keys.OrderStream : keys.Order(order.Id), keys.DeadLetterStream],
            [ConsumerGroup, entry.EntryId, entry.Consumer, order is null ? string.Empty : JsonSerializer.Serialize(order, GatewayJson.Options), (long)retention.TotalMilliseconds, how, order?.Id ?? string.Empty, order?.BuyerId ?? string.Empty, order?.DeadLetterReason ?? string.Empty]).ConfigureAwait(false);
        return (long)result == 1;
    }

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

        return [.. entries.Select(e => new QueuedOrder(e.Id!, (string)e["order"]!, consumer))];
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
