using Microsoft.Extensions.DependencyInjection;
using Punchout.Gateway.Observability;
using System.Diagnostics.Metrics;

namespace Punchout.Gateway.Tests.Observability;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PrometheusExporter exporter;
    private readonly GatewayMetrics metrics;

    public PrometheusExporterTests()
    {
        exporter = new PrometheusExporter(services.GetRequiredService<IMeterFactory>());
        metrics = new GatewayMetrics(services.GetRequiredService<IMeterFactory>());
    }

    public void Dispose()
    {
        exporter.Dispose();
        services.Dispose();
    }

    [Fact]
    public void Render_CountersOfThisHost_InPrometheusTextWithSortedLabels()
    {
        metrics.OrderForwardFailed("acme", "rejected");
        metrics.OrderForwardFailed("acme", "rejected");
        metrics.OrderForwardFailed("globex", "unavailable");
        metrics.CartLineRefused("acme", "cxml", "price-mismatch");

        var text = exporter.Render();
        Assert.Contains("# TYPE punchout_orders_forward_failed_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_orders_forward_failed_total{buyer=\"acme\",reason=\"rejected\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_orders_forward_failed_total{buyer=\"globex\",reason=\"unavailable\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_carts_refused_total{buyer=\"acme\",protocol=\"cxml\",reason=\"price-mismatch\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(2, exporter.Value("punchout_orders_forward_failed_total", ("buyer", "acme"), ("reason", "rejected")));
    }

    [Fact]
    public void Render_AnotherHostsCounters_AreNotCounted()
    {
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();

        new GatewayMetrics(theirs.GetRequiredService<IMeterFactory>()).OrderReceived("acme");

        Assert.Equal(0, exporter.Value("punchout_orders_received_total", ("buyer", "acme")));
        Assert.DoesNotContain("punchout_orders_received_total", exporter.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AHistogram_AsCumulativeBucketsUpToInfThenSumAndCount()
    {
        metrics.ErpCalled(ErpOperations.Quote, 0.004, null);
        metrics.ErpCalled(ErpOperations.Quote, 0.3, null);
        metrics.ErpCalled(ErpOperations.Quote, 0.5, null); // on a bound: counted in it (le is "less or equal")
        metrics.ErpCalled(ErpOperations.Quote, 75, ErpErrorKinds.Timeout);

        var text = exporter.Render();
        Assert.Contains("# TYPE punchout_erp_call_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_call_duration_seconds_bucket{operation=\"quote\",outcome=\"ok\",le=\"0.01\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_call_duration_seconds_bucket{operation=\"quote\",outcome=\"ok\",le=\"0.25\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_call_duration_seconds_bucket{operation=\"quote\",outcome=\"ok\",le=\"0.5\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_call_duration_seconds_bucket{operation=\"quote\",outcome=\"ok\",le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_call_duration_seconds_sum{operation=\"quote\",outcome=\"ok\"} 0.804\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_call_duration_seconds_count{operation=\"quote\",outcome=\"ok\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_call_duration_seconds_bucket{operation=\"quote\",outcome=\"error\",le=\"60\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_call_duration_seconds_bucket{operation=\"quote\",outcome=\"error\",le=\"+Inf\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_errors_total{kind=\"timeout\",operation=\"quote\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(3, exporter.Observations("punchout_erp_call_duration_seconds", ("operation", "quote"), ("outcome", "ok")));

        // Every bucket line of a series, in order, never decreasing, the last one +Inf and equal to the count.
        var buckets = text.Split('\n').Where(l => l.StartsWith("punchout_erp_call_duration_seconds_bucket{operation=\"quote\",outcome=\"ok\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(GatewayMetrics.ErpLatencyBuckets.Count + 1, buckets.Count);
        var counts = buckets.Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(counts.Order(), counts);
    }

    [Fact]
    public void Render_TheErpCircuitGauge_SaysOneForTheStateItIsIn()
    {
        Assert.Contains("punchout_erp_circuit_state{state=\"closed\"} 1\n", exporter.Render(), StringComparison.Ordinal);
        metrics.ErpCircuitChanged(Polly.CircuitBreaker.CircuitState.Open);

        var text = exporter.Render();
        Assert.Contains("punchout_erp_circuit_state{state=\"open\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_circuit_state{state=\"closed\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_circuit_state{state=\"half-open\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OtherMetersOfTheSameHost_AreNotExported()
    {
        // ASP.NET Core's routing counter, on the host's factory, with label names Prometheus cannot read.
        var routing = services.GetRequiredService<IMeterFactory>().Create("Microsoft.AspNetCore.Routing");
        routing.CreateCounter<long>("aspnetcore.routing.match_attempts").Add(1, new KeyValuePair<string, object?>("http.route", "/cxml"));
        metrics.OrderReceived("acme");

        var text = exporter.Render();

        Assert.Contains("punchout_orders_received_total{buyer=\"acme\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore", text, StringComparison.Ordinal);
    }
}
