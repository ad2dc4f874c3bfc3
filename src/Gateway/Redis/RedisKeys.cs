using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using StackExchange.Redis;

namespace Punchout.Gateway.Redis;

/// <summary>The gateway's Redis key layout, under one configurable prefix.</summary>
/// <remarks>Keys that a script or transaction touches together share a hash tag, so they live in one slot on Redis
/// Cluster: a session and its tokens share <c>{s:sessionId}</c>, the indexes of sessions <c>{sessions}</c>, the activity
/// counts <c>{stats}</c>, the order keys <c>{orders}</c>.</remarks>
public sealed class RedisKeys(IOptions<GatewayOptions> options)
{
    private readonly string prefix = options.Value.Redis.KeyPrefix;

    /// <summary>A punchout session (a hash of its JSON and its state), with a sliding TTL.</summary>
    public RedisKey Session(string sessionId) => $"{prefix}{{s:{sessionId}}}:session";

    /// <summary>A one-time start token of a session, by its hash.</summary>
    public RedisKey StartToken(string sessionId, string tokenHash) => $"{prefix}{{s:{sessionId}}}:start:{tokenHash}";

    /// <summary>A one-time return token of a session, by its hash, holding the cart to post.</summary>
    public RedisKey ReturnToken(string sessionId, string tokenHash) => $"{prefix}{{s:{sessionId}}}:return:{tokenHash}";

    /// <summary>The open sessions (a sorted set of session ids scored by when each is expected to expire, Unix ms), for
    /// counting those that expire without a cart or a cancel.</summary>
    public RedisKey OpenSessions => $"{prefix}{{sessions}}:open";

    /// <summary>Who each open session belongs to (a hash: session id → <c>protocol|buyer</c>), beside <see cref="OpenSessions"/>.</summary>
    public RedisKey OpenSessionOwners => $"{prefix}{{sessions}}:open-owner";

    /// <summary>The activity counts of one UTC day (a hash: <c>counter|labels|HHmm</c> → count), under <c>{stats}</c> so
    /// that one transaction can write two days.</summary>
    public RedisKey ActivityDay(DateOnly day) => $"{prefix}{{stats}}:day:{day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The buyer's sessions of the last day (a sorted set of session ids scored by creation, Unix ms), for support.</summary>
    public RedisKey SessionsOf(string buyerId) => $"{prefix}{{sessions}}:buyer:{buyerId}";

    /// <summary>The idempotency record of (buyer, payloadID).</summary>
    public RedisKey Idempotency(string buyerId, string payloadIdHash) => $"{prefix}{{orders}}:idem:{buyerId}:{payloadIdHash}";

    /// <summary>An order's record (JSON).</summary>
    public RedisKey Order(string gatewayOrderId) => $"{prefix}{{orders}}:order:{gatewayOrderId}";

    /// <summary>The latest accepted version of the order (buyer, orderID), a hash.</summary>
    public RedisKey OrderVersion(string buyerId, string orderIdHash) => $"{prefix}{{orders}}:byorder:{buyerId}:{orderIdHash}";

    /// <summary>The stream of orders waiting to be forwarded.</summary>
    public RedisKey OrderStream => $"{prefix}{{orders}}:stream";

    /// <summary>The stream of orders that could not be forwarded.</summary>
    public RedisKey DeadLetterStream => $"{prefix}{{orders}}:dead";

    /// <summary>The first record of an order's business key (buyer, orderID, type, orderVersion, test or not), by its hash:
    /// a resend under a new payloadID is the same order.</summary>
    public RedisKey OrderBusinessKey(string buyerId, string keyHash) => $"{prefix}{{orders}}:bykey:{buyerId}:{keyHash}";

    /// <summary>A buyer's unfinished orders in the order they arrived (a list of gateway order ids).</summary>
    public RedisKey OrderLane(string buyerId) => $"{prefix}{{orders}}:lane:{buyerId}";

    /// <summary>The buyers with a lane (a set).</summary>
    public RedisKey OrderLanes => $"{prefix}{{orders}}:lanes";

    /// <summary>Orders off the queue until their time (<c>buyer/orderId</c> scored by the due time in Unix ms, or +inf while
    /// they wait for an earlier order or a resume).</summary>
    public RedisKey OrderWaiting => $"{prefix}{{orders}}:waiting";

    /// <summary>The buyers whose forwarding is paused (a set; <c>*</c> pauses every buyer).</summary>
    public RedisKey OrderPaused => $"{prefix}{{orders}}:paused";

    /// <summary>The orders in one state (a sorted set scored by when they entered it, Unix ms).</summary>
    public RedisKey OrdersIn(string state) => $"{prefix}{{orders}}:state:{state}";

    /// <summary>Every order's arrival (a sorted set of <c>buyer/orderId</c> scored by when it was received, Unix ms), kept for
    /// twice the idempotency retention: what a reconciliation counts.</summary>
    public RedisKey OrdersReceivedAt => $"{prefix}{{orders}}:received-at";

    /// <summary>The dead-letter stream entry of an order, while it is a dead letter.</summary>
    public RedisKey DeadLetterEntry(string gatewayOrderId) => $"{prefix}{{orders}}:deadentry:{gatewayOrderId}";

    /// <summary>A run of the console's punchout tester (JSON, a day).</summary>
    public RedisKey TesterRun(string runId) => $"{prefix}{{tester}}:run:{runId}";

    /// <summary>The tester run a session belongs to (a day).</summary>
    public RedisKey TesterSession(string sessionId) => $"{prefix}{{tester}}:session:{sessionId}";

    /// <summary>An outbound document (JSON).</summary>
    public RedisKey Outbound(string outboundId) => $"{prefix}{{orders}}:out:{outboundId}";

    /// <summary>Every outbound document of an order, a list of ids in the order they were posted.</summary>
    public RedisKey OutboundByOrder(string gatewayOrderId) => $"{prefix}{{orders}}:out-order:{gatewayOrderId}";

    /// <summary>The outbound documents of an order still to be sent, a list of ids; the first is queued or deferred.</summary>
    public RedisKey OutboundLine(string gatewayOrderId) => $"{prefix}{{orders}}:out-line:{gatewayOrderId}";

    /// <summary>The idempotency record of an outbound client key (confirmId, shipmentId or relayed payloadID), by its hash.</summary>
    public RedisKey OutboundKey(string clientKeyHash) => $"{prefix}{{orders}}:out-key:{clientKeyHash}";

    /// <summary>The stream of outbound documents to send now.</summary>
    public RedisKey OutboundStream => $"{prefix}{{orders}}:out-stream";

    /// <summary>The outbound documents waiting out a retry delay: a sorted set scored by when they are due.</summary>
    public RedisKey OutboundDeferred => $"{prefix}{{orders}}:out-deferred";

    /// <summary>The stream of outbound documents that could not be delivered.</summary>
    public RedisKey OutboundDeadLetterStream => $"{prefix}{{orders}}:out-dead";
}
