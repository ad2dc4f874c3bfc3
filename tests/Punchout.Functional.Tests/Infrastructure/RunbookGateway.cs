using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>One gateway on its own redis-server and WireMock ERP, driven once through the flows the runbooks talk
/// about, so that every metric they name has been counted: punchouts (returned, repriced, refused, unpriced, cancelled;
/// cXML and OCI), refused credentials and signatures, orders forwarded, resent, refused, retried, dead-lettered and replayed,
/// parked in credit-hold, and waiting in a paused lane; a confirmation the buyer takes, and a ship notice it cannot
/// take at first and then refuses. A second gateway, whose sessions live a second, lets one expire.</summary>
public sealed class RunbookGateway : IAsyncLifetime
{
    /// <summary>The admin key of the embedded defaults.</summary>
    public const string AdminKey = "demo-admin-key";

    /// <summary>The storefront key of the embedded defaults.</summary>
    public const string StorefrontKey = "demo-storefront-key";

    /// <summary>The ERP key of the embedded defaults.</summary>
    public const string ErpKey = "demo-erp-key";

    /// <summary>The buyer the pages' <c>$BUYER</c> stands for.</summary>
    public const string Buyer = "demo";

    private const string SignedBuyerIdentity = "AN01000000099-T";
    private const string SignedBuyerSecret = "runbook-signed-secret";

    private readonly RedisServer redis = new();

    /// <summary>The ERP.</summary>
    public ErpStub Erp { get; } = new();

    /// <summary>The demo buyer's procurement system, taking order status documents.</summary>
    public BuyerStub BuyerSystem { get; } = new();

    /// <summary>The gateway.</summary>
    public GatewayHost Host { get; private set; } = null!;

    /// <summary>An order the ERP took.</summary>
    public string ForwardedOrderId { get; private set; } = string.Empty;

    /// <summary>A dead-lettered order (the ERP refuses it), replayed once by the driving already.</summary>
    public string DeadLetteredOrderId { get; private set; } = string.Empty;

    /// <summary>A dead-lettered ship notice (the buyer refused it), replayed by nobody yet.</summary>
    public string DeadLetteredOutboundId { get; private set; } = string.Empty;

    /// <summary>An open punchout session whose cart was refused.</summary>
    public string OpenSessionId { get; private set; } = string.Empty;

    /// <summary>GET /metrics after every flow ran.</summary>
    public string Metrics { get; private set; } = string.Empty;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await redis.InitializeAsync();
        Host = GatewayHost.Start(redis, Erp.Url, new Dictionary<string, string?>
        {
            // The ERP fails on purpose below (a cart it cannot price, an order it cannot check): the circuit stays closed.
            ["Erp:BreakMinimumThroughput"] = "1000",
            ["Buyers:0:PriceTolerance"] = "0.05",
            ["Buyers:0:Cxml:OrderStatus:Url"] = BuyerSystem.Url,

            // demo-hold's credit is checked by the order worker, which parks its orders: the ERP says the account is on hold.
            ["Buyers:2:CreditCheck"] = "Async",
            ["Buyers:3:Id"] = "runbook-signed",
            ["Buyers:3:ErpAccount"] = "C-SIGNED",
            ["Buyers:3:Cxml:Credentials:0:Domain"] = "NetworkID",
            ["Buyers:3:Cxml:Credentials:0:Identity"] = SignedBuyerIdentity,
            ["Buyers:3:Cxml:SharedSecret"] = SignedBuyerSecret,
            ["Buyers:3:Cxml:AllowedReturnHosts:0"] = "procurement.example",
            ["Buyers:3:Cxml:Signature:Required"] = "true",
            ["Buyers:3:Cxml:Signature:TrustedCertificates:0"] = TestCertificates.Base64(TestCertificates.SelfSigned("Runbook Signer")),
        });
        Erp.CreditStatus = "hold";
        var expired = ExpiredSessionMetricsAsync();
        await DrivePunchoutsAsync();
        await DriveOrdersAsync();
        await DriveOrderStatusAsync();
        Metrics = await Host.Client().GetStringAsync(new Uri("/metrics", UriKind.Relative)) + await expired;
    }

    /// <summary>Sends a support API request with the admin key.</summary>
    public async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", AdminKey);
        return await Host.Client().SendAsync(request);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Host?.Dispose();
        Erp.Dispose();
        BuyerSystem.Dispose();
        await redis.DisposeAsync();
    }

    // A punchout whose browser never arrives, on a gateway whose sessions live a second: its /metrics once the session
    // has been counted as expired.
    private async Task<string> ExpiredSessionMetricsAsync()
    {
        using var shortLived = GatewayHost.Start(redis, Erp.Url, new Dictionary<string, string?> { ["Sessions:Ttl"] = "00:00:01" });
        await new ProcurementSystem(shortLived.Client()).StartPunchOutAsync();
        var metrics = string.Empty;
        await Eventually.HoldsAsync(
            async () => (metrics = await shortLived.Client().GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("punchout_sessions_expired_total{", StringComparison.Ordinal),
            "the abandoned session to be counted as expired");
        return metrics;
    }

    private async Task DrivePunchoutsAsync()
    {
        var browser = Host.Client();
        var buyer = new ProcurementSystem(browser);
        var storefront = new Storefront(browser);

        var returned = await Storefront.ArriveAsync(browser, await buyer.StartPunchOutAsync());
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(returned, Storefront.Cart()), HttpStatusCode.OK);

        var repriced = await Storefront.ArriveAsync(browser, await buyer.StartPunchOutAsync());
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(repriced, Storefront.Cart(unitPrice: 12.48m)), HttpStatusCode.OK);

        OpenSessionId = await Storefront.ArriveAsync(browser, await buyer.StartPunchOutAsync());
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(OpenSessionId, Storefront.Cart(unitPrice: 11.00m)), HttpStatusCode.UnprocessableEntity);

        var unpriced = await Storefront.ArriveAsync(browser, await buyer.StartPunchOutAsync());
        Erp.QuoteFailure = 503;
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(unpriced, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);
        Erp.QuoteFailure = null;

        var cancelled = await Storefront.ArriveAsync(browser, await buyer.StartPunchOutAsync());
        await Storefront.JsonAsync(await storefront.CancelAsync(cancelled), HttpStatusCode.OK);

        const string callUp = "/oci/demo-oci?USERNAME=demo&PASSWORD={0}&HOOK_URL=http%3A%2F%2F127.0.0.1%3A8000%2Fsap%2Fhook";
        using (var opened = await browser.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, callUp, "demo"), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        }

        using (var refused = await browser.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, callUp, "not-the-password"), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Equal(401, (await buyer.SendAsync(ProcurementSystem.SetupRequest(secret: "not-the-secret"))).Status.Code);

        var unsigned = Encoding.UTF8.GetString(ProcurementSystem.SetupRequest(secret: SignedBuyerSecret)).Replace("AN01000000001-T", SignedBuyerIdentity, StringComparison.Ordinal);
        Assert.Equal(475, (await buyer.SendAsync(Encoding.UTF8.GetBytes(unsigned))).Status.Code);
    }

    private async Task DriveOrdersAsync()
    {
        var buyer = new ProcurementSystem(Host.Client());

        var order = Order("RB-FORWARDED");
        var forwarded = ForwardedOrderId = GatewayOrderId(await buyer.SendAsync(order));
        Assert.Equal(200, (await buyer.SendAsync(order)).Status.Code);
        await StateIsAsync(forwarded, "forwarded");

        Erp.QuoteFailure = 503;
        Assert.Equal(560, (await buyer.SendAsync(Order("RB-UNCHECKED"))).Status.Code);
        Erp.QuoteFailure = null;

        Assert.Equal(400, (await buyer.SendAsync(Order("RB-NOT-ENTITLED", ("<SupplierPartID>DEMO-1001</SupplierPartID>", "<SupplierPartID>DEMO-1004</SupplierPartID>")))).Status.Code);

        Erp.RejectedOrders["RB-DEAD"] = true;
        DeadLetteredOrderId = GatewayOrderId(await buyer.SendAsync(Order("RB-DEAD")));
        await StateIsAsync(DeadLetteredOrderId, "dead-lettered");
        using (var replayed = await AdminAsync(HttpMethod.Post, $"/api/v1/orders/{DeadLetteredOrderId}/replay"))
        {
            Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        }

        await StateIsAsync(DeadLetteredOrderId, "dead-lettered");

        Erp.OrdersDown = true;
        var retried = GatewayOrderId(await buyer.SendAsync(Order("RB-RETRIED")));
        await StateIsAsync(retried, "forwarding");
        Erp.OrdersDown = false;
        (await AdminAsync(HttpMethod.Post, "/api/v1/forwarding/drain")).Dispose();
        await StateIsAsync(retried, "forwarded");

        var held = GatewayOrderId(await buyer.SendAsync(HoldBuyerOrder("RB-HELD")));
        await StateIsAsync(held, "credit-hold");

        // An order waiting in a paused lane, until the worker's next look at the queue (every 5 s) shows it in the gauges.
        (await AdminAsync(HttpMethod.Post, "/api/v1/forwarding/pause?buyer=demo-hold")).Dispose();
        await buyer.SendAsync(HoldBuyerOrder("RB-WAITING"));
        await Eventually.HoldsAsync(
            async () => (await Host.Client().GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("punchout_orders_queue_depth{buyer=\"demo-hold\"}", StringComparison.Ordinal),
            "the queue gauges to show the paused order");
    }

    // The ERP confirms the forwarded order (the buyer takes it) and ships part of it: the buyer cannot take the notice
    // at first (HTTP 503, retried), then refuses it (HTTP 401, dead-lettered). The samples the evidence packs show.
    private async Task DriveOrderStatusAsync()
    {
        BuyerSystem.Answers = [BuyerAnswer.Ok, new BuyerAnswer(503), new BuyerAnswer(401)];
        await PostAsErpAsync($"/api/v1/orders/{ForwardedOrderId}/confirmations", "samples/order-status/confirmation.json");
        DeadLetteredOutboundId = await PostAsErpAsync($"/api/v1/orders/{ForwardedOrderId}/shipments", "samples/order-status/shipment.json");
        await Eventually.HoldsAsync(
            async () =>
            {
                using var answer = await AdminAsync(HttpMethod.Get, $"/api/v1/outbound/{DeadLetteredOutboundId}");
                return (string?)System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())?["state"] == "deadLettered";
            },
            "the ship notice to be dead-lettered");
    }

    private async Task<string> PostAsErpAsync(string path, string sample)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(Repository.Bytes(sample)) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add("X-Api-Key", ErpKey);
        using var answer = await Host.Client().SendAsync(request);
        var document = await Storefront.JsonAsync(answer, HttpStatusCode.Accepted);
        return (string)document["id"]!;
    }

    private async Task StateIsAsync(string id, string state) =>
        await Eventually.HoldsAsync(
            async () =>
            {
                using var answer = await AdminAsync(HttpMethod.Get, $"/api/v1/orders/{id}");
                return (string?)System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())?["state"] == state;
            },
            $"order {id} to be {state}");

    private static string GatewayOrderId(Protocols.Cxml.CxmlResponse answer)
    {
        Assert.True(answer.Status.Code == 200, answer.Status.Detail);
        return answer.Status.Detail!.Split(" as ")[1].TrimEnd('.');
    }

    private static byte[] Order(string orderId, params (string Find, string? Replace)[] changes) =>
        ProcurementSystem.OrderRequest([("orderID=\"DEMO-PO-1001\"", $"orderID=\"{orderId}\""), .. changes]);

    // demo-hold's order (its own From and secret), under a new payloadID and orderID.
    private static byte[] HoldBuyerOrder(string orderId)
    {
        var text = Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/invalid/OrderRequest-credit-hold.xml"));
        text = Regex.Replace(text, "payloadID=\"[^\"]+\"", $"payloadID=\"{Guid.NewGuid():N}@runbook\"");
        return Encoding.UTF8.GetBytes(text.Replace("orderID=\"DEMO-PO-9007\"", $"orderID=\"{orderId}\"", StringComparison.Ordinal));
    }
}
