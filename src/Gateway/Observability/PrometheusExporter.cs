using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Punchout.Gateway.Observability;

/// <summary>Collects this host's counters, gauges and histograms and renders them in the Prometheus text format for
/// <c>GET /metrics</c>.</summary>
/// <remarks>Only the instruments of <see cref="GatewayMetrics"/> (its meter, created by this host's meter factory) are
/// collected, so several hosts in one process (as in tests) keep their own figures, and ASP.NET Core's own instruments
/// on the same factory (routing, Kestrel), whose label names Prometheus cannot read, stay out. A histogram's buckets
/// are its instrument's advice (<see cref="InstrumentAdvice{T}.HistogramBucketBoundaries"/>), else
/// <see cref="DefaultBuckets"/>.</remarks>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The upper bounds of a histogram whose instrument advises none: seconds, from 5 ms to a minute.</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), long> counters = new();
    private readonly ConcurrentDictionary<string, string> help = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> gauges = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), HistogramSeries> histograms = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<double>> bounds = new();
    private readonly Lock observing = new();

    /// <summary>Starts listening to the instruments of <paramref name="meterFactory"/>.</summary>
    public PrometheusExporter(IMeterFactory meterFactory)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (IsGateways(instrument, meterFactory) && instrument is Counter<long> or ObservableGauge<long> or ObservableGauge<double> or Histogram<double>)
            {
                help[PrometheusName(instrument)] = instrument.Description ?? string.Empty;
                if (instrument is Histogram<double> histogram)
                {
                    bounds[PrometheusName(instrument)] = histogram.Advice?.HistogramBucketBoundaries ?? DefaultBuckets;
                }

                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument is ObservableGauge<long>)
            {
                gauges[(PrometheusName(instrument), Labels(tags))] = value;
            }
            else
            {
                counters.AddOrUpdate((PrometheusName(instrument), Labels(tags)), value, (_, sum) => sum + value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var name = PrometheusName(instrument);
            if (instrument is Histogram<double>)
            {
                histograms.GetOrAdd((name, Labels(tags)), _ => new HistogramSeries(bounds[name])).Record(value);
            }
            else
            {
                gauges[(name, Labels(tags))] = value;
            }
        });
        listener.Start();
    }

    /// <summary>The current value of a counter with exactly these labels; 0 when never incremented.</summary>
    public long Value(string prometheusName, params (string Key, string Value)[] labels) =>
        counters.GetValueOrDefault((prometheusName, Labels(labels.Select(l => new KeyValuePair<string, object?>(l.Key, l.Value)).ToArray())));

    /// <summary>How many observations a histogram with exactly these labels holds; 0 when none.</summary>
    public long Observations(string prometheusName, params (string Key, string Value)[] labels) =>
        histograms.TryGetValue((prometheusName, Labels(labels.Select(l => new KeyValuePair<string, object?>(l.Key, l.Value)).ToArray())), out var series) ? series.Snapshot().Count : 0;

    /// <summary>Every counter, gauge and histogram, in the Prometheus text exposition format; gauges as observed now.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        Append(text, "counter", counters.Select(c => (c.Key, (double)c.Value)));
        lock (observing)
        {
            // A gauge series that is no longer observed (a buyer whose queue emptied) must disappear, not linger.
            gauges.Clear();
            listener.RecordObservableInstruments();
            Append(text, "gauge", gauges.Select(g => (g.Key, g.Value)));
        }

        AppendHistograms(text);
        return text.ToString();
    }

    private void Append(StringBuilder text, string type, IEnumerable<((string Name, string Labels) Key, double Value)> series)
    {
        foreach (var family in series.GroupBy(c => c.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            AppendHeader(text, family.Key, type);
            foreach (var one in family.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{family.Key}{one.Key.Labels} {Number(one.Value)}\n");
            }
        }
    }

    // name_bucket{…,le="…"} cumulative counts up to +Inf, then name_sum and name_count, per label set.
    private void AppendHistograms(StringBuilder text)
    {
        foreach (var family in histograms.GroupBy(h => h.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            AppendHeader(text, family.Key, "histogram");
            foreach (var one in family.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                var labels = one.Key.Labels;
                var snapshot = one.Value.Snapshot();
                var cumulative = 0L;
                for (var i = 0; i < snapshot.Buckets.Length; i++)
                {
                    cumulative += snapshot.Buckets[i];
                    var le = i < one.Value.Bounds.Count ? Number(one.Value.Bounds[i]) : "+Inf";
                    text.Append(CultureInfo.InvariantCulture, $"{family.Key}_bucket{WithLe(labels, le)} {cumulative}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{family.Key}_sum{labels} {Number(snapshot.Sum)}\n");
                text.Append(CultureInfo.InvariantCulture, $"{family.Key}_count{labels} {snapshot.Count}\n");
            }
        }
    }

    private void AppendHeader(StringBuilder text, string name, string type)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help.GetValueOrDefault(name)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE {name} {type}\n");
    }

    /// <inheritdoc />
    public void Dispose() => listener.Dispose();

    /// <summary>Whether <paramref name="instrument"/> is one of <see cref="GatewayMetrics"/>'s on this host.</summary>
    internal static bool IsGateways(Instrument instrument, IMeterFactory meterFactory) =>
        ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Meter.Name == GatewayMetrics.MeterName;

    /// <summary>The Prometheus name of an instrument: dots become underscores, and a counter's ends in <c>_total</c>.</summary>
    internal static string PrometheusName(Instrument instrument) => instrument.Name.Replace('.', '_') + (instrument is Counter<long> ? "_total" : string.Empty);

    private static string WithLe(string labels, string le) =>
        labels.Length == 0 ? $"{{le=\"{le}\"}}" : $"{labels[..^1]},le=\"{le}\"}}";

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var sorted = tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{t.Key}=\"{Escape(Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? string.Empty)}\"");
        return "{" + string.Join(",", sorted) + "}";
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    // One label set of a histogram: a count per bucket (the last is above every bound), the sum and the count, read together.
    private sealed class HistogramSeries(IReadOnlyList<double> bounds)
    {
        private readonly Lock gate = new();
        private readonly long[] buckets = new long[bounds.Count + 1];
        private double sum;

        public IReadOnlyList<double> Bounds => bounds;

        public void Record(double value)
        {
            var bucket = 0;
            while (bucket < bounds.Count && value > bounds[bucket])
            {
                bucket++;
            }

            lock (gate)
            {
                buckets[bucket]++;
                sum += value;
            }
        }

        public (long[] Buckets, double Sum, long Count) Snapshot()
        {
            lock (gate)
            {
                return ([.. buckets], sum, buckets.Sum());
            }
        }
    }
}
