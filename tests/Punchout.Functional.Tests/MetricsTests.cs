using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Observability;
using Punchout.TestSupport;
using StackExchange.Redis;

namespace Punchout.Functional.Tests;

/// <summary>The figures of /metrics and of the activity counts after flows driven through HTTP: sessions, carts,
/// orders, the ERP's latency and errors, and labels that stay bounded whatever a caller sends.</summary>
[Collection(GatewayTests.Name)]
public sealed partial class MetricsTests(RedisServer redis) : GatewayTestBase(redis)
{
    private static readonly Dictionary<string, string?> RepricingDemo = new() { ["Buyers:0:PriceMismatch"] = "UseErpPrice" };

    [Fact]
    public async Task SessionsCartsAndOrders_DrivenThroughHttp_AreCountedByBuyerAndProtocol_InMetricsAndInTheActivityCounts()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, RepricingDemo);
        var (storefront, returned) = await ArriveAsync();
        var (_, cancelled) = await ArriveAsync();
        var (_, refused) = await ArriveAsync();
        Erp.UnknownParts["DEMO-GONE"] = true;

        await Storefront.JsonAsync(await storefront.ReturnCartAsync(returned, Storefront.Cart(unitPrice: 13.00m)), HttpStatusCode.OK);
        await Storefront.JsonAsync(await storefront.CancelAsync(cancelled), HttpStatusCode.OK);
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(refused, Storefront.Cart(part: "DEMO-GONE")), HttpStatusCode.UnprocessableEntity);
        await OciSessionAsync();
        var order = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());
        await Eventually.HoldsAsync(async () => (string?)(await OrderAsync(GatewayOrderId(order)))["state"] == "forwarded", "the order to be forwarded");

        var metrics = Host.Service<PrometheusExporter>();
        Assert.Equal(3, metrics.Value("punchout_sessions_started_total", ("buyer", "demo"), ("protocol", "cxml")));
        Assert.Equal(1, metrics.Value("punchout_sessions_started_total", ("buyer", "demo-oci"), ("protocol", "oci")));
        Assert.Equal(1, metrics.Value("punchout_carts_returned_total", ("buyer", "demo"), ("protocol", "cxml")));
        Assert.Equal(1, metrics.Value("punchout_carts_repriced_total", ("buyer", "demo"), ("protocol", "cxml")));
        Assert.Equal(1, metrics.Value("punchout_sessions_cancelled_total", ("buyer", "demo"), ("protocol", "cxml")));
        Assert.Equal(1, metrics.Value("punchout_carts_refused_total", ("buyer", "demo"), ("protocol", "cxml"), ("reason", "unknown-part")));
        Assert.Equal(1, metrics.Value("punchout_orders_received_total", ("buyer", "demo")));
        Assert.Equal(1, metrics.Value("punchout_orders_forwarded_total", ("buyer", "demo")));

        // The ERP was asked for two cart quotes and one order quote, and took one order: each call measured once.
        Assert.Equal(3, metrics.Observations("punchout_erp_call_duration_seconds", ("operation", "quote"), ("outcome", "ok")));
        Assert.Equal(1, metrics.Observations("punchout_erp_call_duration_seconds", ("operation", "order"), ("outcome", "ok")));
        var text = await MetricsTextAsync();
        Assert.Contains("punchout_erp_call_duration_seconds_bucket{operation=\"quote\",outcome=\"ok\",le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_call_duration_seconds_count{operation=\"order\",outcome=\"ok\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("punchout_erp_errors_total", text, StringComparison.Ordinal);

        // The same increments, by day and hour, in the shared store the console reads.
        var counts = await Host.Service<IActivityCounts>().ReadAsync(DateTimeOffset.UtcNow, default);
        Assert.Equal((3L, 3L), counts.Total("punchout_sessions_started_total", l => l["buyer"] == "demo" && l["protocol"] == "cxml"));
        Assert.Equal((1L, 1L), counts.Total("punchout_carts_refused_total", l => l["reason"] == "unknown-part"));
        Assert.Equal((1L, 1L), counts.Total("punchout_orders_forwarded_total"));
        Assert.Equal((1L, 1L), counts.Total("punchout_carts_repriced_total"));
    }

    [Fact]
    public async Task SessionsLeftOpen_AreCountedExpiredOnceEach_AReturnedOneNever()
    {
        // Two seconds of life: long enough to return a cart, short enough to wait for the others.
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Sessions:Ttl"] = "00:00:02" });
        var (storefront, returned) = await ArriveAsync();
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(returned, Storefront.Cart()), HttpStatusCode.OK);
        var (_, abandoned) = await ArriveAsync();
        await new ProcurementSystem(Host.Client()).StartPunchOutAsync(); // the browser never arrives
        await OciSessionAsync();

        var metrics = Host.Service<PrometheusExporter>();
        await Eventually.HoldsAsync(
            () => metrics.Value("punchout_sessions_expired_total", ("buyer", "demo"), ("protocol", "cxml")) == 2
                  && metrics.Value("punchout_sessions_expired_total", ("buyer", "demo-oci"), ("protocol", "oci")) == 1,
            "the three open sessions to be counted as expired");

        Assert.Contains(abandoned, Host.Logs.WithEventId(7004).Select(e => CapturedLogs.Property(e, "SessionId")));
        Assert.Equal(3, Host.Logs.WithEventId(7004).Count);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        Assert.Equal(0, await connection.GetDatabase().SortedSetLengthAsync($"{Host.KeyPrefix}{{sessions}}:open"));
        Assert.Equal(2, (await Host.Service<IActivityCounts>().ReadAsync(DateTimeOffset.UtcNow, default)).Total("punchout_sessions_expired_total", l => l["buyer"] == "demo").Today);
    }

    [Fact]
    public async Task ErpFailures_AreCountedByOperationAndKind_AndTheOpenCircuitShows()
    {
        Erp.QuoteAnswers = [500];
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Erp:RetryAttempts"] = "0", ["Erp:BreakMinimumThroughput"] = "2", ["Buyers:0:CreditCheck"] = "Blocking" });
        var (storefront, sessionId) = await ArriveAsync();
        for (var cart = 0; cart < 3; cart++)
        {
            await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);
        }

        var text = await MetricsTextAsync();
        Assert.Contains("punchout_erp_errors_total{kind=\"5xx\",operation=\"quote\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_errors_total{kind=\"circuit-open\",operation=\"quote\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_call_duration_seconds_count{operation=\"quote\",outcome=\"error\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_circuit_state{state=\"open\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("punchout_erp_circuit_state{state=\"closed\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErpRefusalsUnknownAnswersTimeoutsAndUnreachableErps_AreCountedEachByItsKind()
    {
        // A refusal (4xx) and an answer outside the contract, on one gateway.
        Erp.QuoteAnswers = [404];
        Erp.CreditStatus = "mystery";
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Buyers:0:CreditCheck"] = "Blocking" });
        var (storefront, sessionId) = await ArriveAsync();
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);
        Erp.QuoteAnswers = [200];
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);
        var metrics = Host.Service<PrometheusExporter>();
        Assert.Equal(1, metrics.Value("punchout_erp_errors_total", ("kind", "4xx"), ("operation", "quote")));
        Assert.Equal(1, metrics.Value("punchout_erp_errors_total", ("kind", "invalid-answer"), ("operation", "credit")));
        Assert.Equal(1, metrics.Value("punchout_credit_checks_total", ("buyer", "demo"), ("outcome", "credit-unavailable"), ("stage", "cart")));
        Host.Dispose();

        // An ERP that does not answer in time.
        Erp.QuoteDelay = TimeSpan.FromSeconds(30);
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Erp:AttemptTimeout"] = "00:00:00.200", ["Erp:RetryAttempts"] = "0" });
        (storefront, sessionId) = await ArriveAsync();
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1, Host.Service<PrometheusExporter>().Value("punchout_erp_errors_total", ("kind", "timeout"), ("operation", "quote")));
        Host.Dispose();

        // An ERP nobody listens for.
        Host = GatewayHost.Start(Redis, $"http://127.0.0.1:{RedisServer.FreePort()}", new Dictionary<string, string?> { ["Erp:RetryAttempts"] = "0" });
        (storefront, sessionId) = await ArriveAsync();
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1, Host.Service<PrometheusExporter>().Value("punchout_erp_errors_total", ("kind", "transport"), ("operation", "quote")));
    }

    [Fact]
    public async Task HostileAndUnknownValues_StayInTheBoundedLabelSets_AndNoSecretReachesMetricsOrCounts()
    {
        string[] secrets = ["hostile-secret-1", "hostile-secret-2", "hostile-password-3", "hostile-password-4", "demo-shared-secret", "demo-storefront-key", "demo-admin-key"];
        var buyer = new ProcurementSystem(Host.Client());
        var browser = Host.Client();

        // Credentials no buyer has, and a known buyer with the wrong secret.
        var unknownFrom = ProcurementSystem.SetupRequest(secret: "hostile-secret-1");
        unknownFrom = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(unknownFrom).Replace("AN01000000001-T", "EVIL&lt;id&gt;\"{}", StringComparison.Ordinal));
        Assert.Equal(401, (await buyer.SendAsync(unknownFrom)).Status.Code);
        Assert.Equal(401, (await buyer.SendAsync(ProcurementSystem.SetupRequest(secret: "hostile-secret-2"))).Status.Code);

        // OCI call-ups to a buyer id that is no buyer, and to one in other letter case with the wrong password.
        var callUp = OciFlowTests.CallUp(password: "hostile-password-3");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(new Uri(QueryHelpers.AddQueryString("/oci/EVIL%22%7Bbuyer%7D", callUp!), UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(new Uri(QueryHelpers.AddQueryString("/oci/DEMO-OCI", OciFlowTests.CallUp(password: "hostile-password-4")!), UriKind.Relative))).StatusCode);

        // Carts with odd parts and units, refused for fixed reasons.
        Erp.UnknownParts["EVIL\"part{}"] = true;
        var (storefront, sessionId) = await ArriveAsync();
        await storefront.ReturnCartAsync(sessionId, Storefront.Cart(part: "EVIL\"part{}"));
        await storefront.ReturnCartAsync(sessionId, Storefront.Cart(unit: "E\"{}"));

        var metrics = Host.Service<PrometheusExporter>();
        Assert.Equal(1, metrics.Value("punchout_auth_failures_total", ("buyer", "unknown"), ("protocol", "cxml")));
        Assert.Equal(1, metrics.Value("punchout_auth_failures_total", ("buyer", "demo"), ("protocol", "cxml")));
        Assert.Equal(1, metrics.Value("punchout_auth_failures_total", ("buyer", "unknown"), ("protocol", "oci")));
        Assert.Equal(1, metrics.Value("punchout_auth_failures_total", ("buyer", "demo-oci"), ("protocol", "oci")));

        var text = await MetricsTextAsync();
        var series = Series(text);
        Assert.NotEmpty(series);
        Assert.All(series, s => Assert.Matches("^punchout_[a-z_]+$", s.Name));
        Assert.All(series.SelectMany(s => s.Labels.Keys), k => Assert.Matches("^[a-z_]+$", k));
        var counts = await Host.Service<IActivityCounts>().ReadAsync(DateTimeOffset.UtcNow, default);
        foreach (var (name, labels) in series.Concat(counts.Counts.Select(c => (c.Counter, c.Labels.ToDictionary()))))
        {
            foreach (var (key, value) in labels)
            {
                Assert.True(Bounded(key, value), $"{name} has {key}=\"{value}\", which is not in the bounded set of {key}");
            }
        }

        foreach (var secret in secrets.Concat(["EVIL", "hostile"]))
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(counts.Counts, c => c.Labels.Values.Any(v => v.Contains(secret, StringComparison.OrdinalIgnoreCase)));
        }
    }

    // What each label may hold: the configured buyers or unknown, the protocols, the fixed code lists; any other label
    // a lower-case code with no room for input.
    private static bool Bounded(string key, string value) => key switch
    {
        "buyer" => value is "demo" or "demo-oci" or "demo-hold" or GatewayMetrics.UnknownBuyer,
        "protocol" => GatewayMetrics.Protocols.Contains(value),
        "reason" => GatewayMetrics.CartRefusalReasons.Contains(value) || GatewayMetrics.OrderRefusalReasons.Contains(value) || value == GatewayMetrics.OtherReason,
        _ => LabelCode().IsMatch(value),
    };

    // Every series line of the text: its name and labels.
    private static List<(string Name, Dictionary<string, string> Labels)> Series(string text) =>
        [.. text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l =>
        {
            var brace = l.IndexOf('{', StringComparison.Ordinal);
            var labels = brace < 0 ? [] : LabelPair().Matches(l[brace..l.LastIndexOf('}')]).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            return (brace < 0 ? l[..l.IndexOf(' ', StringComparison.Ordinal)] : l[..brace], labels);
        })];

    [GeneratedRegex(@"([a-z_]+)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    [GeneratedRegex("^[a-z0-9+.]+([_-][a-z0-9+.]+)*$|^\\+Inf$")]
    private static partial Regex LabelCode();

    private async Task<(Storefront Storefront, string SessionId)> ArriveAsync()
    {
        var client = Host.Client();
        return (new Storefront(client), await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync()));
    }

    // An OCI call-up of the demo SAP buyer, followed to the storefront.
    private async Task OciSessionAsync()
    {
        var browser = Host.Client();
        using var response = await browser.GetAsync(new Uri(QueryHelpers.AddQueryString("/oci/demo-oci", OciFlowTests.CallUp()!), UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        await Storefront.ArriveAsync(browser, response.Headers.Location!);
    }

    private async Task<string> MetricsTextAsync()
    {
        using var response = await Host.Client().GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
