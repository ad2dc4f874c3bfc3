using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using StackExchange.Redis;

namespace Punchout.Gateway.Redis;

/// <summary>The gateway's Redis key layout, under one configurable prefix.</summary>
/// <remarks>Keys that a script or transaction touches together share the hash tag <c>{orders}</c>, so they live in
/// one slot on Redis Cluster.</remarks>
public sealed class RedisKeys(IOptions<GatewayOptions> options)
{
    private readonly string prefix = options.Value.Redis.KeyPrefix;

    /// <summary>A punchout session (JSON), with a sliding TTL.</summary>
    public RedisKey Session(string sessionId) => $"{prefix}session:{sessionId}";

    /// <summary>A one-time start token, by its hash, holding the session id.</summary>
    public RedisKey StartToken(string tokenHash) => $"{prefix}token:start:{tokenHash}";

    /// <summary>A one-time return token, by its hash, holding the cart to post.</summary>
    public RedisKey ReturnToken(string tokenHash) => $"{prefix}token:return:{tokenHash}";

    /// <summary>The idempotency record of (buyer, payloadID).</summary>
    public RedisKey Idempotency(string buyerId, string payloadIdHash) => $"{prefix}{{orders}}:idem:{buyerId}:{payloadIdHash}";

    /// <summary>An order's record (JSON).</summary>
    public RedisKey Order(string gatewayOrderId) => $"{prefix}{{orders}}:order:{gatewayOrderId}";

    /// <summary>The stream of orders waiting to be forwarded.</summary>
    public RedisKey OrderStream => $"{prefix}{{orders}}:stream";

    /// <summary>The stream of orders that could not be forwarded.</summary>
    public RedisKey DeadLetterStream => $"{prefix}{{orders}}:dead";
}
