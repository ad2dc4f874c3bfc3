namespace Punchout.Gateway.Sessions;

/// <summary>Sessions in this process, for trying the gateway without Redis; the same contract as <see cref="RedisSessionStore"/>.</summary>
/// <remarks>Nothing survives a restart, and instances do not share it.</remarks>
public sealed class InMemorySessionStore(TimeProvider clock) : IPunchoutSessionStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Expiring<PunchoutSession>> sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Expiring<string>> startTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Expiring<PendingReturn>> returnTokens = new(StringComparer.Ordinal);
    private readonly List<ExpiredSession> expiredOpen = [];
    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    /// <inheritdoc />
    public Task CreateAsync(PunchoutSession session, string startTokenHash, TimeSpan sessionTtl, TimeSpan startTokenTtl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (gate)
        {
            SweepExpired();
            sessions[session.Id] = new(session, clock.GetUtcNow() + sessionTtl);
            startTokens[startTokenHash] = new(session.Id, clock.GetUtcNow() + startTokenTtl);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PunchoutSession>> ListAsync(string buyerId, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            SweepExpired();
            var since = clock.GetUtcNow().AddDays(-1);
            return Task.FromResult<IReadOnlyList<PunchoutSession>>([.. sessions.Values
                .Select(s => s.Value)
                .Where(s => s.BuyerId == buyerId && s.CreatedAt >= since)
                .OrderByDescending(s => s.CreatedAt)
                .Take(limit)]);
        }
    }

    /// <inheritdoc />
    public Task<bool> RedeemStartTokenAsync(string sessionId, string startTokenHash, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Take(startTokens, startTokenHash, sessionId, id => id) is not null);
        }
    }

    /// <inheritdoc />
    public Task<PunchoutSession?> GetAsync(string sessionId, TimeSpan slidingTtl, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (Live(sessions, sessionId) is not { } session)
            {
                return Task.FromResult<PunchoutSession?>(null);
            }

            sessions[sessionId] = new(session, clock.GetUtcNow() + slidingTtl);
            return Task.FromResult<PunchoutSession?>(session);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryStartAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(TryMove(sessionId, SessionState.Created, SessionState.Started, null));

    /// <inheritdoc />
    public Task<bool> TryCloseAsync(string sessionId, SessionState finalState, string returnTokenHash, PendingReturn pending, TimeSpan returnTokenTtl, CancellationToken cancellationToken) =>
        Task.FromResult(TryMove(sessionId, SessionState.Started, finalState, () => returnTokens[returnTokenHash] = new(pending, clock.GetUtcNow() + returnTokenTtl)));

    /// <inheritdoc />
    public Task<PendingReturn?> RedeemReturnAsync(string sessionId, string returnTokenHash, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Take(returnTokens, returnTokenHash, sessionId, p => p.SessionId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ExpiredSession>> TakeExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            DropExpiredSessions(now);
            var taken = expiredOpen.Take(limit).ToList();
            expiredOpen.RemoveRange(0, taken.Count);
            return Task.FromResult<IReadOnlyList<ExpiredSession>>(taken);
        }
    }

    private bool TryMove(string sessionId, SessionState from, SessionState to, Action? alongside)
    {
        lock (gate)
        {
            if (Live(sessions, sessionId) is not { } session || session.State != from)
            {
                return false;
            }

            sessions[sessionId] = sessions[sessionId] with { Value = session with { State = to } };
            alongside?.Invoke();
            return true;
        }
    }

    private T? Live<T>(Dictionary<string, Expiring<T>> map, string key)
        where T : class
    {
        if (!map.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt > clock.GetUtcNow())
        {
            return entry.Value;
        }

        if (entry.Value is PunchoutSession session)
        {
            DropSession(key, session);
        }
        else
        {
            map.Remove(key);
        }

        return null;
    }

    private void DropExpiredSessions(DateTimeOffset now)
    {
        foreach (var (id, entry) in sessions.Where(e => e.Value.ExpiresAt <= now).ToList())
        {
            DropSession(id, entry.Value);
        }
    }

    // An expired session leaves the store; one still open is kept aside for TakeExpiredAsync.
    private void DropSession(string id, PunchoutSession session)
    {
        sessions.Remove(id);
        if (session.State is SessionState.Created or SessionState.Started)
        {
            expiredOpen.Add(new ExpiredSession(session.Id, session.BuyerId, session.Protocol));
        }
    }

    // Uses up a live token of the session; a token of another session stays as it is.
    private T? Take<T>(Dictionary<string, Expiring<T>> map, string key, string sessionId, Func<T, string> sessionOf)
        where T : class
    {
        var value = Live(map, key);
        if (value is null || sessionOf(value) != sessionId)
        {
            return null;
        }

        map.Remove(key);
        return value;
    }

    // Expired entries are dropped when read, and all of them once a minute, so an abandoned session does not stay.
    private void SweepExpired()
    {
        var now = clock.GetUtcNow();
        if (now < nextSweep)
        {
            return;
        }

        nextSweep = now.AddMinutes(1);
        DropExpiredSessions(now);
        Drop(startTokens, now);
        Drop(returnTokens, now);
    }

    private static void Drop<T>(Dictionary<string, Expiring<T>> map, DateTimeOffset now)
    {
        foreach (var key in map.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
        {
            map.Remove(key);
        }
    }

    private sealed record Expiring<T>(T Value, DateTimeOffset ExpiresAt);
}
