namespace Punchout.Gateway.Sessions;

/// <summary>Where punchout sessions and their one-time tokens live: Redis, or this process when none is configured.</summary>
/// <remarks>Tokens are stored by their hash only, beside their session. Every change of state is one atomic step, so a
/// failure leaves no partial state; reading a session and extending its lifetime are two steps.</remarks>
public interface IPunchoutSessionStore
{
    /// <summary>Stores a new session and its start token together.</summary>
    Task CreateAsync(PunchoutSession session, string startTokenHash, TimeSpan sessionTtl, TimeSpan startTokenTtl, CancellationToken cancellationToken);

    /// <summary>Uses up a start token of the session: true the first time, false ever after or once expired.</summary>
    Task<bool> RedeemStartTokenAsync(string sessionId, string startTokenHash, CancellationToken cancellationToken);

    /// <summary>The session, its lifetime extended by <paramref name="slidingTtl"/>; null when unknown or expired.</summary>
    Task<PunchoutSession?> GetAsync(string sessionId, TimeSpan slidingTtl, CancellationToken cancellationToken);

    /// <summary>Moves a <see cref="SessionState.Created"/> session to <see cref="SessionState.Started"/>; false when it was not in Created.</summary>
    Task<bool> TryStartAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Ends a <see cref="SessionState.Started"/> session in <paramref name="finalState"/> and stores its return
    /// token, both or neither; false when the session was not in Started (another cart or cancel came first).</summary>
    Task<bool> TryCloseAsync(string sessionId, SessionState finalState, string returnTokenHash, PendingReturn pending, TimeSpan returnTokenTtl, CancellationToken cancellationToken);

    /// <summary>The buyer's sessions of the last day, newest first, at most <paramref name="limit"/>, as they are now;
    /// reading them does not extend their lifetime. For support: an expired session is no longer listed.</summary>
    Task<IReadOnlyList<PunchoutSession>> ListAsync(string buyerId, int limit, CancellationToken cancellationToken);

    /// <summary>Uses up a return token of the session: the pending cart the first time, null ever after or once expired.</summary>
    Task<PendingReturn?> RedeemReturnAsync(string sessionId, string returnTokenHash, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> sessions that reached their lifetime by <paramref name="now"/> while still
    /// open (created or started: no cart, no cancel), each taken once across every instance sharing the store.</summary>
    /// <remarks>A session that got a cart or a cancel is never taken, whenever it expires. The metrics count what this
    /// takes as expired sessions (docs/operations.md).</remarks>
    Task<IReadOnlyList<ExpiredSession>> TakeExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}

/// <summary>A session that expired while open: its id, buyer and protocol (<c>cxml</c>, <c>oci</c>).</summary>
public sealed record ExpiredSession(string SessionId, string BuyerId, string Protocol);
