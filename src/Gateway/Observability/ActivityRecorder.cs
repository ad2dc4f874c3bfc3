using System.Diagnostics.Metrics;
using System.Globalization;

namespace Punchout.Gateway.Observability;

/// <summary>Adds every increment of this host's counters to the <see cref="IActivityCounts"/>, under the counter's
/// Prometheus name and with its labels, stamped with the host's clock.</summary>
/// <remarks>It listens to the instruments as <see cref="PrometheusExporter"/> does, so a counter added to
/// <see cref="GatewayMetrics"/> is counted by day and hour with nothing else to do.</remarks>
public sealed class ActivityRecorder : IDisposable
{
    private readonly MeterListener listener = new();

    /// <summary>Starts listening to the counters of <paramref name="meterFactory"/>.</summary>
    public ActivityRecorder(IMeterFactory meterFactory, IActivityCounts counts, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(clock);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (PrometheusExporter.IsGateways(instrument, meterFactory) && instrument is Counter<long>)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var labels = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                labels[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty);
            }

            counts.Add(PrometheusExporter.PrometheusName(instrument), labels, value, clock.GetUtcNow());
        });
        listener.Start();
    }

    /// <inheritdoc />
    public void Dispose() => listener.Dispose();
}
