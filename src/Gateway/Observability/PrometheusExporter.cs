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

    /// <summary>Starts listening to the instruments of <paramref name="meterFactory"/>.</summary>
    public PrometheusExporter(IMeterFactory meterFactory)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument is Counter<long>)
            {
                help[PrometheusName(instrument.Name)] = instrument.Description ?? string.Empty;
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            counters.AddOrUpdate((PrometheusName(instrument.Name), Labels(tags)), value, (_, sum) => sum + value));
        listener.Start();
    }

    /// <summary>The current value of a counter with exactly these labels; 0 when never incremented.</summary>
    public long Value(string prometheusName, params (string Key, string Value)[] labels) =>
        counters.GetValueOrDefault((prometheusName, Labels(labels.Select(l => new KeyValuePair<string, object?>(l.Key, l.Value)).ToArray())));

    /// <summary>Every counter, in the Prometheus text exposition format.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var family in counters.GroupBy(c => c.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {family.Key} {help.GetValueOrDefault(family.Key)}\n");
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {family.Key} counter\n");
            foreach (var series in family.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{family.Key}{series.Key.Labels} {series.Value}\n");
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => listener.Dispose();

    private static string PrometheusName(string name) => name.Replace('.', '_') + "_total";

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
