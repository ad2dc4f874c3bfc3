using System.Text.Json;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Redis;
using StackExchange.Redis;

namespace Punchout.Gateway.Outbound;

/// <summary>Outbound documents in Redis: each document a JSON string, each order's documents a list in posting order
/// and a line of those still to send, the queue and the dead letters streams shared by the delivery workers of every
/// gateway instance through a consumer group, and deferred documents a sorted set by due time.</summary>
/// <remarks>Every key shares the <c>{orders}</c> hash tag, so the scripts work on Redis Cluster. Due times come from
/// Redis's own clock (TIME), so gateway instances with skewed clocks agree on them.</remarks>
public sealed class RedisOutboundStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<GatewayOptions> options) : IOutboundStore
{
    /// <summary>The consumer group of the delivery workers.</summary>
    public const string ConsumerGroup = "senders";

    // The most deferred documents one read moves back to the queue.
    private const int MoveLimit = 100;

    // KEYS: document, the order's documents, the order's line, queue, client key (or the document again when none).
    // ARGV: document JSON, document id, order id, retention in ms, client key record JSON or ''.
    // Returns the client key's record when the key is taken (nothing stored); else stores the document, appends it to
    // the order's documents and line, queues it when it is first in the line, records the key, and returns nil.
    private const string EnqueueScript = """
        if ARGV[5] ~= '' then
          local existing = redis.call('GET', KEYS[5])
          if existing then return existing end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
        redis.call('RPUSH', KEYS[2], ARGV[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        if redis.call('RPUSH', KEYS[3], ARGV[2]) == 1 then
          redis.call('XADD', KEYS[4], '*', 'out', ARGV[2], 'order', ARGV[3])
        end
        redis.call('PEXPIRE', KEYS[3], ARGV[4])
        if ARGV[5] ~= '' then redis.call('SET', KEYS[5], ARGV[5], 'PX', ARGV[4]) end
        return false
        """;

    // KEYS: queue, document (or the queue again when none), the order's line, dead letters, deferred set.
    // ARGV: group, entry id, consumer, document JSON or '', retention in ms, how (done, dead, defer), document id,
    // order id, buyer, reason, delay in ms.
    // Finishes an entry only while the consumer still holds it: saves the document and takes the entry off the queue;
    // a deferred document goes to the deferred set, due after the delay, and stays first in its order's line; a
    // finished one (dead-lettered with its reason, trimmed like the orders' dead letters) leaves the line and the next
    // document of the order is queued. Returns 1, or 0 when another consumer holds the entry.
    private const string FinishScript = """
        local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
        if #pending == 0 or pending[1][2] ~= ARGV[3] then return 0 end
        if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5]) end
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        if ARGV[6] == 'defer' then
          redis.call('ZADD', KEYS[5], now + tonumber(ARGV[11]), ARGV[7] .. ' ' .. ARGV[8])
          return 1
        end
        if ARGV[6] == 'dead' then
          redis.call('XADD', KEYS[4], 'MINID', '~', string.format('%.0f', now - tonumber(ARGV[5])), '*', 'out', ARGV[7], 'order', ARGV[8], 'buyer', ARGV[9], 'reason', ARGV[10])
        end
        if redis.call('LINDEX', KEYS[3], 0) == ARGV[7] then
          redis.call('LPOP', KEYS[3])
          local following = redis.call('LINDEX', KEYS[3], 0)
          if following then redis.call('XADD', KEYS[1], '*', 'out', following, 'order', ARGV[8]) end
        else
          redis.call('LREM', KEYS[3], 0, ARGV[7])
        end
        return 1
        """;

    // KEYS: deferred set, queue. ARGV: the most to move. Queues the deferred documents that are due (a member is
    // "documentId orderId") and returns how many.
    private const string MoveDueScript = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
        for _, member in ipairs(due) do
          local space = string.find(member, ' ', 1, true)
          redis.call('XADD', KEYS[2], '*', 'out', string.sub(member, 1, space - 1), 'order', string.sub(member, space + 1))
          redis.call('ZREM', KEYS[1], member)
        end
        return #due
        """;

    // KEYS: document, the order's line, queue. ARGV: document JSON, retention in ms, document id, order id.
    // Saves the document and puts it at the end of its order's line (queued when first) only while the stored one is
    // dead-lettered. Returns 1, or 0 when it is not.
    private const string ReplayScript = """
        local stored = redis.call('GET', KEYS[1])
        if not stored or cjson.decode(stored)['state'] ~= 'deadLettered' then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        if redis.call('RPUSH', KEYS[2], ARGV[3]) == 1 then
          redis.call('XADD', KEYS[3], '*', 'out', ARGV[3], 'order', ARGV[4])
        end
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        return 1
        """;

    private readonly long retention = (long)options.Value.Outbound.Retention.TotalMilliseconds;

    private IDatabase Db => redis.GetDatabase();

    /// <inheritdoc />
    public async Task<OutboundIntakeResult> EnqueueAsync(OutboundIntake intake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        var document = intake.Document;
        var keyRecord = intake.ClientKey is null ? string.Empty : JsonSerializer.Serialize(new OutboundKeyRecord(intake.BodySha256, document.Id), GatewayJson.Options);
        var result = await Db.ScriptEvaluateAsync(
            EnqueueScript,
            [keys.Outbound(document.Id), keys.OutboundByOrder(document.GatewayOrderId), keys.OutboundLine(document.GatewayOrderId), keys.OutboundStream, intake.ClientKey is { } clientKey ? keys.OutboundKey(OrderHashes.Of(clientKey)) : keys.Outbound(document.Id)],
            [Serialize(document), document.Id, document.GatewayOrderId, retention, keyRecord]).ConfigureAwait(false);
        return result.IsNull
            ? new OutboundIntakeResult(OutboundIntakeOutcome.Accepted, document.Id)
            : Remembered((string)result!, intake.BodySha256);
    }

    /// <inheritdoc />
    public async Task<OutboundIntakeResult?> FindAsync(string clientKey, string bodySha256, CancellationToken cancellationToken)
    {
        var existing = await Db.StringGetAsync(keys.OutboundKey(OrderHashes.Of(clientKey))).ConfigureAwait(false);
        return existing.IsNull ? null : Remembered((string)existing!, bodySha256);
    }

    /// <inheritdoc />
    public async Task<OutboundDocument?> GetAsync(string outboundId, CancellationToken cancellationToken) =>
        Deserialize(await Db.StringGetAsync(keys.Outbound(outboundId)).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboundDocument>> ListForOrderAsync(string gatewayOrderId, CancellationToken cancellationToken)
    {
        var ids = await Db.ListRangeAsync(keys.OutboundByOrder(gatewayOrderId)).ConfigureAwait(false);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await Db.StringGetAsync([.. ids.Select(id => keys.Outbound(id!))]).ConfigureAwait(false);
        return [.. values.Select(Deserialize).OfType<OutboundDocument>()];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueuedOutbound>> ReadQueueAsync(string consumer, int count, TimeSpan claimIdle, CancellationToken cancellationToken)
    {
        await Db.ScriptEvaluateAsync(MoveDueScript, [keys.OutboundDeferred, keys.OutboundStream], [MoveLimit]).ConfigureAwait(false);
        try
        {
            return await ReadAsync(consumer, count, claimIdle).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // No group yet, or Redis lost it (a restart without persistence, a flush): create it from the stream's
            // beginning, so no queued document is skipped. No stream yet means nothing was ever queued; it is not created
            // here, so an idle gateway leaves no keys behind.
            try
            {
                await Db.StreamCreateConsumerGroupAsync(keys.OutboundStream, ConsumerGroup, StreamPosition.Beginning, createStream: false).ConfigureAwait(false);
            }
            catch (RedisServerException create) when (create.Message.Contains("requires the key to exist", StringComparison.Ordinal))
            {
                return [];
            }
            catch (RedisServerException create) when (create.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
            {
                // Another instance created it meanwhile.
            }

            return await ReadAsync(consumer, count, claimIdle).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(QueuedOutbound entry, OutboundDocument document, CancellationToken cancellationToken) => FinishAsync(entry, document, "done", TimeSpan.Zero);

    /// <inheritdoc />
    public Task<bool> DeferAsync(QueuedOutbound entry, OutboundDocument document, TimeSpan retryAfter, CancellationToken cancellationToken) => FinishAsync(entry, document, "defer", retryAfter);

    /// <inheritdoc />
    public Task<bool> DeadLetterAsync(QueuedOutbound entry, OutboundDocument document, CancellationToken cancellationToken) => FinishAsync(entry, document, "dead", TimeSpan.Zero);

    /// <inheritdoc />
    public Task<bool> AcknowledgeAsync(QueuedOutbound entry, CancellationToken cancellationToken) => FinishAsync(entry, null, "done", TimeSpan.Zero);

    /// <inheritdoc />
    public async Task<bool> ReplayAsync(OutboundDocument requeued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requeued);
        var result = await Db.ScriptEvaluateAsync(
            ReplayScript,
            [keys.Outbound(requeued.Id), keys.OutboundLine(requeued.GatewayOrderId), keys.OutboundStream],
            [Serialize(requeued), retention, requeued.Id, requeued.GatewayOrderId]).ConfigureAwait(false);
        return (long)result == 1;
    }

    private async Task<bool> FinishAsync(QueuedOutbound entry, OutboundDocument? document, string how, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var result = await Db.ScriptEvaluateAsync(
            FinishScript,
            [keys.OutboundStream, document is null ? keys.OutboundStream : keys.Outbound(document.Id), keys.OutboundLine(entry.GatewayOrderId), keys.OutboundDeadLetterStream, keys.OutboundDeferred],
            [ConsumerGroup, entry.EntryId, entry.Consumer, document is null ? string.Empty : Serialize(document), retention, how, entry.OutboundId, entry.GatewayOrderId, document?.BuyerId ?? string.Empty, document?.DeadLetterReason ?? string.Empty, (long)retryAfter.TotalMilliseconds]).ConfigureAwait(false);
        return (long)result == 1;
    }

    // Claims entries idle longer than claimIdle, scanning the whole pending list, then takes new ones.
    private async Task<IReadOnlyList<QueuedOutbound>> ReadAsync(string consumer, int count, TimeSpan claimIdle)
    {
        RedisValue cursor = "0-0";
        StreamEntry[] entries;
        do
        {
            var claimed = await Db.StreamAutoClaimAsync(keys.OutboundStream, ConsumerGroup, consumer, (long)claimIdle.TotalMilliseconds, cursor, count).ConfigureAwait(false);
            entries = [.. claimed.ClaimedEntries.Where(e => !e.IsNull)];
            cursor = claimed.NextStartId;
        }
        while (entries.Length == 0 && cursor != "0-0");

        if (entries.Length == 0)
        {
            entries = await Db.StreamReadGroupAsync(keys.OutboundStream, ConsumerGroup, consumer, StreamPosition.NewMessages, count).ConfigureAwait(false);
        }

        return [.. entries.Select(e => new QueuedOutbound(e.Id!, (string)e["out"]!, (string)e["order"]!, consumer))];
    }

    private static OutboundIntakeResult Remembered(string recordJson, string bodySha256)
    {
        var existing = JsonSerializer.Deserialize<OutboundKeyRecord>(recordJson, GatewayJson.Options)!;
        return new OutboundIntakeResult(
            string.Equals(existing.BodySha256, bodySha256, StringComparison.Ordinal) ? OutboundIntakeOutcome.Duplicate : OutboundIntakeOutcome.Conflict,
            existing.OutboundId);
    }

    private static string Serialize(OutboundDocument document) => JsonSerializer.Serialize(document, GatewayJson.Options);

    private static OutboundDocument? Deserialize(RedisValue json) =>
        json.IsNull ? null : JsonSerializer.Deserialize<OutboundDocument>((string)json!, GatewayJson.Options);
}
