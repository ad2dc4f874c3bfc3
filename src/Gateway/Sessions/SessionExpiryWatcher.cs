using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;

namespace Punchout.Gateway.Sessions;

/// <summary>Counts the punchout sessions that expire open (no cart, no cancel): every quarter of <c>Sessions:Ttl</c>,
/// at most every 30 s, it takes them from the session store, counts each as expired and logs it (7004).</summary>
/// <remarks>Runs in every instance; the store hands each expired session to one of them. A session is counted within
/// one interval of its expiry. When the store cannot answer (Redis down) it logs 7005 and tries again next time;
/// sessions expiring meanwhile are counted then.</remarks>
public sealed class SessionExpiryWatcher(
    IPunchoutSessionStore sessions,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<SessionExpiryWatcher> logger) : BackgroundService
{
    /// <summary>The most sessions taken in one go; the rest are taken the next time.</summary>
    internal const int Batch = 1000;

    /// <summary>How often the store is asked: a quarter of the session lifetime, between 100 ms and 30 s.</summary>
    internal static TimeSpan Interval(Configuration.SessionOptions sessionOptions)
    {
        ArgumentNullException.ThrowIfNull(sessionOptions);
        return TimeSpan.FromTicks(Math.Clamp(sessionOptions.Ttl.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = Interval(options.Value.Sessions);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(false);
                await CountExpiredAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.SessionExpiryFailed(ex, interval);
            }
        }
    }

    /// <summary>Takes the sessions that expired open by now and counts each.</summary>
    internal async Task CountExpiredAsync(CancellationToken cancellationToken)
    {
        foreach (var expired in await sessions.TakeExpiredAsync(clock.GetUtcNow(), Batch, cancellationToken).ConfigureAwait(false))
        {
            metrics.SessionExpired(expired.BuyerId, expired.Protocol);
            logger.SessionExpired(expired.SessionId, expired.BuyerId, expired.Protocol);
        }
    }
}
