using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Punchout.Gateway.Observability;

/// <summary>Collects this host's counters and renders them in the Prometheus text format for <c>GET /metrics</c>.</summary>
/// <remarks>Only instruments created by this host's meter factory are collected, so several hosts in one process
/// (as in tests) keep their own figures.</remarks>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), long> counters = new();
    private readonly ConcurrentDictionary<string, string> help = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> gauges = new();
    private readonly Lock observing = new();

    /// <summary>Starts listening to the instruments of <paramref name="meterFactory"/>.</summary>
    public PrometheusExporter(IMeterFactory meterFactory)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument is Counter<long> or ObservableGauge<long> or ObservableGauge<double>)
            {
                help[PrometheusName(instrument)] = instrument.Description ?? string.Empty;
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
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => gauges[(PrometheusName(instrument), Labels(tags))] = value);
        listener.Start();
    }

    /// <summary>The current value of a counter with exactly these labels; 0 when never incremented.</summary>
    public long Value(string prometheusName, params (string Key, string Value)[] labels) =>
        counters.GetValueOrDefault((prometheusName, Labels(labels.Select(l => new KeyValuePair<string, object?>(l.Key, l.Value)).ToArray())));

    /// <summary>Every counter and gauge, in the Prometheus text exposition format; gauges as observed now.</summary>
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

        return text.ToString();
    }

    private void Append(StringBuilder text, string type, IEnumerable<((string Name, string Labels) Key, double Value)> series)
    {
        foreach (var family in series.GroupBy(c => c.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {family.Key} {help.GetValueOrDefault(family.Key)}\n");
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {family.Key} {type}\n");
            foreach (var one in family.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{family.Key}{one.Key.Labels} {one.Value}\n");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => listener.Dispose();

    // Counters end in _total; gauges are named as they are.
    private static string PrometheusName(Instrument instrument) => instrument.Name.Replace('.', '_') + (instrument is Counter<long> ? "_total" : string.Empty);

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
}
