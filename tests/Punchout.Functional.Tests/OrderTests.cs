using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Observability;
using Punchout.TestSupport;
using StackExchange.Redis;

namespace Punchout.Functional.Tests;

[Collection(GatewayTests.Name)]
public sealed class OrderTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task Order_SentTwice_GetsTheSameAnswerAndReachesTheErpOnce()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var document = ProcurementSystem.OrderRequest();

        var first = await buyer.SendAsync(document);
        var second = await buyer.SendAsync(document);
        await Eventually.HoldsAsync(async () => (await OrderAsync(GatewayOrderId(first)))["state"]!.ToString() == "forwarded", "the order to be forwarded");

        Assert.Equal(200, first.Status.Code);
        Assert.Equal(first.Status, second.Status);
        Assert.Single(Erp.Calls("/orders"));
        Assert.Equal(1, Metrics().Value("punchout_orders_received_total", ("buyer", "demo")));
        Assert.Equal(1, Metrics().Value("punchout_orders_duplicate_total", ("buyer", "demo")));
    }

    [Fact]
    public async Task Order_ErpAnswers503OnceThen201_IsRetriedWithTheSameKeyAndForwarded()
    {
        Erp.OrderAnswers = [503, 201];

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());
        await Eventually.HoldsAsync(async () => (await OrderAsync(GatewayOrderId(answer)))["state"]!.ToString() == "forwarded", "the order to be forwarded");

        var calls = Erp.Calls("/orders");
        Assert.Equal(2, calls.Count);
        Assert.Equal(calls[0].RequestMessage.Headers!["Idempotency-Key"], calls[1].RequestMessage.Headers!["Idempotency-Key"]);
        var order = await OrderAsync(GatewayOrderId(answer));
        Assert.Equal("SO-9", (string)order["erpOrderId"]!);
        Assert.Equal(1, Metrics().Value("punchout_orders_forwarded_total", ("buyer", "demo")));
        Assert.Equal(0, Metrics().Value("punchout_orders_forward_failed_total", ("buyer", "demo"), ("reason", "unavailable")));
    }

    [Fact]
    public async Task Order_ErpRefuses_IsDeadLetteredWithTheReasonAndCountedByBuyer()
    {
        Erp.OrderAnswers = [400];

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());
        await Eventually.HoldsAsync(async () => (await OrderAsync(GatewayOrderId(answer)))["state"]!.ToString() == "dead-lettered", "the order to be dead-lettered");

        var order = await OrderAsync(GatewayOrderId(answer));
        Assert.Contains("credit hold", (string)order["deadLetterReason"]!, StringComparison.Ordinal);
        Assert.Equal("rejected", (string)order["attempts"]![0]!["outcome"]!);
        Assert.Single(Erp.Calls("/orders"));
        using var metrics = await Host.Client().GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("punchout_orders_forward_failed_total{buyer=\"demo\",reason=\"rejected\"} 1", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        var dead = Assert.Single(await connection.GetDatabase().StreamRangeAsync($"{Host.KeyPrefix}{{orders}}:dead"));
        Assert.Equal(GatewayOrderId(answer), (string)dead["order"]!);
    }

    [Fact]
    public async Task Order_ErpDownLongerThanTheRetriesOfOneCall_IsTriedAgainLaterAndForwarded()
    {
        // Two calls' worth of retries fail (4 tries each), then the ERP is back.
        Erp.OrderAnswers = [503, 503, 503, 503, 503, 503, 503, 503, 201];

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());
        await Eventually.HoldsAsync(async () => (await OrderAsync(GatewayOrderId(answer)))["state"]!.ToString() == "forwarded", "the order to be forwarded once the ERP is back");

        var order = await OrderAsync(GatewayOrderId(answer));
        Assert.Equal(["unavailable", "unavailable", "forwarded"], order["attempts"]!.AsArray().Select(a => (string)a!["outcome"]!));
        Assert.Equal(9, Erp.Calls("/orders").Count);
        Assert.Single(Erp.Calls("/orders").Select(c => c.RequestMessage.Headers!["Idempotency-Key"].Single()).Distinct());
        Assert.Equal(0, Metrics().Value("punchout_orders_forward_failed_total", ("buyer", "demo"), ("reason", "unavailable")));
    }

    [Fact]
    public async Task Order_ErpDownForTheWholeForwardingWindow_IsDeadLetteredAndCounted()
    {
        Erp.OrderAnswers = [503];
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Orders:ForwardingWindow"] = "00:00:01" });

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());
        await Eventually.HoldsAsync(async () => (await OrderAsync(GatewayOrderId(answer)))["state"]!.ToString() == "dead-lettered", "the order to be dead-lettered");

        var order = await OrderAsync(GatewayOrderId(answer));
        Assert.Contains("forwarding window", (string)order["deadLetterReason"]!, StringComparison.Ordinal);
        Assert.Equal(1, Metrics().Value("punchout_orders_forward_failed_total", ("buyer", "demo"), ("reason", "unavailable")));
    }

    [Fact]
    public async Task Order_AfterRedisLostTheConsumerGroup_IsStillForwarded()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var first = await buyer.SendAsync(ProcurementSystem.OrderRequest());
        await Eventually.HoldsAsync(async () => (await OrderAsync(GatewayOrderId(first)))["state"]!.ToString() == "forwarded", "the first order to be forwarded");
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString))
        {
            Assert.True(await connection.GetDatabase().KeyDeleteAsync($"{Host.KeyPrefix}{{orders}}:stream"));
        }

        var second = await buyer.SendAsync(ProcurementSystem.OrderRequest(("DEMO-PO-1001", "DEMO-PO-1002")));

        await Eventually.HoldsAsync(async () => (await OrderAsync(GatewayOrderId(second)))["state"]!.ToString() == "forwarded", "the second order to be forwarded");
        Assert.Equal(2, Erp.Calls("/orders").Count);
    }

    [Fact]
    public async Task Order_ThatCanNeverSucceed_Is400ListingEveryProblemAndIsNotStored()
    {
        var document = ProcurementSystem.OrderRequest(("quantity=\"2\"", "quantity=\"-2\""), ("orderVersion=\"1\"", "orderVersion=\"-7\""));

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(document);

        Assert.Equal(400, answer.Status.Code);
        Assert.Contains("quantity must be greater than zero", answer.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("orderVersion must be 1 or more", answer.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/orders"));
    }

    [Fact]
    public async Task Order_ResentThroughAHubThatRewroteTheSender_IsTheSameOrder()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var original = ProcurementSystem.OrderRequest();
        var viaHub = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(original).Replace("<UserAgent>Demo Procurement 1.0</UserAgent>", "<UserAgent>Hub 2.0</UserAgent>", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

        var first = await buyer.SendAsync(original);
        var again = await buyer.SendAsync(viaHub);

        Assert.Equal(first.Status, again.Status);
        await Eventually.HoldsAsync(() => Erp.Calls("/orders").Count == 1, "the order to reach the ERP");
        Assert.Equal(1, Metrics().Value("punchout_orders_duplicate_total", ("buyer", "demo")));
    }

    [Fact]
    public async Task Order_SamePayloadIdWithADifferentBody_Is409AndNotForwardedAgain()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var original = ProcurementSystem.OrderRequest();
        // A valid change (quantity and Total together), so it is the payloadID conflict that refuses it, not a rule.
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(original)
            .Replace("quantity=\"2\"", "quantity=\"3\"", StringComparison.Ordinal)
            .Replace("<Money currency=\"USD\">25.00</Money>", "<Money currency=\"USD\">37.50</Money>", StringComparison.Ordinal));

        var first = await buyer.SendAsync(original);
        var conflict = await buyer.SendAsync(changed);

        Assert.Equal(200, first.Status.Code);
        Assert.Equal(409, conflict.Status.Code);
        Assert.Contains(GatewayOrderId(first), conflict.Status.Detail, StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => Erp.Calls("/orders").Count == 1, "the first order to be forwarded");
    }

    [Fact]
    public async Task Order_ErpRequestBody_CarriesTheOrderAsTheBuyerSentIt()
    {
        await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());
        await Eventually.HoldsAsync(() => Erp.Calls("/orders").Count == 1, "the order to reach the ERP");

        var body = ErpStub.Body(Erp.Calls("/orders").Single());
        Assert.Equal("demo", (string)body["buyer"]!);
        Assert.Equal("new", (string)body["type"]!);
        Assert.Equal(1, (int)body["orderVersion"]!);
        Assert.Equal("regular", (string)body["orderType"]!);
        Assert.Equal("USD", (string)body["currency"]!);
        Assert.Equal(25.00m, (decimal)body["total"]!);
        Assert.Equal("2026-11-26T09:58:00-05:00", (string)body["orderDate"]!);
        Assert.Equal("HQ-01", (string)body["shipTo"]!["addressId"]!);
        Assert.Equal("100 Market Street", (string)body["shipTo"]!["street"]![0]!);
        Assert.Equal("Demo Buyer Inc. Accounts Payable", (string)body["billTo"]!["name"]!);
        Assert.Equal("Deliver to the loading dock, weekdays 8-16.", (string)body["comments"]!);
        Assert.Equal("CC-4100", (string)body["extrinsics"]!["CostCenter"]!);
        var line = body["lines"]![0]!;
        Assert.Equal((1, "DEMO-1001", "cart-line-1"), ((int)line["lineNumber"]!, (string)line["supplierPartId"]!, (string)line["supplierPartAuxiliaryId"]!));
        Assert.Equal((2m, 12.50m, "EA"), ((decimal)line["quantity"]!, (decimal)line["unitPrice"]!, (string)line["unitOfMeasure"]!));
        Assert.Equal("2026-12-03T00:00:00-05:00", (string)line["requestedDeliveryDate"]!);
        Assert.True((bool)body["test"]!);
        var headers = Erp.Calls("/orders").Single().RequestMessage.Headers!;
        Assert.Equal(Encoding.UTF8.GetByteCount(Erp.Calls("/orders").Single().RequestMessage.Body!).ToString(System.Globalization.CultureInfo.InvariantCulture), headers["Content-Length"].Single());
        Assert.False(headers.ContainsKey("Transfer-Encoding"));
        Assert.EndsWith(":test", headers["Idempotency-Key"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_WhileRedisIsDown_Is560SoTheBuyerResends()
    {
        var ownRedis = new RedisServer();
        await ownRedis.InitializeAsync();
        Host = GatewayHost.Start(ownRedis, Erp.Url);
        var buyer = new ProcurementSystem(Host.Client());
        Assert.Equal(200, (await buyer.SendAsync(ProcurementSystem.OrderRequest())).Status.Code);

        await ownRedis.DisposeAsync();
        var answer = await buyer.SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal(560, answer.Status.Code);
        Assert.Contains("resend", answer.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrdersApi_WithoutTheAdminKey_Is401_AndAnUnknownOrderIs404()
    {
        var client = Host.Client();
        using var bare = await client.GetAsync(new Uri("/api/v1/orders/ord-x", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/orders/ord-unknown", UriKind.Relative));
        request.Headers.Add("X-Api-Key", "demo-admin-key");
        using var unknown = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private PrometheusExporter Metrics() => Host.Service<PrometheusExporter>();
}
