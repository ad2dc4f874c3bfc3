using Punchout.Gateway.Redis;
using StackExchange.Redis;

namespace Punchout.Gateway.Observability;

/// <summary>Activity counts in Redis, shared by every instance: a hash per UTC day (<see cref="RedisKeys.ActivityDay"/>)
/// whose fields are the buckets of <see cref="ActivityBuckets"/>, incremented in one transaction per flush and kept for
/// <see cref="Retention"/> after their last write.</summary>
/// <remarks>Additions wait in this process until <see cref="FlushAsync"/> (every few seconds, by
/// <see cref="ActivityCountFlusher"/>): one round trip for all of them, not one per request. A flush that fails keeps
/// its additions for the next; one whose answer is lost after Redis applied it may count them twice.</remarks>
public sealed class RedisActivityCounts(IConnectionMultiplexer redis, RedisKeys keys) : IActivityCounts
{
    /// <summary>How long a day's counts are kept after their last write: today's and yesterday's are always there.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(2);

    private readonly Lock gate = new();
    private Dictionary<(DateOnly Day, string Field), long> pending = [];

    /// <inheritdoc />
    public void Add(string counter, IReadOnlyList<KeyValuePair<string, string>> labels, long value, DateTimeOffset at)
    {
        var bucket = ActivityBuckets.Of(counter, labels, at);
        lock (gate)
        {
            pending[bucket] = pending.GetValueOrDefault(bucket) + value;
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<(DateOnly Day, string Field), long> batch;
        lock (gate)
        {
            if (pending.Count == 0)
            {
                return;
            }

            (batch, pending) = (pending, []);
        }

        var transaction = redis.GetDatabase().CreateTransaction();
        foreach (var ((day, field), value) in batch)
        {
            _ = transaction.HashIncrementAsync(keys.ActivityDay(day), field, value);
        }

        foreach (var day in batch.Keys.Select(k => k.Day).Distinct())
        {
            _ = transaction.KeyExpireAsync(keys.ActivityDay(day), Retention);
        }

        try
        {
            await transaction.ExecuteAsync().ConfigureAwait(false);
        }
        catch
        {
            lock (gate)
            {
                foreach (var (bucket, value) in batch)
                {
                    pending[bucket] = pending.GetValueOrDefault(bucket) + value;
                }
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task<ActivitySummary> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var db = redis.GetDatabase();
        var days = new[] { today.AddDays(-1), today };
        var hashes = await Task.WhenAll(days.Select(d => db.HashGetAllAsync(keys.ActivityDay(d)))).ConfigureAwait(false);
        return ActivityBuckets.Summarize(
            days.Zip(hashes).SelectMany(d => d.Second.Select(e => (d.First, (string)e.Name!, (long)e.Value))),
            now);
    }
}
