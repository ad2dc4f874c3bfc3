using System.Net;
using System.Text;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Protocols.Cxml;
using Punchout.TestSupport;
using StackExchange.Redis;

namespace Punchout.Functional.Tests;

[Collection(GatewayTests.Name)]
public sealed class PunchOutFlowTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task RoundTrip_SetupStartCartReturnAndOrder_ReachesTheErpExactlyOnceThroughRealRedis()
    {
        var client = Host.Client();
        var buyer = new ProcurementSystem(client);
        var storefront = new Storefront(client);

        // The procurement system starts the punchout; the browser follows the StartPage URL to the storefront.
        var startPage = await buyer.StartPunchOutAsync();
        Assert.Equal(client.BaseAddress!.Authority, startPage.Authority);
        var sessionId = await Storefront.ArriveAsync(client, startPage);

        // The storefront reads who is shopping.
        var context = await Storefront.JsonAsync(await storefront.GetSessionAsync(sessionId), HttpStatusCode.OK);
        Assert.Equal("demo", (string)context["buyer"]!);
        Assert.Equal("C-DEMO", (string)context["erpAccount"]!);
        Assert.Equal("create", (string)context["operation"]!);
        Assert.Equal("started", (string)context["state"]!);
        Assert.True((bool)context["test"]!);
        Assert.Equal("jane.buyer@procurement.example", (string)context["user"]!["email"]!);
        Assert.Equal("jbuyer", (string)context["user"]!["uniqueName"]!);
        Assert.Equal("Springfield", (string)context["shipTo"]!["postalAddress"]!["city"]!);
        Assert.Equal("CC-4100", (string)context["extrinsics"]!["CostCenter"]!);

        // It hands back the cart; the ERP prices it in one call for the buyer's account.
        var accepted = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
        var quote = Assert.Single(Erp.Calls("/prices/quote"));
        Assert.Equal("C-DEMO", (string)ErpStub.Body(quote)["account"]!);
        Assert.Equal(25.00m, (decimal)accepted["total"]!);
        Assert.Equal("K-77", (string)accepted["lines"]![0]!["contractId"]!);

        // The browser fetches the return page, whose form posts the PunchOutOrderMessage to the BrowserFormPost URL.
        var form = await ReturnForm.FetchAsync(client, (string)accepted["returnUrl"]!);
        Assert.Equal("https://procurement.example/punchout/cart?session=42", form.Action);
        Assert.Equal("cxml-base64", form.FieldName);
        DtdAssert.Valid(form.Document);
        Assert.DoesNotContain("SharedSecret", Encoding.UTF8.GetString(form.Document), StringComparison.Ordinal);
        var envelope = form.Envelope;
        Assert.Equal(("DUNS", "123456789"), (envelope.Header!.From[0].Domain, envelope.Header.From[0].Identity));
        Assert.Equal(("NetworkID", "AN01000000001-T"), (envelope.Header.To[0].Domain, envelope.Header.To[0].Identity));
        Assert.Equal(DeploymentMode.Test, Assert.IsType<CxmlMessage>(envelope.Body).DeploymentMode);
        var message = form.Message;
        Assert.Equal("demo-cookie-7f3a9c", message.BuyerCookie);
        Assert.Equal(new Money(25.00m, "USD"), message.Total);
        var item = Assert.Single(message.Items);
        Assert.Equal(2m, item.Quantity);
        Assert.Equal(new ItemId("DEMO-1001", "cart-line-1"), item.ItemId);
        Assert.Equal(new Money(12.50m, "USD"), item.ItemDetail.UnitPrice);
        Assert.Equal("Ballpoint pen, blue, box of 12 – Müller édition", item.ItemDetail.Descriptions.Single().Text);
        Assert.Equal(new Classification("UNSPSC", "44121701"), item.ItemDetail.Classifications.Single());
        Assert.Equal(3, item.ItemDetail.LeadTimeDays);
        Assert.Equal(new Extrinsic("Color", "blue"), item.ItemDetail.Extrinsics.Single());

        // After approval the procurement system sends the order; the ERP receives it once.
        var order = await buyer.SendAsync(ProcurementSystem.OrderRequest());
        Assert.Equal(200, order.Status.Code);
        await Eventually.HoldsAsync(() => Erp.Calls("/orders").Count == 1, "the order to reach the ERP");
        var forwarded = ErpStub.Body(Erp.Calls("/orders").Single());
        Assert.Equal("DEMO-PO-1001", (string)forwarded["orderId"]!);
        Assert.Equal("C-DEMO", (string)forwarded["account"]!);
        Assert.Equal("demo:DEMO-PO-1001:new:1:test", Erp.Calls("/orders").Single().RequestMessage.Headers!["Idempotency-Key"].Single());

        // And all of it went through the real Redis: the session is there, returned, and the order's record says
        // forwarded while its queue entry is gone.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        var db = connection.GetDatabase();
        Assert.Equal("returned", (string?)await db.HashGetAsync($"{Host.KeyPrefix}{{s:{sessionId}}}:session", "state"));
        var gatewayOrderId = order.Status.Detail!.Split(" as ")[1].TrimEnd('.');
        await Eventually.HoldsAsync(async () => ((string?)await db.StringGetAsync($"{Host.KeyPrefix}{{orders}}:order:{gatewayOrderId}"))!.Contains("\"state\":\"forwarded\"", StringComparison.Ordinal), "the order record to say forwarded");
        Assert.Equal(0, await db.StreamLengthAsync($"{Host.KeyPrefix}{{orders}}:stream"));
        Assert.Single(Erp.Calls("/orders"));
    }

    [Fact]
    public async Task Setup_WrongSecret_Is401AndStoresNothing()
    {
        var response = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.SetupRequest(secret: "guessed"));

        Assert.Equal(401, response.Status.Code);
        Assert.Null(response.Payload);
        Assert.DoesNotContain("guessed", response.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Equal(1, Host.Service<Gateway.Observability.PrometheusExporter>().Value("punchout_auth_failures_total", ("buyer", "demo"), ("protocol", "cxml")));
    }

    [Fact]
    public async Task Setup_UnknownBuyer_Is401AndStoresNothing()
    {
        var document = Encoding.UTF8.GetString(ProcurementSystem.SetupRequest()).Replace("<Identity>AN01000000001-T</Identity>", "<Identity>AN09999999999</Identity>", StringComparison.Ordinal);

        var response = await new ProcurementSystem(Host.Client()).SendAsync(Encoding.UTF8.GetBytes(document));

        Assert.Equal(401, response.Status.Code);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Equal(1, Host.Service<Gateway.Observability.PrometheusExporter>().Value("punchout_auth_failures_total", ("buyer", "unknown"), ("protocol", "cxml")));
    }

    [Fact]
    public async Task Setup_FromWithASecondIdentityInTheBuyersDomain_Is401()
    {
        var document = Encoding.UTF8.GetString(ProcurementSystem.SetupRequest()).Replace(
            "<From>\n      <Credential domain=\"NetworkID\">",
            "<From>\n      <Credential domain=\"NetworkId\"><Identity>AN09999999999</Identity></Credential>\n      <Credential domain=\"NetworkID\">",
            StringComparison.Ordinal);

        var response = await new ProcurementSystem(Host.Client()).SendAsync(Encoding.UTF8.GetBytes(document));

        Assert.Equal(401, response.Status.Code);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }

    [Fact]
    public async Task Setup_MalformedXml_Is406WithLineAndPosition()
    {
        var response = await new ProcurementSystem(Host.Client()).SendAsync(Repository.Bytes("samples/cxml/invalid/malformed.xml"));

        Assert.Equal(406, response.Status.Code);
        Assert.Contains("line 29, position 5", response.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_BrowserFormPostOnAHostTheBuyerDoesNotList_IsRefusedAndStoresNothing()
    {
        var response = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.SetupRequest(browserFormPostUrl: "https://attacker.example/steal"));

        Assert.Equal(400, response.Status.Code);
        Assert.Contains("AllowedReturnHosts", response.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }

    [Fact]
    public async Task Cxml_UnknownRequest_Is450AndPingAnswers()
    {
        var client = Host.Client();

        var response = await new ProcurementSystem(client).SendAsync(ProcurementSystem.Request("<QuoteRequest/>"));
        using var ping = await client.GetAsync(new Uri("/cxml", UriKind.Relative));

        Assert.Equal(450, response.Status.Code);
        Assert.Contains("QuoteRequest", response.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
    }

    [Fact]
    public async Task Cxml_DocumentLargerThanTheLimit_Is499()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Cxml:MaxDocumentBytes"] = "2048" });

        var response = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal(499, response.Status.Code);
        Assert.Empty(Erp.Calls("/orders"));
    }

    [Fact]
    public async Task Start_LinkUsedTwice_SecondTimeGetsAnErrorPage()
    {
        var client = Host.Client();
        var startPage = await new ProcurementSystem(client).StartPunchOutAsync();
        await Storefront.ArriveAsync(client, startPage);

        using var again = await client.GetAsync(startPage);

        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal("text/html", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storefront_UnknownSession_Is404Problem()
    {
        var storefront = new Storefront(Host.Client());

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync("AAAAAAAAAAAAAAAAAAAAAAAA", Storefront.Cart()), HttpStatusCode.NotFound);

        Assert.Equal("unknown-session", (string)problem["code"]!);
        Assert.Empty(Erp.Calls("/prices/quote"));
    }

    [Fact]
    public async Task Storefront_MissingOrWrongApiKey_Is401Problem()
    {
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var wrong = await Storefront.JsonAsync(await new Storefront(client, "demo-admin-key").GetSessionAsync(sessionId), HttpStatusCode.Unauthorized);
        using var bare = await client.GetAsync(new Uri($"/api/v1/sessions/{sessionId}", UriKind.Relative));

        Assert.Equal("invalid-api-key", (string)wrong["code"]!);
        Assert.Equal("application/problem+json", bare.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
    }

    [Fact]
    public async Task Cart_PriceTheErpRefuses_Is422NamingTheLineAndTheErpPrice_AndACorrectedCartThenPasses()
    {
        var client = Host.Client();
        var storefront = new Storefront(client);
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart(unitPrice: 11.90m)), HttpStatusCode.UnprocessableEntity);
        var corrected = await storefront.ReturnCartAsync(sessionId, Storefront.Cart(unitPrice: 12.50m));

        Assert.Equal("cart-refused", (string)problem["code"]!);
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal(1, (int)error["line"]!);
        Assert.Equal("price-mismatch", (string)error["code"]!);
        Assert.Equal(12.50m, (decimal)error["erpUnitPrice"]!);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(1, Host.Service<Gateway.Observability.PrometheusExporter>().Value("punchout_carts_refused_total", ("buyer", "demo"), ("protocol", "cxml"), ("reason", "price-mismatch")));
    }

    [Fact]
    public async Task Cart_ErpCannotPrice_Is503AndNothingPassesUnchecked()
    {
        Erp.QuoteFailure = 500;
        var client = Host.Client();
        var storefront = new Storefront(client);
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("pricing-unavailable", (string)problem["code"]!);
        Assert.Equal(4, Erp.Calls("/prices/quote").Count);
        Erp.QuoteFailure = null;
        Assert.Equal(HttpStatusCode.OK, (await storefront.ReturnCartAsync(sessionId, Storefront.Cart())).StatusCode);
    }

    [Fact]
    public async Task Cart_NotJson_Is400Problem()
    {
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/sessions/{sessionId}/cart", UriKind.Relative))
        {
            Content = new StringContent("{\"currency\": \"USD\", \"lines\": [", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", "demo-storefront-key");

        var problem = await Storefront.JsonAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Equal("invalid-json", (string)problem["code"]!);
    }

    [Fact]
    public async Task Return_PageUsedTwice_SecondTimeGetsAnErrorPage_AndASecondCartIsRefused()
    {
        var client = Host.Client();
        var storefront = new Storefront(client);
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());
        var returnUrl = (string)(await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK))["returnUrl"]!;
        await ReturnForm.FetchAsync(client, returnUrl);

        using var again = await client.GetAsync(new Uri(returnUrl));
        var secondCart = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("already been sent", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("session-not-open", (string)secondCart["code"]!);
    }

    [Fact]
    public async Task Cancel_ReturnsAnEmptyCartTheProcurementSystemReadsAsACancel()
    {
        var client = Host.Client();
        var storefront = new Storefront(client);
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var cancelled = await Storefront.JsonAsync(await storefront.CancelAsync(sessionId), HttpStatusCode.OK);
        var form = await ReturnForm.FetchAsync(client, (string)cancelled["returnUrl"]!);

        DtdAssert.Valid(form.Document);
        Assert.Empty(form.Message.Items);
        Assert.Equal("demo-cookie-7f3a9c", form.Message.BuyerCookie);
        Assert.Equal(HttpStatusCode.Conflict, (await storefront.ReturnCartAsync(sessionId, Storefront.Cart())).StatusCode);
    }

    [Fact]
    public async Task Cancel_OfAnEditSession_SaysUnchangedWithStatus204RatherThanAnEmptyCart()
    {
        var client = Host.Client();
        var storefront = new Storefront(client);
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync(operation: "edit"));

        var cancelled = await Storefront.JsonAsync(await storefront.CancelAsync(sessionId), HttpStatusCode.OK);
        var form = await ReturnForm.FetchAsync(client, (string)cancelled["returnUrl"]!);

        DtdAssert.Valid(form.Document);
        var message = Assert.IsType<CxmlMessage>(form.Envelope.Body);
        Assert.Equal(204, message.Status?.Code);
        Assert.Empty(form.Message.Items);
    }

    [Fact]
    public async Task Cart_ForAnInspectSession_Is409AndTheSessionCanStillBeCancelled()
    {
        var client = Host.Client();
        var storefront = new Storefront(client);
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync(operation: "inspect"));

        var refused = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.Conflict);
        var cancelled = await storefront.CancelAsync(sessionId);

        Assert.Equal("inspect-only", (string)refused["code"]!);
        Assert.Empty(Erp.Calls("/prices/quote"));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
    }

    [Fact]
    public async Task Cart_BuyerConfiguredToUseTheErpPrice_GoesBackAtTheErpPriceAndSaysItWasRepriced()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Buyers:0:PriceMismatch"] = "UseErpPrice" });
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var accepted = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart(unitPrice: 11.90m)), HttpStatusCode.OK);
        var form = await ReturnForm.FetchAsync(client, (string)accepted["returnUrl"]!);

        Assert.True((bool)accepted["lines"]![0]!["repriced"]!);
        Assert.Equal(11.90m, (decimal)accepted["lines"]![0]!["storefrontUnitPrice"]!);
        Assert.Equal(new Money(12.50m, "USD"), form.Message.Items.Single().ItemDetail.UnitPrice);
        Assert.Equal(new Money(25.00m, "USD"), form.Message.Total);
    }

    [Fact]
    public async Task Cart_LineWithAControlCharacter_Is422InsteadOfABrokenDocument()
    {
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());
        var cart = new { currency = "USD", lines = new object?[] { new { supplierPartId = "DEMO-1001", quantity = 2, unitPrice = 12.50, unitOfMeasure = "EA", description = "bell \u0007" }, null } };

        var problem = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, cart), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([1, 2], problem["errors"]!.AsArray().Select(e => (int)e!["line"]!));
        Assert.All(problem["errors"]!.AsArray(), e => Assert.Equal("invalid-line", (string)e!["code"]!));
    }

    [Fact]
    public async Task Return_BuyerConfiguredForUrlEncoded_GetsAnAsciiCxmlUrlEncodedField()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Buyers:0:Cxml:CartEncoding"] = "urlencoded" });
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());
        var returnUrl = (string)(await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK))["returnUrl"]!;

        var form = await ReturnForm.FetchAsync(client, returnUrl);

        Assert.Equal("cxml-urlencoded", form.FieldName);
        Assert.True(form.Value.All(char.IsAscii));
        DtdAssert.Valid(form.Document);
        Assert.Equal("Ballpoint pen, blue, box of 12 – Müller édition", form.Message.Items.Single().ItemDetail.Descriptions.Single().Text);
    }

    [Fact]
    public async Task OpenApi_DescribesTheStorefrontContract()
    {
        using var response = await Host.Client().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cart = document["paths"]!["/api/v1/sessions/{id}/cart"]!["post"]!;
        Assert.NotNull(cart["requestBody"]!["content"]!["application/json"]);
        Assert.NotNull(cart["responses"]!["422"]);
        Assert.NotNull(document["paths"]!["/api/v1/sessions/{id}"]!["get"]);
        Assert.NotNull(document["paths"]!["/api/v1/sessions/{id}/cancel"]!["post"]);
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.Contains("supplierPartId", schemas["CartLine"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("returnUrl", schemas["AcceptedCart"]!["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Logs_OfAWholeFlow_CarryTheIdsAndNeverASecret()
    {
        var client = Host.Client();
        var buyer = new ProcurementSystem(client);
        var sessionId = await Storefront.ArriveAsync(client, await buyer.StartPunchOutAsync());
        var returnUrl = (string)(await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK))["returnUrl"]!;
        await ReturnForm.FetchAsync(client, returnUrl);
        await buyer.SendAsync(ProcurementSystem.OrderRequest());
        await buyer.SendAsync(ProcurementSystem.SetupRequest(secret: "a-wrong-secret"));
        await Eventually.HoldsAsync(() => Erp.Calls("/orders").Count == 1, "the order to reach the ERP");
        await Eventually.HoldsAsync(() => Host.Logs.WithEventId(3004).Count == 1, "the forwarded log line");

        var lines = Host.Logs.Lines();
        Assert.DoesNotContain(lines, l => l.Contains(ProcurementSystem.DemoSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("a-wrong-secret", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("demo-storefront-key", StringComparison.Ordinal));
        var created = Assert.Single(Host.Logs.WithEventId(2001));
        Assert.Equal(sessionId, CapturedLogs.Property(created, "SessionId"));
        Assert.Equal("demo", CapturedLogs.Property(created, "Buyer"));
        Assert.NotNull(CapturedLogs.Property(created, "PayloadId"));
        var cart = Assert.Single(Host.Logs.WithEventId(2005));
        Assert.Equal(sessionId, CapturedLogs.Property(cart, "SessionId"));
        var forwarded = Assert.Single(Host.Logs.WithEventId(3004));
        Assert.Equal("DEMO-PO-1001", CapturedLogs.Property(forwarded, "OrderId"));
        Assert.NotNull(CapturedLogs.Property(forwarded, "PayloadId"));
        Assert.Equal("demo", CapturedLogs.Property(forwarded, "Buyer"));
    }
}
