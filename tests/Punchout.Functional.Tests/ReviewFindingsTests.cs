using Microsoft.Extensions.DependencyInjection;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Erp;
using Punchout.TestSupport;
using Punchout.Validation.Erp;

namespace Punchout.Functional.Tests;

/// <summary>Defects an independent review found, each now a test of the documented behaviour through POST /cxml and the
/// support APIs: resends that must get their first answer, a release that must wait for its blanket, a credit check not
/// repeated after the ERP booked an order, buyer ids in any letter case, the tester's return URL and the console's Origin.</summary>
[Collection(GatewayTests.Name)]
public sealed class ReviewFindingsTests(RedisServer redis) : GatewayTestBase(redis)
{
    private const string NewV1 = "type=\"new\" orderVersion=\"1\"";

    // docs/orders.md, intake table: "a new payloadID, the business key of an accepted order ..., the same content |
    // the first answer, again | nothing". With CreditCheck: Blocking the credit check runs before the business key is
    // looked at: once the account is over its limit (the accepted order itself may be what filled it), the resend is
    // answered 400 "credit-over-limit ... Nothing was stored." although the order is stored and is being forwarded.
    [Fact]
    public async Task BlockingCredit_ResendUnderANewPayloadId_OfAnAcceptedOrder_GetsTheFirstAnswer()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Buyers:0:CreditCheck"] = "Blocking", ["Buyers:1:CreditCheck"] = "Blocking" });
        var buyer = new ProcurementSystem(Host.Client());
        var first = await buyer.SendAsync(ProcurementSystem.OrderRequest());
        Assert.Equal(200, first.Status.Code);

        Erp.CreditStatus = "over-limit";
        var resent = await buyer.SendAsync(ProcurementSystem.OrderRequest()); // same content, new payloadID

        Assert.Equal((200, first.Status.Detail), (resent.Status.Code, resent.Status.Detail));
    }

    // The same for the entitlement quote: a part blocked since the order was accepted refuses the resend with 400.
    [Fact]
    public async Task ResendUnderANewPayloadId_AfterThePartWasBlocked_GetsTheFirstAnswer()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var first = await buyer.SendAsync(ProcurementSystem.OrderRequest());
        Assert.Equal(200, first.Status.Code);

        Erp.UnknownParts["DEMO-1001"] = true;
        var resent = await buyer.SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal((200, first.Status.Detail), (resent.Status.Code, resent.Status.Detail));
    }

    // Same table: an accepted update v2 resent under a new payloadID after v3 was accepted is answered
    // 400 stale-version by the handler's pre-check (CheckHistoryAsync), though intake would answer it as the same order.
    [Fact]
    public async Task AcceptedUpdate_ResentUnderANewPayloadId_AfterALaterVersion_GetsTheFirstAnswer()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var order = ProcurementSystem.OrderRequest();
        Assert.Equal(200, (await buyer.SendAsync(order)).Status.Code);
        var v2 = await buyer.SendAsync(Change("update", 2, PayloadIdOf(order)));
        Assert.Equal(200, v2.Status.Code);
        Assert.Equal(200, (await buyer.SendAsync(Change("update", 3, PayloadIdOf(order), (">CC-4100<", ">CC-4300<")))).Status.Code);

        var v2Again = await buyer.SendAsync(Change("update", 2, PayloadIdOf(order)));

        Assert.Equal((200, v2.Status.Detail), (v2Again.Status.Code, v2Again.Status.Detail));
    }

    // docs/orders.md, Forwarding: "So an update never overtakes its original, and a release never overtakes its blanket
    // order." Changes are guarded (original-not-forwarded), releases are not: when the blanket order is dead-lettered
    // (or credit-held under Async), the release is forwarded to an ERP that has no such agreement.
    [Fact]
    public async Task ReleaseOfADeadLetteredBlanket_NeverReachesTheErpBeforeIt()
    {
        Erp.RejectedOrders["DEMO-BLANKET-9"] = true;
        var buyer = new ProcurementSystem(Host.Client());
        var blanket = GatewayOrderId(await buyer.SendAsync(ProcurementSystem.OrderRequest(
            ("orderID=\"DEMO-PO-1001\"", "orderID=\"DEMO-BLANKET-9\""),
            (NewV1, NewV1 + " orderType=\"blanket\""))));
        var release = GatewayOrderId(await buyer.SendAsync(ProcurementSystem.OrderRequest(
            ("orderID=\"DEMO-PO-1001\"", "orderID=\"DEMO-REL-9\""),
            (NewV1, NewV1 + " orderType=\"release\" agreementID=\"DEMO-BLANKET-9\""))));

        await Eventually.HoldsAsync(async () => (string)(await OrderAsync(release))["state"]! is "forwarded" or "dead-lettered", "the release to be finished");

        Assert.Equal("dead-lettered", (string)(await OrderAsync(blanket))["state"]!);
        Assert.DoesNotContain(Erp.Calls("/orders"), c => (string)ErpStub.Body(c)["orderId"]! == "DEMO-REL-9" && c.ResponseMessage.StatusCode is 201);
    }

    // CreditCheck Async checks the credit on every attempt, also after the ERP has taken the order: here the ERP books
    // the order but its answer is lost (a timeout after the commit), which uses up the account's credit; the retry's
    // credit check then parks the order in credit-hold although the ERP has it. Support is told to "replay it once
    // the account is cleared" for an order the ERP already booked. The same happens when a worker dies after the ERP
    // answered and another claims the entry (the crash story of docs/orders.md).
    [Fact]
    public async Task AsyncCredit_OrderTheErpAlreadyBooked_IsNotParkedInCreditHold_OnTheRetry()
    {
        var erp = Erp;
        Host = GatewayHost.Start(
            Redis,
            Erp.Url,
            new Dictionary<string, string?> { ["Buyers:0:CreditCheck"] = "Async", ["Buyers:1:CreditCheck"] = "Async", ["Orders:RetryBaseDelay"] = "00:00:00.200", ["Orders:RetryMaxDelay"] = "00:00:00.400" },
            services => services.AddTransient<IErpClient>(provider =>
                new LosesTheFirstOrderAnswer(new HttpErpClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IErpClient))), () => erp.CreditStatus = "over-limit")));

        var id = GatewayOrderId(await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest()));
        await Eventually.HoldsAsync(async () => (string)(await OrderAsync(id))["state"]! is "forwarded" or "credit-hold", "the order to be finished");

        Assert.Single(Erp.Created); // the ERP booked it
        Assert.Equal("forwarded", (string)(await OrderAsync(id))["state"]!);
    }

    private sealed class LosesTheFirstOrderAnswer(IErpClient inner, Action afterBooking) : IErpClient
    {
        private int calls;

        public Task<ErpOutcome<PriceQuote>> QuotePricesAsync(PriceQuoteRequest request, CancellationToken cancellationToken) => inner.QuotePricesAsync(request, cancellationToken);

        public Task<ErpOutcome<CreditDecision>> CheckCreditAsync(CreditCheckRequest request, CancellationToken cancellationToken) => inner.CheckCreditAsync(request, cancellationToken);

        public async Task<ErpOutcome<ErpOrderAccepted>> SubmitOrderAsync(ErpOrder order, string idempotencyKey, CancellationToken cancellationToken)
        {
            var answer = await inner.SubmitOrderAsync(order, idempotencyKey, cancellationToken);
            if (Interlocked.Increment(ref calls) > 1)
            {
                return answer;
            }

            afterBooking();
            return ErpOutcome.Failed<ErpOrderAccepted>(ErpFailureKind.Unavailable, "no answer within the timeout", null);
        }
    }

    // Without Gateway:PublicBaseUrl (allowed in Development only), IsTesterReturn builds its prefix from the request's
    // Host header, which the buyer's system chooses: any host passes as "the gateway's own tester", bypassing the buyer's
    // AllowedReturnHosts.
    [Fact]
    public async Task BrowserFormPost_OnAnotherHost_DoesNotPassAsTheTesterReturn()
    {
        var client = Host.Client();
        client.DefaultRequestHeaders.Host = "evil.example";

        var answer = await new ProcurementSystem(client).SendAsync(ProcurementSystem.SetupRequest("http://evil.example/console/tester/x/received"));

        Assert.Equal(400, answer.Status.Code);
    }

    // The console's Origin check lets "null" through (for the cart return page). A signed-in support user's browser that
    // posts from any same-site page (e.g. the storefront on a sibling subdomain) with Referrer-Policy no-referrer sends
    // the SameSite=Strict cookie and Origin: null, so the check adds nothing over SameSite for the replay button.
    [Fact]
    public async Task ConsoleReplay_WithOriginNull_IsForbidden()
    {
        var client = Host.Client();
        using var signIn = await client.PostAsync(new Uri("/console/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "demo-admin-key", ["returnUrl"] = "/console" }));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("punchout_console=", StringComparison.Ordinal)).Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/console/orders/ord-x/replay", UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", "null");

        using var answer = await client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, answer.StatusCode);
    }

    // BuyerDirectory.Find is case-insensitive, the order store's buyer ids are not: GET /api/v1/reconcile?buyer=DEMO is
    // accepted as a configured buyer, counts none of demo's orders, and answers reconciled: true (CLI exit code 0),
    // exactly what ReconcileApi's "a misspelt buyer must not read as a buyer whose every order was forwarded" forbids.
    [Fact]
    public async Task Reconcile_BuyerIdInOtherLetterCase_DoesNotReadAsAClean()
    {
        Erp.RejectedOrders["DEMO-PO-1001"] = true;
        var since = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var id = GatewayOrderId(await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest()));
        await Eventually.HoldsAsync(async () => (string)(await OrderAsync(id))["state"]! == "dead-lettered", "the order to be dead-lettered");

        var report = await AdminAsync(HttpMethod.Get, $"/api/v1/reconcile?since={since}&buyer=DEMO");

        Assert.False((bool)report["reconciled"]!, "buyer=DEMO reconciles as clean although demo has a dead letter in the period");
    }

    // Same mismatch: POST /api/v1/forwarding/pause?buyer=DEMO answers 200 but demo's orders keep going to the ERP
    // during the maintenance window.
    [Fact]
    public async Task Pause_BuyerIdInOtherLetterCase_PausesThatBuyer()
    {
        await AdminAsync(HttpMethod.Post, "/api/v1/forwarding/pause?buyer=DEMO");

        var id = GatewayOrderId(await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest()));
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal("received", (string)(await OrderAsync(id))["state"]!);
        Assert.Empty(Erp.Calls("/orders"));
    }

    private async Task<System.Text.Json.Nodes.JsonNode> AdminAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", "demo-admin-key");
        return await Storefront.JsonAsync(await Host.Client().SendAsync(request), System.Net.HttpStatusCode.OK);
    }

    private static byte[] Change(string type, int version, string original, params (string Find, string? Replace)[] more) => ProcurementSystem.OrderRequest(
        [
            (NewV1, $"type=\"{type}\" orderVersion=\"{version}\""),
            ("<Extrinsic name=\"CostCenter\">", $"<DocumentReference payloadID=\"{original}\"/><Extrinsic name=\"CostCenter\">"),
            .. more,
        ]);
}
