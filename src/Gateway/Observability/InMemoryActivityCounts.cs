using System.Collections.Concurrent;

namespace Punchout.Gateway.Observability;

/// <summary>Activity counts in this process, for a gateway without Redis: the same buckets as
/// <see cref="RedisActivityCounts"/>, lost on restart and not shared between instances.</summary>
public sealed class InMemoryActivityCounts : IActivityCounts
{
    private readonly ConcurrentDictionary<(DateOnly Day, string Field), long> counts = new();
    private int newestDay;

    /// <inheritdoc />
    /// <remarks>The first addition of a new day drops the days before yesterday, so the counts stay bounded even
    /// when nobody reads them.</remarks>
    public void Add(string counter, IReadOnlyList<KeyValuePair<string, string>> labels, long value, DateTimeOffset at)
    {
        var bucket = ActivityBuckets.Of(counter, labels, at);
        counts.AddOrUpdate(bucket, value, (_, sum) => sum + value);
        var day = bucket.Day.DayNumber;
        var newest = Volatile.Read(ref newestDay);
        if (day > newest && Interlocked.CompareExchange(ref newestDay, day, newest) == newest)
        {
            DropBefore(bucket.Day.AddDays(-1));
        }
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>Days before yesterday are dropped here, as Redis expires them.</remarks>
    public Task<ActivitySummary> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        DropBefore(DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1));
        return Task.FromResult(ActivityBuckets.Summarize(counts.Select(c => (c.Key.Day, c.Key.Field, c.Value)), now));
    }

    private void DropBefore(DateOnly day)
    {
        foreach (var old in counts.Keys.Where(k => k.Day < day))
        {
            counts.TryRemove(old, out _);
        }
    }
}
