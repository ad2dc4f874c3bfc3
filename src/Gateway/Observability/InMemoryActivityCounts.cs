using System.Collections.Concurrent;

namespace Punchout.Gateway.Observability;

/// <summary>Activity counts in this process, for a gateway without Redis: the same buckets as
/// <see cref="RedisActivityCounts"/>, lost on restart and not shared between instances.</summary>
public sealed class InMemoryActivityCounts : IActivityCounts
{
    private readonly ConcurrentDictionary<(DateOnly Day, string Field), long> counts = new();

    /// <inheritdoc />
    public void Add(string counter, IReadOnlyList<KeyValuePair<string, string>> labels, long value, DateTimeOffset at) =>
        counts.AddOrUpdate(ActivityBuckets.Of(counter, labels, at), value, (_, sum) => sum + value);

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>Days before yesterday are dropped here, as Redis expires them.</remarks>
    public Task<ActivitySummary> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        foreach (var old in counts.Keys.Where(k => k.Day < yesterday))
        {
            counts.TryRemove(old, out _);
        }

        return Task.FromResult(ActivityBuckets.Summarize(counts.Select(c => (c.Key.Day, c.Key.Field, c.Value)), now));
    }
}
