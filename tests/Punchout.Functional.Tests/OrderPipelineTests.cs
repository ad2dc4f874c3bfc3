using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Erp;
using Punchout.TestSupport;
using Punchout.Validation.Erp;

namespace Punchout.Functional.Tests;

/// <summary>Orders that are never lost or doubled: real gateways on one real Redis, a WireMock ERP that keeps its
/// Idempotency-Key promise, and the support API.</summary>
[Collection(GatewayTests.Name)]
public sealed class OrderPipelineTests(RedisServer redis) : GatewayTestBase(redis)
{
    private const string AdminKey = "demo-admin-key";

    [Fact]
    public async Task WorkerDyingAfterTheErpTookAnOrder_AnotherInstanceFinishes_AndTheErpCreatesEachOrderOnce()
    {
        // The first instance's worker hangs as soon as the ERP has answered, before it records anything: stopped like
        // that, it leaves the entry pending, as a crashed process would.
        var settings = new Dictionary<string, string?> { ["Orders:ClaimIdleTime"] = "00:00:03" };
        var first = GatewayHost.Start(Redis, Erp.Url, settings, services => services.AddTransient<IErpClient>(provider =>
            new HangsAfterTheErpAnswers(new HttpErpClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IErpClient))))));
        var ids = new List<string>();
        foreach (var orderId in new[] { "PO-K1", "PO-K2", "PO-K3" })
        {
            ids.Add(GatewayOrderId(await new ProcurementSystem(first.Client()).SendAsync(Order(orderId))));
        }

        await Eventually.HoldsAsync(() => Erp.Created.Count == 1, "the ERP to create the first order");
        first.Dispose();
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?>(settings) { ["Redis:KeyPrefix"] = first.KeyPrefix });
        Assert.Equal("received", await StateAsync(ids[0]));

        foreach (var id in ids)
        {
            await Eventually.HoldsAsync(async () => await StateAsync(id) == "forwarded", $"order {id} to be forwarded by the second instance");
        }

        Assert.Equal(3, Erp.Created.Count);
        Assert.All(Erp.Created, created => Assert.Equal(1, created.Value));
        Assert.Equal(4, Erp.Calls("/orders").Count);
        Assert.Equal(["PO-K1", "PO-K1", "PO-K2", "PO-K3"], Erp.Calls("/orders").Select(c => (string)ErpStub.Body(c)["orderId"]!));
        Assert.Contains("already known to the ERP", (string)(await OrderAsync(ids[0]))["attempts"]![0]!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoInstancesOnOneRedis_ForwardEachOrderExactlyOnce()
    {
        var other = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Redis:KeyPrefix"] = Host.KeyPrefix });
        try
        {
            var answers = await Task.WhenAll(Enumerable.Range(1, 12).Select(i =>
                new ProcurementSystem((i % 2 == 0 ? Host : other).Client()).SendAsync(Order($"PO-2I-{i}"))));
            var ids = answers.Select(GatewayOrderId).ToList();

            foreach (var id in ids)
            {
                await Eventually.HoldsAsync(async () => await StateAsync(id) == "forwarded", $"order {id} to be forwarded");
            }

            Assert.Equal(12, Erp.Calls("/orders").Count);
            Assert.Equal(12, Erp.Created.Count);
            Assert.All(Erp.Created, created => Assert.Equal(1, created.Value));
        }
        finally
        {
            other.Dispose();
        }
    }

    [Fact]
    public async Task ErpDownForAMaintenanceWindowThenBack_DrainedOrdersAreForwardedInArrivalOrder()
    {
        // An hour's backoff: after the first failure nothing is tried again until support drains the queue.
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Orders:RetryBaseDelay"] = "01:00:00", ["Orders:RetryMaxDelay"] = "01:00:00" });
        Erp.OrdersDown = true;
        var buyer = new ProcurementSystem(Host.Client());
        var ids = new List<string>();
        foreach (var orderId in new[] { "PO-W1", "PO-W2", "PO-W3", "PO-W4" })
        {
            var answer = await buyer.SendAsync(Order(orderId));
            Assert.Equal(200, answer.Status.Code);
            ids.Add(GatewayOrderId(answer));
        }

        await Eventually.HoldsAsync(async () => await StateAsync(ids[0]) == "forwarding", "the first order to be refused once");
        await Eventually.HoldsAsync(() => Host.Logs.WithEventId(3015).Count >= 3, "the later orders to wait behind the first");
        var callsWhileDown = Erp.Calls("/orders").Count;
        Assert.Equal(["received", "received", "received"], [await StateAsync(ids[1]), await StateAsync(ids[2]), await StateAsync(ids[3])]);
        Erp.OrdersDown = false;
        var drained = await AdminAsync(HttpMethod.Post, "/api/v1/forwarding/drain", HttpStatusCode.OK);

        foreach (var id in ids)
        {
            await Eventually.HoldsAsync(async () => await StateAsync(id) == "forwarded", $"order {id} to be forwarded");
        }

        Assert.Equal(1, (int)drained["madeDue"]!);
        Assert.Equal(["PO-W1", "PO-W2", "PO-W3", "PO-W4"], ForwardedOrderIds());
        Assert.All(Erp.Calls("/orders").Take(callsWhileDown), c => Assert.Equal(("PO-W1", 503), ((string)ErpStub.Body(c)["orderId"]!, c.ResponseMessage.StatusCode)));
        Assert.Equal(["unavailable", "forwarded"], (await OrderAsync(ids[0]))["attempts"]!.AsArray().Select(a => (string)a!["outcome"]!));
        Assert.Equal(1, Host.Service<Punchout.Gateway.Observability.PrometheusExporter>().Value("punchout_orders_retried_total", ("buyer", "demo")));
    }

    [Fact]
    public async Task PoisonOrder_IsDeadLettered_TheOthersGoOn_AndSupportReplaysItOnce()
    {
        Erp.RejectedOrders["PO-POISON"] = true;
        var buyer = new ProcurementSystem(Host.Client());
        var before = GatewayOrderId(await buyer.SendAsync(Order("PO-P1")));
        var poison = GatewayOrderId(await buyer.SendAsync(Order("PO-POISON")));
        var after = GatewayOrderId(await buyer.SendAsync(Order("PO-P2")));

        await Eventually.HoldsAsync(async () => await StateAsync(after) == "forwarded", "the order after the poison one to be forwarded");
        Assert.Equal(("forwarded", "dead-lettered"), (await StateAsync(before), await StateAsync(poison)));
        var dead = await AdminAsync(HttpMethod.Get, "/api/v1/orders?state=dead-lettered&buyer=demo", HttpStatusCode.OK);
        var listed = Assert.Single(dead["orders"]!.AsArray())!;
        Assert.Equal((poison, "PO-POISON"), ((string)listed["id"]!, (string)listed["orderId"]!));
        Assert.Contains("blocked for sale", (string)listed["deadLetterReason"]!, StringComparison.Ordinal);

        Erp.RejectedOrders.Clear();
        var replayed = await AdminAsync(HttpMethod.Post, $"/api/v1/orders/{poison}/replay", HttpStatusCode.Accepted);
        var again = await AdminAsync(HttpMethod.Post, $"/api/v1/orders/{poison}/replay", HttpStatusCode.Conflict);

        Assert.Equal("received", (string)replayed["state"]!);
        Assert.Equal("not-replayable", (string)again["code"]!);
        await Eventually.HoldsAsync(async () => await StateAsync(poison) == "forwarded", "the replayed order to be forwarded");
        Assert.Equal(["PO-P1", "PO-P2", "PO-POISON"], ForwardedOrderIds());
        Assert.Contains((await OrderAsync(poison))["attempts"]!.AsArray(), a => (string)a!["outcome"]! == "replayed");
        Assert.Empty((await AdminAsync(HttpMethod.Get, "/api/v1/orders?state=dead-lettered", HttpStatusCode.OK))["orders"]!.AsArray());
        Assert.Equal(1, Host.Service<Punchout.Gateway.Observability.PrometheusExporter>().Value("punchout_orders_replayed_total", ("buyer", "demo"), ("from", "dead-lettered")));
    }

    [Fact]
    public async Task FiftyConcurrentPostsOfOneDocument_AreOneErpOrder_AndFiftyIdenticalAnswers()
    {
        // Fifty entitlement checks at once on a busy machine: ERP timeouts that leave room, so none is answered 560.
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Erp:AttemptTimeout"] = "00:00:10", ["Erp:TotalTimeout"] = "00:00:20", ["Orders:ClaimIdleTime"] = "00:00:30" });
        var document = Order("PO-FIFTY");

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => new ProcurementSystem(Host.Client()).SendAsync(document)));

        Assert.All(answers, a => Assert.Equal((200, answers[0].Status.Detail), (a.Status.Code, a.Status.Detail)));
        await Eventually.HoldsAsync(async () => await StateAsync(GatewayOrderId(answers[0])) == "forwarded", "the order to be forwarded");
        Assert.Single(Erp.Calls("/orders"));
    }

    [Fact]
    public async Task SameOrderUnderANewPayloadId_IsAnsweredAsTheFirst_AndForwardedOnce_ButOtherContentIs409()
    {
        var buyer = new ProcurementSystem(Host.Client());

        var first = await buyer.SendAsync(Order("PO-SAME"));
        var resent = await buyer.SendAsync(Order("PO-SAME"));
        var changed = await buyer.SendAsync(Order("PO-SAME", (">CC-4100<", ">CC-4200<")));

        Assert.Equal((200, 200, 409), (first.Status.Code, resent.Status.Code, changed.Status.Code));
        Assert.Equal(first.Status.Detail, resent.Status.Detail);
        Assert.Contains("higher orderVersion", changed.Status.Detail, StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => await StateAsync(GatewayOrderId(first)) == "forwarded", "the order to be forwarded");
        Assert.Single(Erp.Calls("/orders"));
        Assert.Single(Host.Logs.WithEventId(3016));
    }

    [Fact]
    public async Task ChangeBeforeItsOriginal_IsRefused_ThenAfterTheOriginal_ReachesTheErpAsAChangeOfIt()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var original = Order("PO-CHG");

        var early = await buyer.SendAsync(Change("PO-CHG", PayloadIdOf(original)));
        var accepted = await buyer.SendAsync(original);
        await Eventually.HoldsAsync(async () => await StateAsync(GatewayOrderId(accepted)) == "forwarded", "the original to be forwarded");
        var change = await buyer.SendAsync(Change("PO-CHG", PayloadIdOf(original)));
        await Eventually.HoldsAsync(async () => await StateAsync(GatewayOrderId(change)) == "forwarded", "the change to be forwarded");

        Assert.Equal((400, 200, 200), (early.Status.Code, accepted.Status.Code, change.Status.Code));
        Assert.Contains("unknown-order: ", early.Status.Detail, StringComparison.Ordinal);
        var calls = Erp.Calls("/orders").Select(ErpStub.Body).ToList();
        Assert.Equal([("new", 1), ("update", 2)], calls.Select(c => ((string)c["type"]!, (int)c["orderVersion"]!)));
        var changeOf = calls[1]["changeOf"]!;
        Assert.Equal(("SO-9", 1, PayloadIdOf(original), GatewayOrderId(accepted)), ((string)changeOf["erpOrderId"]!, (int)changeOf["orderVersion"]!, (string)changeOf["payloadId"]!, (string)changeOf["gatewayOrderId"]!));
        Assert.Null(calls[0]["changeOf"]);
        Assert.Equal(2, Erp.Created.Count);
    }

    [Fact]
    public async Task ChangeOfAnOrderThatWasDeadLettered_IsDeadLetteredToo_SayingToReplayTheOriginalFirst()
    {
        Erp.RejectedOrders["PO-CHD"] = true;
        var buyer = new ProcurementSystem(Host.Client());
        var original = Order("PO-CHD");
        var first = GatewayOrderId(await buyer.SendAsync(original));

        // The ERP would refuse the change too, so a change that reached it would be dead-lettered for another reason.
        var change = GatewayOrderId(await buyer.SendAsync(Change("PO-CHD", PayloadIdOf(original))));

        await Eventually.HoldsAsync(async () => await StateAsync(change) == "dead-lettered", "the change to be dead-lettered");
        Assert.Equal("dead-lettered", await StateAsync(first));
        Assert.Contains($"changes order {first}", (string)(await OrderAsync(change))["deadLetterReason"]!, StringComparison.Ordinal);
        Assert.Contains("replay that order first", (string)(await OrderAsync(change))["deadLetterReason"]!, StringComparison.Ordinal);
        Assert.Single(Erp.Calls("/orders"));
    }

    [Fact]
    public async Task PausedForwarding_KeepsTakingOrders_AndForwardsThemInOrderOnResume()
    {
        var paused = await AdminAsync(HttpMethod.Post, "/api/v1/forwarding/pause?buyer=demo", HttpStatusCode.OK);
        var buyer = new ProcurementSystem(Host.Client());
        var ids = new List<string>();
        foreach (var orderId in new[] { "PO-PA1", "PO-PA2" })
        {
            var answer = await buyer.SendAsync(Order(orderId));
            Assert.Equal(200, answer.Status.Code);
            ids.Add(GatewayOrderId(answer));
        }

        await Eventually.HoldsAsync(() => Host.Logs.WithEventId(3015).Count >= 2, "the worker to hold both orders");
        var status = await AdminAsync(HttpMethod.Get, "/api/v1/forwarding", HttpStatusCode.OK);
        await Eventually.HoldsAsync(() => Host.Service<Punchout.Gateway.Observability.PrometheusExporter>().Render().Contains("punchout_orders_queue_depth{buyer=\"demo\"} 2", StringComparison.Ordinal), "the queue depth gauge to show both orders");

        Assert.Equal(["demo"], paused["pausedBuyers"]!.AsArray().Select(b => (string)b!));
        var demo = Assert.Single(status["buyers"]!.AsArray())!;
        Assert.Equal((true, 2), ((bool)demo["paused"]!, (int)demo["depth"]!));
        Assert.Empty(Erp.Calls("/orders"));
        Assert.Equal(["received", "received"], [await StateAsync(ids[0]), await StateAsync(ids[1])]);

        await AdminAsync(HttpMethod.Post, "/api/v1/forwarding/resume?buyer=demo", HttpStatusCode.OK);
        foreach (var id in ids)
        {
            await Eventually.HoldsAsync(async () => await StateAsync(id) == "forwarded", $"order {id} to be forwarded after the resume");
        }

        Assert.Equal(["PO-PA1", "PO-PA2"], ForwardedOrderIds());
        Assert.Empty((await AdminAsync(HttpMethod.Get, "/api/v1/forwarding", HttpStatusCode.OK))["buyers"]!.AsArray());
    }

    [Theory]
    [InlineData("GET", "/api/v1/orders?state=lost", HttpStatusCode.BadRequest, "invalid-state")]
    [InlineData("GET", "/api/v1/orders?state=received&limit=0", HttpStatusCode.BadRequest, "invalid-limit")]
    [InlineData("POST", "/api/v1/orders/ord-nope/replay", HttpStatusCode.NotFound, "unknown-order")]
    [InlineData("POST", "/api/v1/forwarding/pause?buyer=nobody", HttpStatusCode.NotFound, "unknown-buyer")]
    public async Task SupportApi_BadRequests_AreProblemsWithACode(string method, string path, HttpStatusCode status, string code)
    {
        var problem = await AdminAsync(new HttpMethod(method), path, status);

        Assert.Equal(code, (string)problem["code"]!);
    }

    [Fact]
    public async Task SupportApi_WithoutTheAdminKey_Is401()
    {
        using var response = await Host.Client().PostAsync(new Uri("/api/v1/forwarding/pause", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False((await AdminAsync(HttpMethod.Get, "/api/v1/forwarding", HttpStatusCode.OK))["pausedAll"]!.GetValue<bool>());
    }

    private static byte[] Order(string orderId, params (string Find, string? Replace)[] changes) =>
        ProcurementSystem.OrderRequest([("orderID=\"DEMO-PO-1001\"", $"orderID=\"{orderId}\""), .. changes]);

    private static byte[] Change(string orderId, string originalPayloadId) => Order(
        orderId,
        ("type=\"new\" orderVersion=\"1\"", "type=\"update\" orderVersion=\"2\""),
        ("<Extrinsic name=\"CostCenter\">", $"<DocumentReference payloadID=\"{originalPayloadId}\"/><Extrinsic name=\"CostCenter\">"));

    // The orderIds of the orders the ERP created, in the order it created them.
    private List<string> ForwardedOrderIds() =>
        [.. Erp.Calls("/orders").Where(c => c.ResponseMessage.StatusCode is 201).Select(c => (string)ErpStub.Body(c)["orderId"]!)];

    private async Task<string> StateAsync(string id) => (await OrderAsync(id))["state"]!.ToString();

    private async Task<JsonNode> AdminAsync(HttpMethod method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", AdminKey);
        return await Storefront.JsonAsync(await Host.Client().SendAsync(request), expected);
    }

    // An ERP client whose order calls reach the ERP and then never return: the worker dies with the ERP's answer unread.
    private sealed class HangsAfterTheErpAnswers(IErpClient inner) : IErpClient
    {
        public Task<ErpOutcome<PriceQuote>> QuotePricesAsync(PriceQuoteRequest request, CancellationToken cancellationToken) => inner.QuotePricesAsync(request, cancellationToken);

        public Task<ErpOutcome<CreditDecision>> CheckCreditAsync(CreditCheckRequest request, CancellationToken cancellationToken) => inner.CheckCreditAsync(request, cancellationToken);

        public async Task<ErpOutcome<ErpOrderAccepted>> SubmitOrderAsync(ErpOrder order, string idempotencyKey, CancellationToken cancellationToken)
        {
            await inner.SubmitOrderAsync(order, idempotencyKey, cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
