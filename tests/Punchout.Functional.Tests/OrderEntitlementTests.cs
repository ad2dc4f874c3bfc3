using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Observability;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Entitlements checked again on OrderRequest: one batched ERP quote for the lines, before anything is stored.</summary>
[Collection(GatewayTests.Name)]
public sealed class OrderEntitlementTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task Order_WithAPartNotOnTheContract_Is400NamingTheLine_StoresNothingAndNeverReachesTheErp()
    {
        var answer = await new ProcurementSystem(Host.Client()).SendAsync(TwoLineOrder(secondPart: "DEMO-1004"));

        Assert.Equal(400, answer.Status.Code);
        Assert.Equal(["not-entitled: ItemOut 2: account C-DEMO may not buy part DEMO-1004."], Problems(answer.Status.Detail));
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/orders"));
        Assert.Equal(1, Metrics().Value("punchout_orders_refused_total", ("buyer", "demo"), ("reason", "not-entitled")));
    }

    [Fact]
    public async Task Order_WithAPartTheErpDoesNotKnow_Is400UnknownPart_StoresNothing()
    {
        Erp.UnknownParts["NOPE-1"] = true;

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(TwoLineOrder(secondPart: "NOPE-1"));

        Assert.Equal(400, answer.Status.Code);
        Assert.Equal(["unknown-part: ItemOut 2: the ERP does not know part NOPE-1."], Problems(answer.Status.Detail));
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/orders"));
        Assert.Equal(1, Metrics().Value("punchout_orders_refused_total", ("buyer", "demo"), ("reason", "unknown-part")));
    }

    [Fact]
    public async Task Order_WithEveryPartEntitled_IsAcceptedAfterOneQuoteForAllLines()
    {
        var answer = await new ProcurementSystem(Host.Client()).SendAsync(TwoLineOrder(secondPart: "DEMO-1002"));

        Assert.Equal(200, answer.Status.Code);
        var quote = Assert.Single(Erp.Calls("/prices/quote"));
        var body = ErpStub.Body(quote);
        Assert.Equal("C-DEMO", (string)body["account"]!);
        Assert.Equal(
            [("1", "DEMO-1001", 2m, "EA"), ("2", "DEMO-1002", 1m, "EA")],
            body["lines"]!.AsArray().Select(l => ((string)l!["lineRef"]!, (string)l["supplierPartId"]!, (decimal)l["quantity"]!, (string)l["unitOfMeasure"]!)));
        await Eventually.HoldsAsync(() => Task.FromResult(Erp.Calls("/orders").Count == 1), "the order to be forwarded");
    }

    [Fact]
    public async Task Order_Resent_GetsItsOriginalAnswerWithoutASecondQuote()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var document = ProcurementSystem.OrderRequest();

        var first = await buyer.SendAsync(document);
        Erp.Prices.TryRemove("DEMO-1001", out _);
        var second = await buyer.SendAsync(document);

        Assert.Equal(200, first.Status.Code);
        Assert.Equal(first.Status, second.Status);
        Assert.Single(Erp.Calls("/prices/quote"));
        Assert.Equal(1, Metrics().Value("punchout_orders_duplicate_total", ("buyer", "demo")));
    }

    [Fact]
    public async Task Order_ErpCannotQuote_Is560WithNothingStored_AndTheSameDocumentIsAcceptedOnceTheErpIsBack()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var document = ProcurementSystem.OrderRequest();
        Erp.QuoteFailure = 503;

        var down = await buyer.SendAsync(document);

        Assert.Equal(560, down.Status.Code);
        Assert.Contains("nothing was stored", down.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/orders"));
        Assert.Equal(1, Metrics().Value("punchout_orders_refused_total", ("buyer", "demo"), ("reason", "erp-unavailable")));

        Erp.QuoteFailure = null;
        var back = await buyer.SendAsync(document);

        Assert.Equal(200, back.Status.Code);
        await Eventually.HoldsAsync(() => Task.FromResult(Erp.Calls("/orders").Count == 1), "the order to be forwarded");
    }

    [Fact]
    public async Task Delete_IsNotCheckedAgainstTheErp()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var order = ProcurementSystem.OrderRequest();
        var first = await buyer.SendAsync(order);
        Erp.QuoteFailure = 503;

        var delete = await buyer.SendAsync(ProcurementSystem.OrderRequest(
            ("type=\"new\" orderVersion=\"1\"", "type=\"delete\" orderVersion=\"2\""),
            ("<Extrinsic name=\"CostCenter\">", $"<DocumentReference payloadID=\"{PayloadIdOf(order)}\"/><Extrinsic name=\"CostCenter\">")));

        Assert.Equal(200, first.Status.Code);
        Assert.Equal(200, delete.Status.Code);
        Assert.Single(Erp.Calls("/prices/quote"));
    }

    // The sample order (2 × DEMO-1001 at 12.50) with a second line: 1 × secondPart at 5.75.
    private static byte[] TwoLineOrder(string secondPart) => ProcurementSystem.OrderRequest(
        ("<Money currency=\"USD\">25.00</Money>", "<Money currency=\"USD\">30.75</Money>"),
        ("</ItemOut>", $"""
            </ItemOut>
                  <ItemOut quantity="1" lineNumber="2">
                    <ItemID>
                      <SupplierPartID>{secondPart}</SupplierPartID>
                    </ItemID>
                    <ItemDetail>
                      <UnitPrice>
                        <Money currency="USD">5.75</Money>
                      </UnitPrice>
                      <Description xml:lang="en-US">Second line</Description>
                      <UnitOfMeasure>EA</UnitOfMeasure>
                      <Classification domain="UNSPSC">14111507</Classification>
                    </ItemDetail>
                  </ItemOut>
            """));

    // The problem lines after "The order cannot be accepted:".
    private static string[] Problems(string? detail) => [.. (detail ?? string.Empty).Split('\n').Skip(1)];

    private PrometheusExporter Metrics() => Host.Service<PrometheusExporter>();
}
