using System.Text.Json;
using Punchout.Gateway.Redis;
using StackExchange.Redis;

namespace Punchout.Gateway.Sessions;

/// <summary>Sessions in Redis: a hash per session (<c>data</c> JSON and <c>state</c>) with a sliding TTL, and
/// one-time tokens as keys beside it, used up with DEL or GETDEL.</summary>
public sealed class RedisSessionStore(IConnectionMultiplexer redis, RedisKeys keys) : IPunchoutSessionStore
{
    private const string DataField = "data";
    private const string StateField = "state";

    private static readonly TimeSpan IndexSpan = TimeSpan.FromDays(1);

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

        // Support's index, in another slot: written after the session, so at worst a session is missing from the list.
        var index = keys.SessionsOf(session.BuyerId);
        var created = session.CreatedAt.ToUnixTimeMilliseconds();
        var batch = Db.CreateBatch();
        var added = batch.SortedSetAddAsync(index, session.Id, created);
        var trimmed = batch.SortedSetRemoveRangeByScoreAsync(index, double.NegativeInfinity, created - IndexSpan.TotalMilliseconds, Exclude.Stop);
        var expiring = batch.KeyExpireAsync(index, IndexSpan);
        batch.Execute();
        await Task.WhenAll(added, trimmed, expiring).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PunchoutSession>> ListAsync(string buyerId, int limit, CancellationToken cancellationToken)
    {
        var index = keys.SessionsOf(buyerId);
        var ids = await Db.SortedSetRangeByRankAsync(index, 0, limit - 1, Order.Descending).ConfigureAwait(false);
        var found = new List<PunchoutSession>();
        foreach (var id in ids.Select(i => (string)i!))
        {
            var values = await Db.HashGetAsync(keys.Session(id), [DataField, StateField]).ConfigureAwait(false);
            if (values[0].IsNull)
            {
                await Db.SortedSetRemoveAsync(index, id).ConfigureAwait(false);
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
        return await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<PendingReturn?> RedeemReturnAsync(string sessionId, string returnTokenHash, CancellationToken cancellationToken) =>
        await Db.StringGetDeleteAsync(keys.ReturnToken(sessionId, returnTokenHash)).ConfigureAwait(false) is { IsNull: false } json
            ? JsonSerializer.Deserialize<PendingReturn>((string)json!, GatewayJson.Options)
            : null;

    private static string State(SessionState state) => state.ToString().ToLowerInvariant();
}
