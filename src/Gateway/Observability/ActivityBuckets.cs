using System.Globalization;

namespace Punchout.Gateway.Observability;

/// <summary>How both count stores cut time and name what they count: a UTC day, and in it a field
/// <c>counter|label=value,…|HHmm</c> per 10-minute bucket, label names and values escaped and sorted.</summary>
internal static class ActivityBuckets
{
    /// <summary>The width of a bucket.</summary>
    public static readonly TimeSpan Width = TimeSpan.FromMinutes(10);

    /// <summary>How many buckets make "the last hour".</summary>
    public const int LastHourBuckets = 6;

    /// <summary>The day and the field <paramref name="at"/> counts in.</summary>
    public static (DateOnly Day, string Field) Of(string counter, IReadOnlyList<KeyValuePair<string, string>> labels, DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var bucket = new TimeOnly(utc.Hour, utc.Minute / 10 * 10);
        var text = string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{Uri.EscapeDataString(l.Key)}={Uri.EscapeDataString(l.Value)}"));
        return (DateOnly.FromDateTime(utc), $"{counter}|{text}|{bucket.ToString("HHmm", CultureInfo.InvariantCulture)}");
    }

    /// <summary>The rows of <paramref name="entries"/> (day, field, count) counted today or in the last hour as of <paramref name="now"/>.</summary>
    public static ActivitySummary Summarize(IEnumerable<(DateOnly Day, string Field, long Count)> entries, DateTimeOffset now)
    {
        var utcNow = now.UtcDateTime;
        var today = DateOnly.FromDateTime(utcNow);
        var currentBucket = utcNow.Date.AddMinutes(utcNow.Hour * 60 + (utcNow.Minute / 10 * 10));
        var lastHourFrom = currentBucket - ((LastHourBuckets - 1) * Width);
        var rows = new Dictionary<(string Counter, string Labels), (long Today, long LastHour)>();
        foreach (var (day, field, count) in entries)
        {
            var first = field.IndexOf('|', StringComparison.Ordinal);
            var last = field.LastIndexOf('|');
            if (first < 0 || last == first || !TimeOnly.TryParseExact(field[(last + 1)..], "HHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                continue;
            }

            var start = day.ToDateTime(time, DateTimeKind.Utc);
            var key = (field[..first], field[(first + 1)..last]);
            var (sumToday, sumLastHour) = rows.GetValueOrDefault(key);
            rows[key] = (
                sumToday + (day == today ? count : 0),
                sumLastHour + (start >= lastHourFrom && start <= currentBucket ? count : 0));
        }

        return new ActivitySummary(
            now,
            [.. rows.Where(r => r.Value.Today != 0 || r.Value.LastHour != 0)
                .OrderBy(r => r.Key.Counter, StringComparer.Ordinal).ThenBy(r => r.Key.Labels, StringComparer.Ordinal)
                .Select(r => new ActivityCount(r.Key.Counter, Labels(r.Key.Labels), r.Value.Today, r.Value.LastHour))]);
    }

    private static SortedDictionary<string, string> Labels(string text)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                labels[Uri.UnescapeDataString(pair[..equals])] = Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return labels;
    }
}
