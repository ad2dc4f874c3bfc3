using Microsoft.Extensions.DependencyInjection;
using Punchout.Gateway.Observability;
using System.Diagnostics.Metrics;

namespace Punchout.Gateway.Tests.Observability;

public class PrometheusExporterTests
{
    [Fact]
    public void Render_CountersOfThisHost_InPrometheusTextWithSortedLabels()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory);
        var metrics = new GatewayMetrics(factory);

        metrics.OrderForwardFailed("acme", "rejected");
        metrics.OrderForwardFailed("acme", "rejected");
        metrics.OrderForwardFailed("globex", "unavailable");
        metrics.CartLineRefused("acme", "price-mismatch");

        var text = exporter.Render();
        Assert.Contains("# TYPE punchout_orders_forward_failed_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_orders_forward_failed_total{buyer=\"acme\",reason=\"rejected\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_orders_forward_failed_total{buyer=\"globex\",reason=\"unavailable\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_carts_refused_total{buyer=\"acme\",reason=\"price-mismatch\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(2, exporter.Value("punchout_orders_forward_failed_total", ("buyer", "acme"), ("reason", "rejected")));
    }

    [Fact]
    public void Render_AnotherHostsCounters_AreNotCounted()
    {
        using var ours = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var exporter = new PrometheusExporter(ours.GetRequiredService<IMeterFactory>());

        new GatewayMetrics(theirs.GetRequiredService<IMeterFactory>()).OrderReceived("acme");

        Assert.Equal(0, exporter.Value("punchout_orders_received_total", ("buyer", "acme")));
        Assert.DoesNotContain("punchout_orders_received_total", exporter.Render(), StringComparison.Ordinal);
    }
}
