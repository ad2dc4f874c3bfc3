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

    // KEYS: idempotency record, order record, queue. ARGV: record JSON, order JSON, order id, retention in ms.
    // Returns the existing idempotency record, or nil after storing and queueing the new order.
    private const string IntakeScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then return existing end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
        redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
        redis.call('XADD', KEYS[3], '*', 'order', ARGV[3])
        return false
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
            [keys.Idempotency(order.BuyerId, OrderHashes.Of(order.PayloadId)), keys.Order(order.Id), keys.OrderStream],
            [JsonSerializer.Serialize(record, GatewayJson.Options), JsonSerializer.Serialize(order, GatewayJson.Options), order.Id, (long)intake.Retention.TotalMilliseconds]).ConfigureAwait(false);
        if (result.IsNull)
        {
            return new IntakeResult(IntakeOutcome.Accepted, order.Id, intake.Answer);
        }

        var existing = JsonSerializer.Deserialize<IdempotencyRecord>((string)result!, GatewayJson.Options)!;
        return new IntakeResult(
            string.Equals(existing.BodySha256, intake.BodySha256, StringComparison.Ordinal) ? IntakeOutcome.Duplicate : IntakeOutcome.Conflict,
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

    private async Task<IReadOnlyList<QueuedOrder>> ReadAsync(string consumer, int count, TimeSpan claimIdle)
    {
        await EnsureGroupAsync().ConfigureAwait(false);
        var claimed = await Db.StreamAutoClaimAsync(keys.OrderStream, ConsumerGroup, consumer, (long)claimIdle.TotalMilliseconds, "0-0", count).ConfigureAwait(false);
        var entries = claimed.ClaimedEntries.Where(e => !e.IsNull).ToArray();
        if (entries.Length == 0)
        {
            entries = await Db.StreamReadGroupAsync(keys.OrderStream, ConsumerGroup, consumer, StreamPosition.NewMessages, count).ConfigureAwait(false);
        }

        return [.. entries.Select(e => new QueuedOrder(e.Id!, (string)e["order"]!))];
    }

    /// <inheritdoc />
    public async Task<OrderRecord?> GetAsync(string gatewayOrderId, CancellationToken cancellationToken) =>
        await Db.StringGetAsync(keys.Order(gatewayOrderId)).ConfigureAwait(false) is { IsNull: false } json
            ? JsonSerializer.Deserialize<OrderRecord>((string)json!, GatewayJson.Options)
            : null;

    /// <inheritdoc />
    public Task SaveAsync(OrderRecord order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Db.StringSetAsync(keys.Order(order.Id), JsonSerializer.Serialize(order, GatewayJson.Options), retention);
    }

    /// <inheritdoc />
    public async Task CompleteAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var transaction = Db.CreateTransaction();
        _ = transaction.StringSetAsync(keys.Order(order.Id), JsonSerializer.Serialize(order, GatewayJson.Options), retention);
        Remove(transaction, entry);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeadLetterAsync(QueuedOrder entry, OrderRecord order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var transaction = Db.CreateTransaction();
        _ = transaction.StringSetAsync(keys.Order(order.Id), JsonSerializer.Serialize(order, GatewayJson.Options), retention);
        _ = transaction.StreamAddAsync(keys.DeadLetterStream, [new("order", order.Id), new("buyer", order.BuyerId), new("reason", order.DeadLetterReason ?? string.Empty)]);
        Remove(transaction, entry);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task AcknowledgeAsync(QueuedOrder entry, CancellationToken cancellationToken)
    {
        var transaction = Db.CreateTransaction();
        Remove(transaction, entry);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    // Acknowledged and deleted: the order's record keeps its history, so the stream holds only work still to do.
    private void Remove(ITransaction transaction, QueuedOrder entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _ = transaction.StreamAcknowledgeAsync(keys.OrderStream, ConsumerGroup, entry.EntryId);
        _ = transaction.StreamDeleteAsync(keys.OrderStream, [entry.EntryId]);
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
