using System.Net;
using System.Text.Json.Nodes;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Observability;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Fulfill;
using Punchout.TestSupport;
using StackExchange.Redis;

namespace Punchout.Functional.Tests;

/// <summary>The ERP reports confirmations and shipments; the buyer's procurement system (WireMock) gets them as
/// ConfirmationRequest and ShipNoticeRequest, retried and dead-lettered like orders.</summary>
[Collection(GatewayTests.Name)]
public sealed class OrderStatusTests : GatewayTestBase, IDisposable
{
    private const string OrderStatusSecret = "demo-order-status-secret";
    private static readonly DateTimeOffset Shipped = new(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(-5));
    private static readonly DateTimeOffset Arrives = new(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(-5));
    private readonly BuyerStub buyer = new();

    public OrderStatusTests(RedisServer redis)
        : base(redis)
    {
    }

    [Fact]
    public async Task ConfirmationAndTwoPartialShipments_ReachTheBuyerInOrder_AsFulfillDocumentsFieldByField()
    {
        Host = Start();
        var (orderId, orderPayloadId) = await OrderAsync();
        var erp = new ErpReports(Host.Client());

        var confirmed = await Accepted(erp.ConfirmAsync(orderId, new
        {
            confirmId = "C-1",
            type = "detail",
            comments = "One box now, one in December.",
            lines = new[]
            {
                new
                {
                    lineNumber = 1,
                    statuses = new object[]
                    {
                        new { type = "accept", quantity = 1, shipmentDate = Shipped, deliveryDate = Arrives },
                        new { type = "backordered", quantity = 1, deliveryDate = Arrives.AddDays(14), comments = "Back in stock in December." },
                    },
                },
            },
        }));
        var first = await Accepted(erp.ShipAsync(orderId, Shipment("SH-1", "partial", "1Z-FIRST")));
        var second = await Accepted(erp.ShipAsync(orderId, Shipment("SH-2", "complete", "1Z-SECOND")));
        await Eventually.HoldsAsync(() => buyer.Received.Count == 3, "the buyer to get three documents");

        Assert.All(buyer.Received, r => Assert.Equal("text/xml; charset=utf-8", r.ContentType));
        Assert.All(buyer.Received, r => DtdAssert.Valid(r.Body, CxmlDtd.FulfillDtdName));
        var documents = buyer.Documents;
        Assert.Equal([(string)confirmed["payloadId"]!, (string)first["payloadId"]!, (string)second["payloadId"]!], documents.Select(d => d.PayloadId));
        Assert.All(documents, AssertEnvelope);

        var confirmation = Assert.IsType<ConfirmationRequest>(Assert.IsType<CxmlRequest>(documents[0].Body).Payload);
        Assert.Equal((ConfirmationType.Detail, ConfirmationOperation.New, "C-1"), (confirmation.Header.Type, confirmation.Header.Operation, confirmation.Header.ConfirmId));
        Assert.Equal("One box now, one in December.", Assert.Single(confirmation.Header.Comments).Text);
        AssertReference(confirmation.OrderReference, orderPayloadId);
        var item = Assert.Single(confirmation.Items);
        Assert.Equal((2m, 1, "EA"), (item.Quantity, item.LineNumber, item.UnitOfMeasure));
        Assert.Equal(
            [(1m, ConfirmationStatusType.Accept, (DateTimeOffset?)Shipped, (DateTimeOffset?)Arrives, "EA"), (1m, ConfirmationStatusType.Backordered, null, Arrives.AddDays(14), "EA")],
            item.Statuses.Select(s => (s.Quantity, s.Type, s.ShipmentDate, s.DeliveryDate, s.UnitOfMeasure)));
        Assert.Equal("Back in stock in December.", Assert.Single(item.Statuses[1].Comments).Text);

        var notices = documents.Skip(1).Select(d => Assert.IsType<ShipNoticeRequest>(Assert.IsType<CxmlRequest>(d.Body).Payload)).ToList();
        Assert.Equal([("SH-1", FulfillmentType.Partial, "1Z-FIRST"), ("SH-2", FulfillmentType.Complete, "1Z-SECOND")], notices.Select(n => (n.Header.ShipmentId, n.Header.FulfillmentType!.Value, n.Controls.Single().ShipmentIdentifiers.Single().Value)));
        Assert.All(notices, notice =>
        {
            Assert.Equal((ShipNoticeOperation.New, (ShipmentType?)ShipmentType.Actual, (DateTimeOffset?)Shipped, (DateTimeOffset?)Arrives), (notice.Header.Operation, notice.Header.ShipmentType, notice.Header.ShipmentDate, notice.Header.DeliveryDate));
            Assert.Equal(new ServiceLevel("Ground", "en"), Assert.Single(notice.Header.ServiceLevels));
            Assert.Equal([new CarrierIdentifier("SCAC", "UPSN"), new CarrierIdentifier("companyName", "UPS")], notice.Controls.Single().Carriers);
            var portion = Assert.Single(notice.Portions);
            AssertReference(portion.OrderReference, orderPayloadId);
            var shipped = Assert.Single(portion.Items);
            Assert.Equal((1m, 1, "EA"), (shipped.Quantity, shipped.LineNumber, shipped.UnitOfMeasure));
        });

        var order = await OrderAsync(orderId);
        var outbound = order["outbound"]!.AsArray();
        Assert.Equal([(string)confirmed["id"]!, (string)first["id"]!, (string)second["id"]!], outbound.Select(d => (string)d!["id"]!));
        Assert.All(outbound, d => Assert.Equal("delivered", (string)d!["state"]!));
        Assert.All(outbound, d => Assert.Equal("delivered", (string)Assert.Single(d!["attempts"]!.AsArray())!["outcome"]!));
        Assert.Equal(1, Metrics().Value("punchout_outbound_delivered_total", ("buyer", "demo"), ("type", "confirmation")));
        Assert.Equal(2, Metrics().Value("punchout_outbound_delivered_total", ("buyer", "demo"), ("type", "shipNotice")));
    }

    [Fact]
    public async Task BuyerAnswering500ThenOk_GetsTheConfirmationOnceItRecovers_AndTheShipmentNeverOvertakesIt()
    {
        buyer.Answers = [new BuyerAnswer(500), BuyerAnswer.Ok];
        // A retry a second away: the shipment is posted well before it, so it would arrive first if it could overtake.
        Host = Start(("Outbound:RetryBaseDelay", "00:00:01"), ("Outbound:RetryMaxDelay", "00:00:01"));
        var (orderId, _) = await OrderAsync();
        var erp = new ErpReports(Host.Client());

        var confirmation = await Accepted(erp.ConfirmAsync(orderId, new { type = "accept" }));
        await Eventually.HoldsAsync(() => buyer.Received.Count == 1, "the first, failing attempt");
        var shipment = await Accepted(erp.ShipAsync(orderId, Shipment("SH-1", "complete", "1Z-ONLY", quantity: 2)));
        await Eventually.HoldsAsync(async () => (string)(await erp.DocumentAsync((string)shipment["id"]!))["state"]! == "delivered", "the shipment to be delivered");

        var arrived = buyer.Documents;
        Assert.Equal([(string)confirmation["payloadId"]!, (string)confirmation["payloadId"]!, (string)shipment["payloadId"]!], arrived.Select(d => d.PayloadId));
        Assert.Equal(buyer.Received[0].Body, buyer.Received[1].Body);
        var delivered = await erp.DocumentAsync((string)confirmation["id"]!);
        Assert.Equal("delivered", (string)delivered["state"]!);
        Assert.Equal(["failed", "delivered"], delivered["attempts"]!.AsArray().Select(a => (string)a!["outcome"]!));
        Assert.Equal("HTTP 500 without a cXML Response", (string)delivered["attempts"]![0]!["detail"]!);
        Assert.Equal("HTTP 200, Status 200 OK", (string)delivered["attempts"]![1]!["detail"]!);
        Assert.Equal(1, Metrics().Value("punchout_outbound_retried_total", ("buyer", "demo"), ("type", "confirmation")));
        Assert.Equal(1, Metrics().Value("punchout_outbound_delivered_total", ("buyer", "demo"), ("type", "confirmation")));
    }

    [Fact]
    public async Task BuyerRefusingWithA4xxStatus_DeadLettersTheDocumentAtOnce_AndSupportReplaysIt()
    {
        Host = Start();
        buyer.Answers = [new BuyerAnswer(200, 400, "Order DEMO-PO-1001 is closed"), BuyerAnswer.Ok];
        var (orderId, _) = await OrderAsync();
        var erp = new ErpReports(Host.Client());

        var id = (string)(await Accepted(erp.ConfirmAsync(orderId, new { type = "reject", comments = "Discontinued." })))["id"]!;
        await Eventually.HoldsAsync(async () => (string)(await erp.DocumentAsync(id))["state"]! == "deadLettered", "the confirmation to be dead-lettered");

        var dead = await erp.DocumentAsync(id);
        Assert.Equal("The buyer refused the document: HTTP 200, Status 400 Bad Request: Order DEMO-PO-1001 is closed", (string)dead["deadLetterReason"]!);
        Assert.Equal("refused", (string)Assert.Single(dead["attempts"]!.AsArray())!["outcome"]!);
        Assert.Single(buyer.Received);
        Assert.Equal(1, Metrics().Value("punchout_outbound_failed_total", ("buyer", "demo"), ("reason", "refused"), ("type", "confirmation")));
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString))
        {
            var entry = Assert.Single(await connection.GetDatabase().StreamRangeAsync($"{Host.KeyPrefix}{{orders}}:out-dead"));
            Assert.Equal((id, orderId, "demo"), ((string)entry["out"]!, (string)entry["order"]!, (string)entry["buyer"]!));
        }

        using var replayed = await Admin(HttpMethod.Post, $"/api/v1/outbound/{id}/replay");
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        await Eventually.HoldsAsync(async () => (string)(await erp.DocumentAsync(id))["state"]! == "delivered", "the replayed confirmation to be delivered");
        using var again = await Admin(HttpMethod.Post, $"/api/v1/outbound/{id}/replay");
        Assert.Equal("not-dead-lettered", (string)(await Storefront.JsonAsync(again, HttpStatusCode.Conflict))["code"]!);
        Assert.Equal(["refused", "delivered"], (await erp.DocumentAsync(id))["attempts"]!.AsArray().Select(a => (string)a!["outcome"]!));
        Assert.Equal(2, buyer.Received.Count);
        Assert.Equal(buyer.Documents[0].PayloadId, buyer.Documents[1].PayloadId);
    }

    [Fact]
    public async Task Confirmation_ResentWithTheSameConfirmId_IsTheSameDelivery_AndAnotherBodyUnderItIs409()
    {
        Host = Start();
        var (orderId, _) = await OrderAsync();
        var erp = new ErpReports(Host.Client());
        var confirmation = new { confirmId = "C-7", type = "accept" };

        var first = await Accepted(erp.ConfirmAsync(orderId, confirmation));
        var resent = await Accepted(erp.ConfirmAsync(orderId, confirmation));
        using var changed = await erp.ConfirmAsync(orderId, new { confirmId = "C-7", type = "reject" });
        await Eventually.HoldsAsync(async () => (string)(await erp.DocumentAsync((string)first["id"]!))["state"]! == "delivered", "the confirmation to be delivered");

        Assert.Equal(((string)first["id"]!, (string)first["payloadId"]!), ((string)resent["id"]!, (string)resent["payloadId"]!));
        var conflict = await Storefront.JsonAsync(changed, HttpStatusCode.Conflict);
        Assert.Equal(("confirm-id-conflict", (string)first["id"]!), ((string)conflict["code"]!, (string)conflict["outboundId"]!));
        Assert.Single((await OrderAsync(orderId))["outbound"]!.AsArray());
        Assert.Single(buyer.Received);
    }

    [Fact]
    public async Task Confirmation_ThatBreaksTheOrdersRules_Is422ListingEveryProblemAndStoresNothing()
    {
        Host = Start();
        var (orderId, _) = await OrderAsync();

        using var response = await new ErpReports(Host.Client()).ConfirmAsync(orderId, new
        {
            type = "detail",
            lines = new object[]
            {
                new { lineNumber = 1, statuses = new object[] { new { type = "accept", quantity = 1 }, new { type = "backordered", quantity = 3 } } },
                new { lineNumber = 7, statuses = new object[] { new { type = "accept", quantity = 1 } } },
                new { lineNumber = 1, statuses = new object[] { new { type = "reject", quantity = 2 } } },
            },
        });

        var problem = await Storefront.JsonAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("invalid-confirmation", (string)problem["code"]!);
        Assert.Equal([("status-quantities", 1), ("unknown-line", 7), ("duplicate-line", 1)], Errors(problem).Select(e => (e.Code, e.Line!.Value)));
        Assert.Empty((await OrderAsync(orderId))["outbound"]!.AsArray());
    }

    [Fact]
    public async Task Confirmation_WithFieldsMissingOrMisspelt_Is422NamingEachField()
    {
        Host = Start();
        var (orderId, _) = await OrderAsync();

        using var response = await new ErpReports(Host.Client()).ConfirmAsync(orderId, new
        {
            confirmId = " ",
            type = "accepted",
            lines = new object[] { new { statuses = new object[] { new { type = "shipped" } } }, new { lineNumber = 1 } },
        });

        var errors = Errors(await Storefront.JsonAsync(response, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(["invalid-field", "invalid-type", "missing-field", "invalid-status-type", "missing-field", "statuses-required"], errors.Select(e => e.Code));
        Assert.Contains("type: 'accepted' is not one of accept, reject, backordered, except, detail.", errors.Select(e => e.Message));
        Assert.Contains("lines[0].statuses[0].quantity: required.", errors.Select(e => e.Message));
    }

    [Fact]
    public async Task Shipment_ThatBreaksTheOrdersRules_Is422_CountingWhatEarlierShipmentsShipped()
    {
        Host = Start();
        var (orderId, _) = await OrderAsync();
        var erp = new ErpReports(Host.Client());
        await Accepted(erp.ShipAsync(orderId, Shipment("SH-1", "partial", "1Z-FIRST")));

        using var tooMuch = await erp.ShipAsync(orderId, Shipment("SH-2", "complete", "1Z-SECOND", quantity: 2));
        using var incomplete = await erp.ShipAsync(orderId, new { carrier = new { scac = "UPSN" }, lines = new[] { new { lineNumber = 2, quantity = 1 }, new { lineNumber = 1, quantity = 0 } } });

        var exceeded = Assert.Single(Errors(await Storefront.JsonAsync(tooMuch, HttpStatusCode.UnprocessableEntity)));
        Assert.Equal(("quantity-exceeds-order", 1), (exceeded.Code, exceeded.Line!.Value));
        Assert.Equal("Line 1: 2 shipped after 1 already shipped makes 3, more than the 2 ordered.", exceeded.Message);
        var problem = await Storefront.JsonAsync(incomplete, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("invalid-shipment", (string)problem["code"]!);
        Assert.Equal(["dates-required", "carrier-and-tracking", "unknown-line", "invalid-quantity"], Errors(problem).Select(e => e.Code));
        Assert.Single((await OrderAsync(orderId))["outbound"]!.AsArray());
    }

    [Theory]
    [InlineData("confirmations")]
    [InlineData("shipments")]
    public async Task BothEndpoints_AnswerBadJson400AndAnUnknownOrder404(string endpoint)
    {
        Host = Start();
        var (orderId, _) = await OrderAsync();
        var erp = new ErpReports(Host.Client());

        using var malformed = await erp.PostRawAsync($"/api/v1/orders/{orderId}/{endpoint}", "{\"type\": ");
        using var wrongShape = await erp.PostRawAsync($"/api/v1/orders/{orderId}/{endpoint}", "[1, 2]");
        using var unknown = await erp.PostRawAsync($"/api/v1/orders/ord-unknown/{endpoint}", "{}");

        Assert.Equal("invalid-json", (string)(await Storefront.JsonAsync(malformed, HttpStatusCode.BadRequest))["code"]!);
        Assert.Equal("invalid-json", (string)(await Storefront.JsonAsync(wrongShape, HttpStatusCode.BadRequest))["code"]!);
        Assert.Equal("unknown-order", (string)(await Storefront.JsonAsync(unknown, HttpStatusCode.NotFound))["code"]!);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("confirmations")]
    [InlineData("shipments")]
    public async Task BuyerWithoutAnOrderStatusUrl_Is409AndNothingIsStored(string endpoint)
    {
        Host = Start(("Buyers:0:Cxml:OrderStatus:Url", string.Empty), ("Buyers:0:Cxml:OrderStatus:SharedSecret", string.Empty));
        var (orderId, _) = await OrderAsync();

        using var response = await new ErpReports(Host.Client()).PostRawAsync(
            $"/api/v1/orders/{orderId}/{endpoint}",
            """{"type":"accept","shipmentDate":"2026-11-27T09:00:00-05:00","deliveryDate":"2026-11-30T12:00:00-05:00","lines":[{"lineNumber":1,"quantity":1}]}""");

        Assert.Equal("no-delivery-url", (string)(await Storefront.JsonAsync(response, HttpStatusCode.Conflict))["code"]!);
        Assert.DoesNotContain(await Host.StoredKeysAsync(Redis), k => k.Contains("{orders}:out", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("confirmations", null, "missing-api-key")]
    [InlineData("confirmations", "wrong-key", "invalid-api-key")]
    [InlineData("confirmations", "demo-admin-key", "invalid-api-key")]
    [InlineData("shipments", null, "missing-api-key")]
    [InlineData("shipments", "demo-storefront-key", "invalid-api-key")]
    public async Task BothEndpoints_WithoutTheErpKey_Are401(string endpoint, string? key, string code)
    {
        Host = Start();
        var (orderId, _) = await OrderAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/orders/{orderId}/{endpoint}", UriKind.Relative)) { Content = new StringContent("{\"type\":\"accept\"}", System.Text.Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await Host.Client().SendAsync(request);

        Assert.Equal(code, (string)(await Storefront.JsonAsync(response, HttpStatusCode.Unauthorized))["code"]!);
        Assert.Empty((await OrderAsync(orderId))["outbound"]!.AsArray());
    }

    [Fact]
    public async Task OutboundApi_TheErpFollowsADocument_OnlySupportReplays()
    {
        Host = Start();
        var (orderId, _) = await OrderAsync();
        var erp = new ErpReports(Host.Client());
        using var posted = await erp.ConfirmAsync(orderId, new { type = "accept" });
        var id = (string)(await Storefront.JsonAsync(posted, HttpStatusCode.Accepted))["id"]!;
        await Eventually.HoldsAsync(async () => (string)(await erp.DocumentAsync(id))["state"]! == "delivered", "the confirmation to be delivered");

        var document = await erp.DocumentAsync(id);
        using var asSupport = await Admin(HttpMethod.Get, $"/api/v1/outbound/{id}");
        using var replayByErp = await erp.PostRawAsync($"/api/v1/outbound/{id}/replay", string.Empty);
        using var unknown = await Admin(HttpMethod.Get, "/api/v1/outbound/out-unknown");

        Assert.Equal(new Uri($"/api/v1/outbound/{id}", UriKind.Relative), posted.Headers.Location);
        Assert.Equal((orderId, "DEMO-PO-1001", "demo", "erp"), ((string)document["gatewayOrderId"]!, (string)document["orderId"]!, (string)document["buyerId"]!, (string)document["source"]!));
        var xml = (string)document["document"]!;
        Assert.Contains("<ConfirmationRequest>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedSecret", xml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, asSupport.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayByErp.StatusCode);
        Assert.Equal("unknown-document", (string)(await Storefront.JsonAsync(unknown, HttpStatusCode.NotFound))["code"]!);
    }

    [Fact]
    public async Task SupplierSystems_RelayAConfirmationThroughCxml_InTheGatewaysEnvelopeOnce()
    {
        Host = Start();
        var (orderId, orderPayloadId) = await OrderAsync();
        var supplier = new ProcurementSystem(Host.Client());
        var document = SupplierConfirmation(orderPayloadId);

        var answer = await supplier.SendAsync(document);
        var again = await supplier.SendAsync(document);
        Assert.True(answer.Status.Code == 200, answer.Status.ToString());
        await Eventually.HoldsAsync(() => buyer.Received.Count == 1, "the buyer to get the relayed confirmation");
        await Eventually.HoldsAsync(async () => (string)(await OrderAsync(orderId))["outbound"]![0]!["state"]! == "delivered", "the relay to be recorded as delivered");

        Assert.Equal(200, answer.Status.Code);
        Assert.Equal(answer.Status, again.Status);
        var relayed = Assert.Single(buyer.Documents);
        DtdAssert.Valid(buyer.Received[0].Body, CxmlDtd.FulfillDtdName);
        Assert.NotEqual(PayloadIdOf(document), relayed.PayloadId);
        Assert.Contains(relayed.PayloadId, answer.Status.Detail, StringComparison.Ordinal);
        AssertEnvelope(relayed);
        var confirmation = Assert.IsType<ConfirmationRequest>(Assert.IsType<CxmlRequest>(relayed.Body).Payload);
        Assert.Equal((ConfirmationType.Accept, "SUP-C-1"), (confirmation.Header.Type, confirmation.Header.ConfirmId));
        Assert.Equal(orderPayloadId, confirmation.OrderReference.DocumentReference.PayloadId);
        var outbound = Assert.Single((await OrderAsync(orderId))["outbound"]!.AsArray());
        Assert.Equal(("cxml", "SUP-C-1"), ((string)outbound!["source"]!, (string)outbound["clientId"]!));
        Assert.DoesNotContain(Host.Logs.Lines(), l => l.Contains("demo-supplier-secret", StringComparison.Ordinal) || l.Contains(OrderStatusSecret, StringComparison.Ordinal));
        Assert.Equal(2, Host.Logs.WithEventId(6013).Count);
    }

    [Fact]
    public async Task SupplierSample_SentAfterTheOrderSample_IsRelayedToTheBuyer()
    {
        Host = Start();
        var procurement = new ProcurementSystem(Host.Client());
        Assert.Equal(200, (await procurement.SendAsync(Repository.Bytes("samples/cxml/OrderRequest.xml"))).Status.Code);

        var answer = await procurement.SendAsync(Repository.Bytes("samples/cxml/supplier/ConfirmationRequest.xml"));
        await Eventually.HoldsAsync(() => buyer.Received.Count == 1, "the buyer to get the sample confirmation");

        Assert.Equal(200, answer.Status.Code);
        var confirmation = Assert.IsType<ConfirmationRequest>(Assert.IsType<CxmlRequest>(Assert.Single(buyer.Documents).Body).Payload);
        Assert.Equal(("C-1001-M", "Accepted as ordered; ships tomorrow."), (confirmation.Header.ConfirmId, Assert.Single(confirmation.Header.Comments).Text));
    }

    [Fact]
    public async Task SupplierDocument_WithTheWrongSecretOrFromABuyer_Is401_AndForAnUnknownOrder400()
    {
        Host = Start();
        var (_, orderPayloadId) = await OrderAsync();
        var sender = new ProcurementSystem(Host.Client());

        var wrongSecret = await sender.SendAsync(SupplierConfirmation(orderPayloadId, secret: "not-the-secret"));
        var buyerSent = await sender.SendAsync(SupplierConfirmation(orderPayloadId, "demo-shared-secret", from: ("NetworkID", "AN01000000001-T")));
        var unknownOrder = await sender.SendAsync(SupplierConfirmation("no-such-order@procurement.example", orderId: "DEMO-PO-404"));

        Assert.Equal((401, 401), (wrongSecret.Status.Code, buyerSent.Status.Code));
        Assert.Equal(400, unknownOrder.Status.Code);
        Assert.StartsWith("The ConfirmationRequest cannot be relayed to the buyer:\nunknown-order: ", unknownOrder.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await Host.StoredKeysAsync(Redis), k => k.Contains("{orders}:out", StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public new void Dispose()
    {
        base.Dispose();
        buyer.Dispose();
    }

    private GatewayHost Start(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Buyers:0:Cxml:OrderStatus:Url"] = buyer.Url };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return GatewayHost.Start(Redis, Erp.Url, all);
    }

    // The demo order (2 x DEMO-1001 EA on line 1), accepted: the gateway's id of it and the OrderRequest's payloadID.
    private async Task<(string GatewayOrderId, string PayloadId)> OrderAsync()
    {
        var document = ProcurementSystem.OrderRequest();
        var answer = await new ProcurementSystem(Host.Client()).SendAsync(document);
        Assert.Equal(200, answer.Status.Code);
        return (GatewayOrderId(answer), PayloadIdOf(document));
    }

    private static object Shipment(string shipmentId, string fulfillmentType, string tracking, int quantity = 1) => new
    {
        shipmentId,
        fulfillmentType,
        shipmentDate = Shipped,
        deliveryDate = Arrives,
        carrier = new { scac = "UPSN", name = "UPS" },
        trackingNumbers = new[] { tracking },
        serviceLevel = "Ground",
        lines = new[] { new { lineNumber = 1, quantity } },
    };

    // A ConfirmationRequest as the supplier's ERP middleware would post it: From and Sender the supplier (DUNS 123456789
    // with the demo supplier secret) unless told otherwise, To the demo buyer.
    private static byte[] SupplierConfirmation(string orderPayloadId, string secret = "demo-supplier-secret", string orderId = "DEMO-PO-1001", (string Domain, string Identity)? from = null) => System.Text.Encoding.UTF8.GetBytes($"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.069/Fulfill.dtd">
        <cXML payloadID="{Guid.NewGuid():N}@erp.supplier.example" timestamp="2026-11-27T08:00:00-05:00" xml:lang="en-US">
          <Header>
            <From>
              <Credential domain="{from?.Domain ?? "DUNS"}">
                <Identity>{from?.Identity ?? "123456789"}</Identity>
              </Credential>
            </From>
            <To>
              <Credential domain="NetworkID">
                <Identity>AN01000000001-T</Identity>
              </Credential>
            </To>
            <Sender>
              <Credential domain="{from?.Domain ?? "DUNS"}">
                <Identity>{from?.Identity ?? "123456789"}</Identity>
                <SharedSecret>{secret}</SharedSecret>
              </Credential>
              <UserAgent>Supplier ERP middleware 2.1</UserAgent>
            </Sender>
          </Header>
          <Request deploymentMode="test">
            <ConfirmationRequest>
              <ConfirmationHeader confirmID="SUP-C-1" operation="new" type="accept" noticeDate="2026-11-27T08:00:00-05:00"/>
              <OrderReference orderID="{orderId}">
                <DocumentReference payloadID="{orderPayloadId}"/>
              </OrderReference>
            </ConfirmationRequest>
          </Request>
        </cXML>
        """);

    // Every document the buyer gets: From the supplier, To the buyer, Sender the supplier with the SharedSecret the
    // buyer configured for us; test mode, as the order was.
    private static void AssertEnvelope(CxmlEnvelope document)
    {
        var header = document.Header!;
        Assert.Equal([new Credential("DUNS", "123456789")], header.From);
        Assert.Equal([new Credential("NetworkID", "AN01000000001-T")], header.To);
        var sender = Assert.Single(header.Sender.Credentials);
        Assert.Equal(("DUNS", "123456789", OrderStatusSecret), (sender.Domain, sender.Identity, sender.SharedSecret?.Reveal()));
        Assert.Equal("Punchout Gateway", header.Sender.UserAgent);
        Assert.Equal(DeploymentMode.Test, Assert.IsType<CxmlRequest>(document.Body).DeploymentMode);
    }

    private static void AssertReference(OrderReference reference, string orderPayloadId)
    {
        Assert.Equal(("DEMO-PO-1001", orderPayloadId), (reference.OrderId, reference.DocumentReference.PayloadId));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 58, 0, TimeSpan.FromHours(-5)), reference.OrderDate);
    }

    private static async Task<JsonNode> Accepted(Task<HttpResponseMessage> posting)
    {
        using var response = await posting;
        return await Storefront.JsonAsync(response, HttpStatusCode.Accepted);
    }

    private static List<(string Code, int? Line, string Message)> Errors(JsonNode problem) =>
        [.. problem["errors"]!.AsArray().Select(e => ((string)e!["code"]!, (int?)e["line"], (string)e["message"]!))];

    private async Task<HttpResponseMessage> Admin(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", "demo-admin-key");
        return await Host.Client().SendAsync(request);
    }

    private PrometheusExporter Metrics() => Host.Service<PrometheusExporter>();
}
