using System.Text.Json;
using Punchout.Gateway.Redis;
using StackExchange.Redis;

namespace Punchout.Gateway.Sessions;

/// <summary>Sessions in Redis: a hash per session (<c>data</c> JSON and <c>state</c>) with a sliding TTL, and
/// one-time tokens as keys beside it, used up with DEL or GETDEL.</summary>
/// <remarks>An open session is also listed in <see cref="RedisKeys.OpenSessions"/> (with its owner beside it) until a
/// cart or a cancel closes it, so that one that expires open can be found after Redis dropped it. The list is written
/// after the session, in a step of its own (the two live in different slots of a cluster): a crash between a cart and
/// that step leaves the session listed, and counted as expired when it expires.</remarks>
/// <param name="redis">The shared connection.</param>
/// <param name="keys">The key layout.</param>
/// <param name="clock">When a new session is expected to expire; the system clock when null.</param>
public sealed class RedisSessionStore(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider? clock = null) : IPunchoutSessionStore
{
    private const string DataField = "data";
    private const string StateField = "state";

    // Takes the given ids off the open list, each once across every caller; returns id and owner of each it took.
    private const string TakeScript = """
        local taken = {}
        for _, id in ipairs(ARGV) do
          if redis.call('ZREM', KEYS[1], id) == 1 then
            local owner = redis.call('HGET', KEYS[2], id)
            redis.call('HDEL', KEYS[2], id)
            taken[#taken + 1] = id
            taken[#taken + 1] = owner or ''
          end
        end
        return taken
        """;

    private static readonly TimeSpan IndexSpan = TimeSpan.FromDays(1);

    private readonly TimeProvider time = clock ?? TimeProvider.System;

    private IDatabase Db => redis.GetDatabase();

    /// <inheritdoc />
    public async Task CreateAsync(PunchoutSession session, string startTokenHash, TimeSpan sessionTtl, TimeSpan startTokenTtl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var key = keys.Session(session.Id);
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(key, [new(DataField, JsonSerializer.Serialize(session, GatewayJson.Options)), new(StateField, State(session.State))]);
        _ = transaction.KeyExpireAsync(key, sessionTtl);
        _ = transaction.StringSetAsync(keys.StartToken(session.Id, startTokenHash), string.Empty, startTokenTtl);
        await transaction.ExecuteAsync().ConfigureAwait(false);

        // The indexes, under {sessions}, another slot: written after the session, in one transaction of their own. At
        // worst a session is missing from support's list, or from the open list and so never counted as expired.
        var index = keys.SessionsOf(session.BuyerId);
        var created = session.CreatedAt.ToUnixTimeMilliseconds();
        var indexing = Db.CreateTransaction();
        _ = indexing.SortedSetAddAsync(keys.OpenSessions, session.Id, (time.GetUtcNow() + sessionTtl).ToUnixTimeMilliseconds());
        _ = indexing.HashSetAsync(keys.OpenSessionOwners, session.Id, $"{session.Protocol}|{session.BuyerId}");
        _ = indexing.SortedSetAddAsync(index, session.Id, created);
        _ = indexing.SortedSetRemoveRangeByScoreAsync(index, double.NegativeInfinity, created - IndexSpan.TotalMilliseconds, Exclude.Stop);
        _ = indexing.KeyExpireAsync(index, IndexSpan);
        await indexing.ExecuteAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PunchoutSession>> ListAsync(string buyerId, int limit, CancellationToken cancellationToken)
    {
        var index = keys.SessionsOf(buyerId);
        var ids = (await Db.SortedSetRangeByRankAsync(index, 0, limit - 1, Order.Descending).ConfigureAwait(false)).Select(i => (string)i!).ToList();
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAsync(keys.Session(id), [DataField, StateField])).ToList();
        batch.Execute();
        var found = new List<PunchoutSession>();
        for (var i = 0; i < ids.Count; i++)
        {
            var values = await reads[i].ConfigureAwait(false);
            if (values[0].IsNull)
            {
                await Db.SortedSetRemoveAsync(index, ids[i]).ConfigureAwait(false);
                continue;
            }

            found.Add(JsonSerializer.Deserialize<PunchoutSession>((string)values[0]!, GatewayJson.Options)! with { State = Enum.Parse<SessionState>((string)values[1]!, ignoreCase: true) });
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<bool> RedeemStartTokenAsync(string sessionId, string startTokenHash, CancellationToken cancellationToken) =>
        await Db.KeyDeleteAsync(keys.StartToken(sessionId, startTokenHash)).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<PunchoutSession?> GetAsync(string sessionId, TimeSpan slidingTtl, CancellationToken cancellationToken)
    {
        var key = keys.Session(sessionId);
        var batch = Db.CreateBatch();
        var fields = batch.HashGetAsync(key, [DataField, StateField]);
        var touched = batch.KeyExpireAsync(key, slidingTtl);
        batch.Execute();
        var values = await fields.ConfigureAwait(false);
        await touched.ConfigureAwait(false);
        if (values[0].IsNull)
        {
            return null;
        }

        var session = JsonSerializer.Deserialize<PunchoutSession>((string)values[0]!, GatewayJson.Options)!;
        return session with { State = Enum.Parse<SessionState>((string)values[1]!, ignoreCase: true) };
    }

    /// <inheritdoc />
    public async Task<bool> TryStartAsync(string sessionId, CancellationToken cancellationToken)
    {
        var key = keys.Session(sessionId);
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.HashEqual(key, StateField, State(SessionState.Created)));
        _ = transaction.HashSetAsync(key, StateField, State(SessionState.Started));
        return await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TryCloseAsync(string sessionId, SessionState finalState, string returnTokenHash, PendingReturn pending, TimeSpan returnTokenTtl, CancellationToken cancellationToken)
    {
        var key = keys.Session(sessionId);
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.HashEqual(key, StateField, State(SessionState.Started)));
        _ = transaction.HashSetAsync(key, StateField, State(finalState));
        _ = transaction.StringSetAsync(keys.ReturnToken(sessionId, returnTokenHash), JsonSerializer.Serialize(pending, GatewayJson.Options), returnTokenTtl);
        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            return false;
        }

        var unlisting = Db.CreateTransaction();
        _ = unlisting.SortedSetRemoveAsync(keys.OpenSessions, sessionId);
        _ = unlisting.HashDeleteAsync(keys.OpenSessionOwners, sessionId);
        await unlisting.ExecuteAsync().ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<PendingReturn?> RedeemReturnAsync(string sessionId, string returnTokenHash, CancellationToken cancellationToken) =>
        await Db.StringGetDeleteAsync(keys.ReturnToken(sessionId, returnTokenHash)).ConfigureAwait(false) is { IsNull: false } json
            ? JsonSerializer.Deserialize<PendingReturn>((string)json!, GatewayJson.Options)
            : null;

    /// <inheritdoc />
    /// <remarks>A listed session whose expected expiry has passed is looked up: one still in Redis (its lifetime slid
    /// on with use) is listed again at its new expiry; one Redis has dropped is taken off the list by a script, so that
    /// only one instance takes it.</remarks>
    public async Task<IReadOnlyList<ExpiredSession>> TakeExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var due = await Db.SortedSetRangeByScoreAsync(keys.OpenSessions, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: limit).ConfigureAwait(false);
        if (due.Length == 0)
        {
            return [];
        }

        var batch = Db.CreateBatch();
        var lifetimes = due.Select(id => batch.KeyTimeToLiveAsync(keys.Session(id!))).ToList();
        batch.Execute();
        var gone = new List<RedisValue>();
        var relisting = Db.CreateBatch();
        var relisted = new List<Task>();
        for (var i = 0; i < due.Length; i++)
        {
            if (await lifetimes[i].ConfigureAwait(false) is { } left)
            {
                relisted.Add(relisting.SortedSetAddAsync(keys.OpenSessions, due[i], (now + left).ToUnixTimeMilliseconds(), SortedSetWhen.Exists));
            }
            else
            {
                gone.Add(due[i]);
            }
        }

        relisting.Execute();
        await Task.WhenAll(relisted).ConfigureAwait(false);
        if (gone.Count == 0)
        {
            return [];
        }

        var taken = (RedisResult[])(await Db.ScriptEvaluateAsync(TakeScript, [keys.OpenSessions, keys.OpenSessionOwners], [.. gone]).ConfigureAwait(false))!;
        var expired = new List<ExpiredSession>(taken.Length / 2);
        for (var i = 0; i + 1 < taken.Length; i += 2)
        {
            var owner = (string)taken[i + 1]!;
            var bar = owner.IndexOf('|', StringComparison.Ordinal);
            expired.Add(new ExpiredSession((string)taken[i]!, bar < 0 ? string.Empty : owner[(bar + 1)..], bar < 0 ? string.Empty : owner[..bar]));
        }

        return expired;
    }

    private static string State(SessionState state) => state.ToString().ToLowerInvariant();
}
