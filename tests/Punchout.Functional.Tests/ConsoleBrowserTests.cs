using Punchout.Functional.Tests.Infrastructure;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>The support console in headless Chromium, clicked through as a support person would, against the real
/// gateway on real Redis with a WireMock ERP; screenshots of each stage land in .test-results/screenshots.</summary>
[Collection(GatewayTests.Name)]
public sealed class ConsoleBrowserTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task Tester_RunsADemoBuyersCxmlPunchout_AndItsOrder_EndToEnd()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(Host.Address);
        await browser.SignInAsync();

        await browser.FollowAsync("Punchout tester");
        await browser.Page.SelectAsync("#buyer", "demo|cxml");
        await browser.ClickAsync("#start");
        Assert.Contains("PunchOutSetupRequest sent", await browser.TextAsync("#steps"), StringComparison.Ordinal);
        Assert.Contains("200 OK", await browser.TextAsync("#steps"), StringComparison.Ordinal);
        await browser.ScreenshotAsync("tester-1-setup");

        await browser.FollowAsync("Open the storefront");
        Assert.Contains("/sandbox/storefront", browser.Page.Url, StringComparison.Ordinal);
        Assert.Contains("DEMO-1001", await browser.TextAsync("#catalog"), StringComparison.Ordinal);
        await browser.Page.EvaluateExpressionAsync("document.querySelector('#qty-DEMO-1001').value = ''");
        await browser.Page.TypeAsync("#qty-DEMO-1001", "2");
        await browser.ScreenshotAsync("tester-2-sandbox");

        // The return page posts the PunchOutOrderMessage by itself, to the tester, which shows what it received.
        await browser.Page.ClickAsync("#return-cart");
        await browser.WaitForTextAsync("#received", "DEMO-1001");
        Assert.Contains("25.00 USD", await browser.TextAsync("#received-total"), StringComparison.Ordinal);
        var steps = await browser.TextAsync("#steps");
        Assert.Contains("Storefront returned the cart", steps, StringComparison.Ordinal);
        Assert.Contains("PunchOutOrderMessage received", steps, StringComparison.Ordinal);
        Assert.Contains("BuyerCookie matches", steps, StringComparison.Ordinal);
        await browser.ScreenshotAsync("tester-3-received");

        await browser.ClickAsync("form[action$='/order'] button");
        await browser.WaitForTextAsync("#order-state", "forwarded");
        Assert.Contains("OrderRequest sent", await browser.TextAsync("#steps"), StringComparison.Ordinal);
        await browser.ScreenshotAsync("tester-4-forwarded");

        var order = ErpStub.Body(Assert.Single(Erp.Calls("/orders")));
        Assert.Equal(("demo", true, 25.00m), ((string)order["buyer"]!, (bool)order["test"]!, (decimal)order["total"]!));
        Assert.Equal("DEMO-1001", (string)order["lines"]![0]!["supplierPartId"]!);
        Assert.StartsWith("TEST-", (string)order["orderId"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tester_ShowsTheRefusal_WhenTheSandboxCartIsNotAtTheContractPrice()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(Host.Address);
        await browser.SignInAsync();
        await browser.GoAsync("/console/tester");
        await browser.Page.SelectAsync("#buyer", "demo|cxml");
        await browser.ClickAsync("#start");
        await browser.FollowAsync("Open the storefront");

        await browser.Page.EvaluateExpressionAsync("document.querySelector('#qty-DEMO-1001').value = '1'; document.querySelector('[name=\"price-DEMO-1001\"]').value = '9.99'");
        await browser.ClickAsync("#return-cart");

        Assert.Contains("price-mismatch", await browser.TextAsync("#problems"), StringComparison.Ordinal);
        await browser.ScreenshotAsync("tester-refused");
        Assert.Empty(Erp.Calls("/orders"));
    }

    [Fact]
    public async Task DeadLetter_FoundInTheConsole_IsReplayedWithItsButton_AndReachesTheErp()
    {
        Erp.RejectedOrders["PO-CONSOLE"] = true;
        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest(("orderID=\"DEMO-PO-1001\"", "orderID=\"PO-CONSOLE\"")));
        var id = GatewayOrderId(answer);
        await Eventually.HoldsAsync(async () => (string)(await OrderAsync(id))["state"]! == "dead-lettered", "the order to be dead-lettered");
        Erp.RejectedOrders.Clear();

        await using var browser = await ConsoleBrowser.OpenAsync(Host.Address);
        await browser.SignInAsync();
        Assert.Equal("1", await browser.TextAsync("#orders-dead-lettered"));
        await browser.FollowAsync("Dead letters");
        var listed = await browser.TextAsync("#dead-letters");
        Assert.Contains("PO-CONSOLE", listed, StringComparison.Ordinal);
        Assert.Contains("blocked for sale", listed, StringComparison.Ordinal);
        await browser.ScreenshotAsync("dead-letters-1-listed");

        await browser.ClickAsync($"form[action='/console/orders/{id}/replay'] button");
        Assert.Contains("queued again", await browser.TextAsync(".flash"), StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => (string)(await OrderAsync(id))["state"]! == "forwarded", "the replayed order to be forwarded");
        await browser.GoAsync($"/console/orders/{id}");
        Assert.Equal("forwarded", await browser.TextAsync("#state"));
        Assert.Contains("replayed", await browser.TextAsync("#attempts"), StringComparison.Ordinal);
        await browser.ScreenshotAsync("dead-letters-2-replayed");

        await browser.FollowAsync("Dead letters");
        Assert.Contains("No dead letters", await browser.TextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(2, Erp.Calls("/orders").Count);
    }

    [Fact]
    public async Task OrderSearch_FindsAnOrderByItsOrderIdAndPayloadId()
    {
        var document = ProcurementSystem.OrderRequest(("orderID=\"DEMO-PO-1001\"", "orderID=\"PO-FIND-ME\""));
        var id = GatewayOrderId(await new ProcurementSystem(Host.Client()).SendAsync(document));
        await using var browser = await ConsoleBrowser.OpenAsync(Host.Address);
        await browser.SignInAsync();

        await browser.GoAsync("/console/orders?q=PO-FIND-ME");
        var byOrderId = await browser.TextAsync("#found");
        await browser.GoAsync($"/console/orders?q={Uri.EscapeDataString(PayloadIdOf(document))}");
        var byPayloadId = await browser.TextAsync("#found");
        await browser.GoAsync("/console/orders?q=PO-NOT-THERE");

        Assert.Contains(id, byOrderId, StringComparison.Ordinal);
        Assert.Contains(id, byPayloadId, StringComparison.Ordinal);
        Assert.Contains("No order matches", await browser.TextAsync("main"), StringComparison.Ordinal);
    }
}
