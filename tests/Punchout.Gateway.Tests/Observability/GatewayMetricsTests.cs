using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;

namespace Punchout.Gateway.Tests.Observability;

/// <summary>Label values stay bounded whatever a caller passes: configured buyers, two protocols, fixed reason codes.</summary>
public sealed class GatewayMetricsTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PrometheusExporter exporter;
    private readonly GatewayMetrics metrics;

    public GatewayMetricsTests()
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        exporter = new PrometheusExporter(factory);
        var buyers = new BuyerDirectory(Microsoft.Extensions.Options.Options.Create(new GatewayOptions
        {
            Buyers = [new BuyerOptions { Id = "acme", ErpAccount = "C-1" }, new BuyerOptions { Id = "Globex.EU", ErpAccount = "C-2" }],
        }));
        metrics = new GatewayMetrics(factory, buyers);
    }

    [Fact]
    public void Buyer_NotConfigured_IsCountedAsUnknown_AConfiguredOneInAnyCaseAsConfigured()
    {
        metrics.AuthenticationFailed("evil\"buyer\n{}", "cxml");
        metrics.AuthenticationFailed("ACME", "oci");
        metrics.AuthenticationFailed("globex.eu", "oci");

        Assert.Equal(1, exporter.Value("punchout_auth_failures_total", ("buyer", "unknown"), ("protocol", "cxml")));
        Assert.Equal(1, exporter.Value("punchout_auth_failures_total", ("buyer", "acme"), ("protocol", "oci")));
        Assert.Equal(1, exporter.Value("punchout_auth_failures_total", ("buyer", "Globex.EU"), ("protocol", "oci")));
        Assert.DoesNotContain("evil", exporter.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_NotOnTheCountersList_IsCountedAsOther()
    {
        metrics.CartLineRefused("acme", "cxml", "price-mismatch");
        metrics.CartLineRefused("acme", "cxml", "pricing-unavailable");
        metrics.CartLineRefused("acme", "cxml", "<script>alert(1)</script>");
        metrics.OrderRefused("acme", "total-matches-lines");
        metrics.OrderRefused("acme", "stale-version");
        metrics.OrderRefused("acme", "NotEmptyValidator");

        Assert.Equal(1, exporter.Value("punchout_carts_refused_total", ("buyer", "acme"), ("protocol", "cxml"), ("reason", "price-mismatch")));
        Assert.Equal(1, exporter.Value("punchout_carts_refused_total", ("buyer", "acme"), ("protocol", "cxml"), ("reason", "pricing-unavailable")));
        Assert.Equal(1, exporter.Value("punchout_carts_refused_total", ("buyer", "acme"), ("protocol", "cxml"), ("reason", "other")));
        Assert.Equal(1, exporter.Value("punchout_orders_refused_total", ("buyer", "acme"), ("reason", "total-matches-lines")));
        Assert.Equal(1, exporter.Value("punchout_orders_refused_total", ("buyer", "acme"), ("reason", "stale-version")));
        Assert.Equal(1, exporter.Value("punchout_orders_refused_total", ("buyer", "acme"), ("reason", "other")));
        Assert.DoesNotContain("script", exporter.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProtocolStageOperationAndKind_OffTheirLists_AreCountedAsOther()
    {
        metrics.SessionStarted("acme", "soap");
        metrics.CreditChecked("acme", "checkout", "maybe");
        metrics.ErpCalled("inventory", 0.1, "teapot");

        Assert.Equal(1, exporter.Value("punchout_sessions_started_total", ("buyer", "acme"), ("protocol", "other")));
        Assert.Equal(1, exporter.Value("punchout_credit_checks_total", ("buyer", "acme"), ("outcome", "other"), ("stage", "other")));
        Assert.Equal(1, exporter.Value("punchout_erp_errors_total", ("kind", "other"), ("operation", "other")));
    }

    [Fact]
    public void CartLinesRepriced_CountsEachLine_AndNothingForNone()
    {
        metrics.CartLinesRepriced("acme", "oci", 3);
        metrics.CartLinesRepriced("acme", "cxml", 0);

        Assert.Equal(3, exporter.Value("punchout_carts_repriced_total", ("buyer", "acme"), ("protocol", "oci")));
        Assert.DoesNotContain("punchout_carts_repriced_total{buyer=\"acme\",protocol=\"cxml\"}", exporter.Render(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        exporter.Dispose();
        services.Dispose();
    }
}
