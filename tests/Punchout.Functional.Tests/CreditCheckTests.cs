using System.Net;
using System.Text.Json.Nodes;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Observability;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>CreditCheck Blocking through the storefront cart endpoint and POST /cxml, with the ERP's POST /credit/check
/// on WireMock: a hold, an over-limit or no answer refuses and leaves nothing behind.</summary>
[Collection(GatewayTests.Name)]
public sealed class CreditCheckTests(RedisServer redis) : GatewayTestBase(redis)
{
    private static readonly Dictionary<string, string?> Blocking = new() { ["Buyers:0:CreditCheck"] = "Blocking", ["Buyers:1:CreditCheck"] = "Blocking" };

    [Fact]
    public async Task BlockingCart_CreditOk_Returns200_AndTheCheckSawTheCartTotal()
    {
        var (storefront, sessionId) = await ArriveAsync(Blocking);

        var accepted = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);

        Assert.NotNull((string?)accepted["returnUrl"]);
        var body = ErpStub.Body(Assert.Single(Erp.Calls("/credit/check")));
        Assert.Equal(("C-DEMO", "USD", 25.00m, sessionId), ((string)body["account"]!, (string)body["currency"]!, (decimal)body["amount"]!, (string)body["reference"]!));
    }

    [Fact]
    public async Task BlockingCart_OnHold_Is422CreditHold_SessionStaysOpen_NothingReturned_AndCounted()
    {
        Erp.CreditStatus = "hold";
        var (storefront, sessionId) = await ArriveAsync(Blocking);

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("credit-hold", (string)problem["code"]!);
        Assert.Contains("invoice 4711 overdue", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Null(problem["returnUrl"]);
        await AssertStillOpenAsync(storefront, sessionId);
        Assert.Equal(1, Metrics().Value("punchout_carts_refused_total", ("buyer", "demo"), ("protocol", "cxml"), ("reason", "credit-hold")));

        Erp.CreditStatus = "ok";
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
        Assert.Equal(1, Metrics().Value("punchout_credit_checks_total", ("buyer", "demo"), ("outcome", "credit-hold"), ("stage", "cart")));
        Assert.Equal(1, Metrics().Value("punchout_credit_checks_total", ("buyer", "demo"), ("outcome", "ok"), ("stage", "cart")));
    }

    [Fact]
    public async Task BlockingCart_OverLimit_Is422CreditOverLimit_SessionStaysOpen()
    {
        Erp.CreditStatus = "over-limit";
        Erp.CreditReason = "25.00 USD is more than the 10.00 available";
        var (storefront, sessionId) = await ArriveAsync(Blocking);

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(("credit-over-limit", "C-DEMO"), ((string)problem["code"]!, (string)problem["account"]!));
        Assert.Equal("25.00 USD is more than the 10.00 available", (string)problem["reason"]!);
        await AssertStillOpenAsync(storefront, sessionId);
    }

    [Fact]
    public async Task BlockingCart_CreditServiceFails_Is503CreditUnavailable_SessionStaysOpen_AndCounted()
    {
        Erp.CreditFailure = 500;
        var (storefront, sessionId) = await ArriveAsync(Blocking);

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("credit-unavailable", (string)problem["code"]!);
        await AssertStillOpenAsync(storefront, sessionId);
        Assert.Equal(1, Metrics().Value("punchout_carts_refused_total", ("buyer", "demo"), ("protocol", "cxml"), ("reason", "credit-unavailable")));
        Assert.Equal(1, Metrics().Value("punchout_credit_checks_total", ("buyer", "demo"), ("outcome", "credit-unavailable"), ("stage", "cart")));
    }

    [Fact]
    public async Task BlockingCart_UnknownCreditStatus_FailsClosedAs503()
    {
        Erp.CreditStatus = "review";
        var (storefront, sessionId) = await ArriveAsync(Blocking);

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("credit-unavailable", (string)problem["code"]!);
        await AssertStillOpenAsync(storefront, sessionId);
    }

    [Fact]
    public async Task BlockingOciCart_OnHold_Is422CreditHold_LikeCxml()
    {
        Erp.CreditStatus = "hold";
        Host = GatewayHost.Start(Redis, Erp.Url, Blocking);
        var browser = Host.Client();
        using var callUp = await browser.GetAsync(new Uri("/oci/demo-oci?USERNAME=demo&PASSWORD=demo&HOOK_URL=" + Uri.EscapeDataString("http://127.0.0.1:8000/sap/bc/gui/hook"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, callUp.StatusCode);
        var sessionId = await Storefront.ArriveAsync(browser, callUp.Headers.Location!);
        var storefront = new Storefront(Host.Client());

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("credit-hold", (string)problem["code"]!);
        await AssertStillOpenAsync(storefront, sessionId);
    }

    [Fact]
    public async Task CreditCheckOff_NeverCallsTheCreditService_ForCartsOrOrders()
    {
        Erp.CreditStatus = "hold";
        var (storefront, sessionId) = await ArriveAsync(null);

        await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
        var order = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal(200, order.Status.Code);
        Assert.Equal(0, Erp.CreditChecksReceived);
    }

    [Fact]
    public async Task BlockingOrder_OnHold_Is400CreditHoldNamingAccountAndReason_StoresNothing_ForwardsNothing()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, Blocking);
        Erp.CreditStatus = "hold";

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal(400, answer.Status.Code);
        Assert.StartsWith("credit-hold: account C-DEMO: Account C-DEMO is on credit hold: invoice 4711 overdue", answer.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/orders"));
        Assert.Equal(1, Metrics().Value("punchout_orders_refused_total", ("buyer", "demo"), ("reason", "credit-hold")));
        Assert.Equal(1, Metrics().Value("punchout_credit_checks_total", ("buyer", "demo"), ("outcome", "credit-hold"), ("stage", "order")));
    }

    [Fact]
    public async Task BlockingOrder_OverLimit_Is400CreditOverLimit_StoresNothing()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, Blocking);
        Erp.CreditStatus = "over-limit";

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal(400, answer.Status.Code);
        Assert.StartsWith("credit-over-limit: account C-DEMO:", answer.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }

    [Fact]
    public async Task BlockingOrder_CreditOk_IsAcceptedAndForwarded_AfterACheckOfTheOrderTotal()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, Blocking);

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal(200, answer.Status.Code);
        var body = ErpStub.Body(Assert.Single(Erp.Calls("/credit/check")));
        Assert.Equal(("C-DEMO", "USD", 25.00m, "order:DEMO-PO-1001"), ((string)body["account"]!, (string)body["currency"]!, (decimal)body["amount"]!, (string)body["reference"]!));
        await Eventually.HoldsAsync(() => Task.FromResult(Erp.Calls("/orders").Count == 1), "the order to be forwarded");
    }

    [Fact]
    public async Task BlockingOrder_CreditServiceDown_Is560WithNothingStored_ThenAcceptedOnceItIsBack()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, Blocking);
        var buyer = new ProcurementSystem(Host.Client());
        var document = ProcurementSystem.OrderRequest();
        Erp.CreditFailure = 503;

        var down = await buyer.SendAsync(document);

        Assert.Equal(560, down.Status.Code);
        Assert.StartsWith("credit-unavailable:", down.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/orders"));
        Assert.Equal(1, Metrics().Value("punchout_orders_refused_total", ("buyer", "demo"), ("reason", "credit-unavailable")));
        Assert.Equal(1, Metrics().Value("punchout_credit_checks_total", ("buyer", "demo"), ("outcome", "credit-unavailable"), ("stage", "order")));

        Erp.CreditFailure = null;
        var back = await buyer.SendAsync(document);

        Assert.Equal(200, back.Status.Code);
        await Eventually.HoldsAsync(() => Task.FromResult(Erp.Calls("/orders").Count == 1), "the order to be forwarded");
    }

    [Fact]
    public async Task BlockingOrder_Delete_IsNotCreditChecked()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, Blocking);
        var buyer = new ProcurementSystem(Host.Client());
        var order = ProcurementSystem.OrderRequest();
        var first = await buyer.SendAsync(order);
        Erp.CreditStatus = "hold";

        var delete = await buyer.SendAsync(ProcurementSystem.OrderRequest(
            ("type=\"new\" orderVersion=\"1\"", "type=\"delete\" orderVersion=\"2\""),
            ("<Extrinsic name=\"CostCenter\">", $"<DocumentReference payloadID=\"{PayloadIdOf(order)}\"/><Extrinsic name=\"CostCenter\">")));

        Assert.Equal((200, 200), (first.Status.Code, delete.Status.Code));
        Assert.Equal(1, Erp.CreditChecksReceived);
    }

    [Fact]
    public async Task BlockingOrder_Resent_IsAnsweredAsBefore_WithoutASecondCreditCheck()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, Blocking);
        var buyer = new ProcurementSystem(Host.Client());
        var document = ProcurementSystem.OrderRequest();

        var first = await buyer.SendAsync(document);
        Erp.CreditStatus = "hold";
        var second = await buyer.SendAsync(document);

        Assert.Equal(200, first.Status.Code);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(1, Erp.CreditChecksReceived);
    }

    private async Task<(Storefront Storefront, string SessionId)> ArriveAsync(Dictionary<string, string?>? settings)
    {
        Host = GatewayHost.Start(Redis, Erp.Url, settings);
        var client = Host.Client();
        return (new Storefront(client), await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync()));
    }

    // Nothing went back to the procurement system: the session is still started and takes a cart.
    private static async Task AssertStillOpenAsync(Storefront storefront, string sessionId)
    {
        JsonNode context = await Storefront.JsonAsync(await storefront.GetSessionAsync(sessionId), HttpStatusCode.OK);
        Assert.Equal("started", context["state"]!.ToString(), ignoreCase: true);
    }

    private PrometheusExporter Metrics() => Host.Service<PrometheusExporter>();

    [Fact]
    public async Task CreditHoldSample_AgainstTheFileBackedErp_Is400NamingTheAccountAndReason_StoresNothing()
    {
        Host = GatewayHost.Start(Redis, erpUrl: null);

        var response = await new ProcurementSystem(Host.Client()).SendAsync(Repository.Bytes("samples/cxml/invalid/OrderRequest-credit-hold.xml"));

        Assert.Equal(400, response.Status.Code);
        Assert.StartsWith("credit-hold: account C-HOLD: Invoices overdue since 2026-10-01", response.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }
}
