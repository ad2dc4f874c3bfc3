using System.Net;
using System.Text.Json.Nodes;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Observability;
using Punchout.TestSupport;
using StackExchange.Redis;

namespace Punchout.Functional.Tests;

/// <summary>CreditCheck Async: carts and OrderRequests pass unchecked; the order worker checks the credit before it
/// forwards, parks a refused order in credit-hold for support, and retries while the credit service is down.</summary>
[Collection(GatewayTests.Name)]
public sealed class CreditAsyncTests(RedisServer redis) : GatewayTestBase(redis)
{
    private static readonly Dictionary<string, string?> Async = new() { ["Buyers:0:CreditCheck"] = "Async", ["Buyers:1:CreditCheck"] = "Async" };

    [Fact]
    public async Task AsyncCart_IsReturnedWithoutACreditCheck_EvenOnHold()
    {
        Erp.CreditStatus = "hold";
        Host = GatewayHost.Start(Redis, Erp.Url, Async);
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var accepted = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);

        Assert.NotNull((string?)accepted["returnUrl"]);
        Assert.Equal(0, Erp.CreditChecksReceived);
    }

    [Fact]
    public async Task AsyncOrder_CreditOk_IsAcceptedAtOnce_ThenCheckedOnceByTheWorkerAndForwarded()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, Async);

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal(200, answer.Status.Code);
        await Eventually.HoldsAsync(async () => (await OrderAsync(GatewayOrderId(answer)))["state"]!.ToString() == "forwarded", "the order to be forwarded");
        Assert.Single(Erp.Calls("/orders"));
        var body = ErpStub.Body(Assert.Single(Erp.Calls("/credit/check")));
        Assert.Equal(("C-DEMO", "USD", 25.00m, "order:DEMO-PO-1001"), ((string)body["account"]!, (string)body["currency"]!, (decimal)body["amount"]!, (string)body["reference"]!));
        Assert.True(Erp.Calls("/credit/check")[0].RequestMessage.DateTime <= Erp.Calls("/orders")[0].RequestMessage.DateTime);
    }

    [Fact]
    public async Task AsyncOrder_OnHold_IsAccepted_ThenParkedInCreditHold_WithTheReason_NeverForwarded_AndCounted()
    {
        Erp.CreditStatus = "hold";
        Host = GatewayHost.Start(Redis, Erp.Url, Async);

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal(200, answer.Status.Code);
        var id = GatewayOrderId(answer);
        await Eventually.HoldsAsync(async () => (await OrderAsync(id))["state"]!.ToString() == "credit-hold", "the order to be parked in credit-hold");
        var order = await OrderAsync(id);
        Assert.Equal("credit-hold: account C-DEMO: Account C-DEMO is on credit hold: invoice 4711 overdue", (string)order["deadLetterReason"]!);
        Assert.Equal(["credit-hold"], order["attempts"]!.AsArray().Select(a => (string)a!["outcome"]!));
        Assert.Empty(Erp.Calls("/orders"));
        Assert.Equal(1, Erp.CreditChecksReceived);
        Assert.Equal(1, Metrics().Value("punchout_orders_credit_hold_total", ("buyer", "demo"), ("reason", "credit-hold")));
        Assert.Equal(1, Metrics().Value("punchout_credit_checks_total", ("buyer", "demo"), ("outcome", "credit-hold"), ("stage", "forwarding")));
        Assert.Equal(id, CapturedLogs.Property(Assert.Single(Host.Logs.WithEventId(3014)), "GatewayOrderId"));

        // It left the queue for the dead letters, where support replays it once the account is cleared.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        Assert.Equal(0, await connection.GetDatabase().StreamLengthAsync($"{Host.KeyPrefix}{{orders}}:stream"));
        var dead = Assert.Single(await connection.GetDatabase().StreamRangeAsync($"{Host.KeyPrefix}{{orders}}:dead"));
        Assert.Equal(id, (string)dead["order"]!);
    }

    [Fact]
    public async Task AsyncOrder_OverLimit_IsParkedInCreditHold_NamingOverLimit()
    {
        Erp.CreditStatus = "over-limit";
        Erp.CreditReason = "25.00 USD is more than the 10.00 available";
        Host = GatewayHost.Start(Redis, Erp.Url, Async);

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        await Eventually.HoldsAsync(async () => (await OrderAsync(GatewayOrderId(answer)))["state"]!.ToString() == "credit-hold", "the order to be parked in credit-hold");
        Assert.StartsWith("credit-over-limit: account C-DEMO: 25.00 USD", (string)(await OrderAsync(GatewayOrderId(answer)))["deadLetterReason"]!, StringComparison.Ordinal);
        Assert.Empty(Erp.Calls("/orders"));
        Assert.Equal(1, Metrics().Value("punchout_orders_credit_hold_total", ("buyer", "demo"), ("reason", "credit-over-limit")));
    }

    [Fact]
    public async Task AsyncOrder_CreditServiceDown_IsRetried_AndForwardedOnceItIsBack()
    {
        Erp.CreditFailure = 503;
        Host = GatewayHost.Start(Redis, Erp.Url, Async);

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal(200, answer.Status.Code);
        var id = GatewayOrderId(answer);
        await Eventually.HoldsAsync(async () => (await OrderAsync(id))["attempts"]!.AsArray().Count >= 1, "a first credit check to fail");
        Assert.Equal("forwarding", (await OrderAsync(id))["state"]!.ToString());
        Assert.Empty(Erp.Calls("/orders"));

        Erp.CreditFailure = null;
        await Eventually.HoldsAsync(async () => (await OrderAsync(id))["state"]!.ToString() == "forwarded", "the order to be forwarded once the credit service is back");

        var order = await OrderAsync(id);
        Assert.Equal("credit-unavailable", (string)order["attempts"]![0]!["outcome"]!);
        Assert.Equal("forwarded", (string)order["attempts"]!.AsArray()[^1]!["outcome"]!);
        Assert.Single(Erp.Calls("/orders"));
        Assert.True(Metrics().Value("punchout_orders_retried_total", ("buyer", "demo")) >= 1);
        Assert.True(Metrics().Value("punchout_credit_checks_total", ("buyer", "demo"), ("outcome", "credit-unavailable"), ("stage", "forwarding")) >= 1);
        Assert.Equal(1, Metrics().Value("punchout_credit_checks_total", ("buyer", "demo"), ("outcome", "ok"), ("stage", "forwarding")));
    }

    [Fact]
    public async Task AsyncOrder_CreditServiceDownForTheWholeForwardingWindow_IsDeadLetteredAndCounted()
    {
        Erp.CreditFailure = 503;
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?>(Async) { ["Orders:ForwardingWindow"] = "00:00:01" });

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        await Eventually.HoldsAsync(async () => (await OrderAsync(GatewayOrderId(answer)))["state"]!.ToString() == "dead-lettered", "the order to be dead-lettered");
        Assert.Contains("could not check the order's credit within the forwarding window", (string)(await OrderAsync(GatewayOrderId(answer)))["deadLetterReason"]!, StringComparison.Ordinal);
        Assert.Empty(Erp.Calls("/orders"));
        Assert.Equal(1, Metrics().Value("punchout_orders_forward_failed_total", ("buyer", "demo"), ("reason", "credit-unavailable")));
    }

    private PrometheusExporter Metrics() => Host.Service<PrometheusExporter>();
}
