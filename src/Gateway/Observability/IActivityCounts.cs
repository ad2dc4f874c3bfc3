namespace Punchout.Gateway.Observability;

/// <summary>Durable counts of every gateway counter, shared by all instances, by UTC day and 10-minute bucket: what
/// the console shows as "today" and "in the last hour".</summary>
/// <remarks>
/// The Prometheus counters of <c>/metrics</c> are per instance and since its start; these are per deployment and by
/// time. Every increment of a <see cref="GatewayMetrics"/> counter is added here (by <see cref="ActivityRecorder"/>,
/// under its Prometheus name, such as <c>punchout_carts_refused_total</c>, with the same bounded labels), so no call
/// site counts twice. Two implementations: Redis (a hash per UTC day under the <c>{stats}</c> hash tag, written in
/// batches every few seconds, kept two days) and this process (no Redis configured; lost on restart).
/// Granularity is 10 minutes: "the last hour" is the current 10-minute bucket and the five before it, so it covers
/// between 50 and 60 minutes; "today" starts at 00:00 UTC.
/// </remarks>
public interface IActivityCounts
{
    /// <summary>Adds <paramref name="value"/> to <paramref name="counter"/> with <paramref name="labels"/> at
    /// <paramref name="at"/>; kept in memory until the next <see cref="FlushAsync"/>, so it never waits for storage.</summary>
    void Add(string counter, IReadOnlyList<KeyValuePair<string, string>> labels, long value, DateTimeOffset at);

    /// <summary>Writes what was added since the last flush to the store; on failure it is kept for the next one and the
    /// store's exception is thrown.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Every counter and label set counted today or in the last hour as of <paramref name="now"/>, with this
    /// instance's latest additions flushed first.</summary>
    /// <exception cref="StackExchange.Redis.RedisException">Redis cannot be read.</exception>
    Task<ActivitySummary> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The counts as of <see cref="At"/>: one row per counter and label set, ordered by counter, then labels.</summary>
public sealed record ActivitySummary(DateTimeOffset At, IReadOnlyList<ActivityCount> Counts)
{
    /// <summary>The sum over the rows of <paramref name="counter"/> whose labels satisfy <paramref name="where"/> (all
    /// rows when null): e.g. sessions started today across buyers, or one buyer's refusals.</summary>
    public (long Today, long LastHour) Total(string counter, Func<IReadOnlyDictionary<string, string>, bool>? where = null)
    {
        var rows = Counts.Where(c => c.Counter == counter && (where is null || where(c.Labels))).ToList();
        return (rows.Sum(r => r.Today), rows.Sum(r => r.LastHour));
    }
}

/// <summary>One counter with one label set: its count since 00:00 UTC and in the last hour.</summary>
/// <param name="Counter">The Prometheus name, e.g. <c>punchout_carts_refused_total</c>.</param>
/// <param name="Labels">Its labels, e.g. <c>buyer</c> = <c>demo</c>, <c>reason</c> = <c>price-mismatch</c>.</param>
/// <param name="Today">Since 00:00 UTC.</param>
/// <param name="LastHour">In the current 10-minute bucket and the five before it (possibly before midnight).</param>
public sealed record ActivityCount(string Counter, IReadOnlyDictionary<string, string> Labels, long Today, long LastHour);
