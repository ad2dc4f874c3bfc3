using Punchout.Gateway.Orders;
using Punchout.Gateway.Outbound;
using Punchout.Protocols.Cxml.Fulfill;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Tests.Outbound;

public class FulfillmentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Confirmation_DetailWhoseStatusesAddUpPerLine_PassesWithTheOrdersQuantitiesAndUnits()
    {
        var (confirmation, problems) = ErpFulfillment.ToConfirmation(Detail((1, [("accept", 3m), ("backordered", 1m)]), (2, [("reject", 1m)])), Order, Now);

        Assert.Empty(problems);
        Assert.Empty(FulfillmentRules.Check(confirmation!, Order));
        Assert.Equal([(4m, 1, "EA"), (1m, 2, "BX")], confirmation!.Items.Select(i => (i.Quantity, i.LineNumber, i.UnitOfMeasure)));
        Assert.Equal(Now, confirmation.Header.NoticeDate);
        Assert.Equal(("PO-7", "p-order@buyer"), (confirmation.OrderReference.OrderId, confirmation.OrderReference.DocumentReference.PayloadId));
    }

    [Fact]
    public void Confirmation_EveryRuleBroken_ReportsEachWithItsLine()
    {
        var (confirmation, _) = ErpFulfillment.ToConfirmation(Detail((1, [("accept", 3m)]), (9, [("accept", 1m)]), (2, [("reject", 0m)]), (1, [("accept", 4m)])), Order, Now);

        var problems = FulfillmentRules.Check(confirmation!, Order);

        Assert.Equal([("status-quantities", 1), ("unknown-line", 9), ("invalid-quantity", 2), ("duplicate-line", 1)], problems.Select(p => (p.Code, p.Line!.Value)));
        Assert.Equal("Line 1: the statuses' quantities add up to 3; they must add up to the 4 ordered.", problems[0].Message);
    }

    [Theory]
    [InlineData("reject", true, "lines-not-allowed")]
    [InlineData("backordered", true, "lines-not-allowed")]
    [InlineData("detail", false, "lines-required")]
    [InlineData("except", false, "lines-required")]
    public void Confirmation_WholeOrderTypesListNoLines_LineTypesListSome(string type, bool withLines, string code)
    {
        var posted = new ErpConfirmation { Type = type, Lines = withLines ? Detail((1, [("accept", 4m)])).Lines : null };

        var (confirmation, _) = ErpFulfillment.ToConfirmation(posted, Order, Now);

        Assert.Equal(code, Assert.Single(FulfillmentRules.Check(confirmation!, Order)).Code);
    }

    [Fact]
    public void Confirmation_AcceptWithLines_TakesAcceptStatusesOnly()
    {
        var (confirmation, _) = ErpFulfillment.ToConfirmation(Detail((1, [("accept", 2m), ("backordered", 2m)])) with { Type = "accept" }, Order, Now);

        Assert.Equal("status-not-allowed", Assert.Single(FulfillmentRules.Check(confirmation!, Order)).Code);
    }

    [Fact]
    public void Confirmation_FromTheSuppliersSystems_IsCheckedAgainstTheOrdersQuantityAndUnit()
    {
        var (confirmation, _) = ErpFulfillment.ToConfirmation(Detail((1, [("accept", 4m)])), Order, Now);
        var relayed = confirmation! with { Items = [confirmation.Items[0] with { Quantity = 5m, UnitOfMeasure = "BX" }] };

        Assert.Equal(["quantity-mismatch", "unit-mismatch"], FulfillmentRules.Check(relayed, Order).Select(p => p.Code));
    }

    [Fact]
    public void Confirmation_StatusDeliveredBeforeItShips_IsRefused()
    {
        var posted = new ErpConfirmation
        {
            Type = "detail",
            Lines = [new ErpConfirmationLine { LineNumber = 1, Statuses = [new ErpConfirmationStatus { Type = "accept", Quantity = 4m, ShipmentDate = Now, DeliveryDate = Now.AddDays(-1) }] }],
        };

        var (confirmation, _) = ErpFulfillment.ToConfirmation(posted, Order, Now);

        Assert.Equal(("delivery-before-shipment", 1), FulfillmentRules.Check(confirmation!, Order).Select(p => (p.Code, p.Line!.Value)).Single());
    }

    [Fact]
    public void Shipment_OverSeveralNotices_MayShipNoMoreThanOrdered_AnUpdateReplacingItsEarlierNotice()
    {
        OutboundDocument[] earlier = [Shipped("SH-1", 2m), Shipped("SH-2", 1m), Shipped("SH-2", 1.5m)];

        Assert.Empty(FulfillmentRules.Check(Notice("SH-3", (1, 0.5m)), Order, earlier));
        Assert.Empty(FulfillmentRules.Check(Notice("SH-2", (1, 2m)), Order, earlier));
        var problem = Assert.Single(FulfillmentRules.Check(Notice("SH-3", (1, 1m)), Order, earlier));
        Assert.Equal("Line 1: 1 shipped after 3.5 already shipped makes 4.5, more than the 4 ordered.", problem.Message);
    }

    [Fact]
    public void Shipment_WithoutDatesCarrierTrackingOrLines_ReportsEach()
    {
        var (notice, shape) = ErpFulfillment.ToShipNotice(new ErpShipment { Carrier = new ErpCarrier { Name = "UPS" } }, Order, "out-1", Now);

        Assert.Empty(shape);
        Assert.Equal("out-1", notice!.Header.ShipmentId);
        Assert.Equal(["dates-required", "carrier-and-tracking", "lines-required"], FulfillmentRules.Check(notice, Order, []).Select(p => p.Code));
    }

    [Fact]
    public void Shipment_FieldsThatCannotBeRead_AreNamedByTheirPath()
    {
        var posted = new ErpShipment { ShipmentId = " SH-1", FulfillmentType = "partly", TrackingNumbers = [""], Lines = [new ErpShipmentLine { Quantity = 1m }, new ErpShipmentLine { LineNumber = 2 }] };

        var (notice, problems) = ErpFulfillment.ToShipNotice(posted, Order, "out-1", Now);

        Assert.Null(notice);
        Assert.Equal(
            ["shipmentId: when given, 1 to 100 characters without surrounding white space.", "fulfillmentType: 'partly' is not one of partial, complete.", "lines[0].lineNumber: required.", "lines[1].quantity: required.", "trackingNumbers: a tracking number must not be empty."],
            problems.Select(p => p.Message));
    }

    [Fact]
    public void Shipment_AboutTwoOrders_IsRefused()
    {
        var notice = Notice("SH-1", (1, 1m));

        var problems = FulfillmentRules.Check(notice with { Portions = [notice.Portions[0], notice.Portions[0]] }, Order, []);

        Assert.Contains(problems, p => p.Code == "one-order-per-notice");
    }

    private static readonly OrderRecord Order = new()
    {
        Id = "ord-1",
        BuyerId = "acme",
        PayloadId = "p-order@buyer",
        OrderId = "PO-7",
        ReceivedAt = Now,
        Erp = new ErpOrder
        {
            Buyer = "acme",
            Account = "C-1",
            OrderId = "PO-7",
            PayloadId = "p-order@buyer",
            Type = "new",
            OrderType = "regular",
            OrderDate = Now.AddDays(-1),
            Currency = "USD",
            Total = 60m,
            Lines =
            [
                new ErpOrderLine { LineNumber = 1, SupplierPartId = "P-1", Quantity = 4m, UnitOfMeasure = "EA" },
                new ErpOrderLine { LineNumber = 2, SupplierPartId = "P-2", Quantity = 1m, UnitOfMeasure = "BX" },
            ],
        },
    };

    private static ErpConfirmation Detail(params (int Line, (string Type, decimal Quantity)[] Statuses)[] lines) => new()
    {
        Type = "detail",
        Lines = [.. lines.Select(l => new ErpConfirmationLine { LineNumber = l.Line, Statuses = [.. l.Statuses.Select(s => new ErpConfirmationStatus { Type = s.Type, Quantity = s.Quantity })] })],
    };

    private static ShipNoticeRequest Notice(string shipmentId, params (int Line, decimal Quantity)[] lines) =>
        ErpFulfillment.ToShipNotice(
            new ErpShipment { ShipmentId = shipmentId, ShipmentDate = Now, DeliveryDate = Now.AddDays(2), Lines = [.. lines.Select(l => new ErpShipmentLine { LineNumber = l.Line, Quantity = l.Quantity })] },
            Order,
            "unused",
            Now).Notice!;

    private static OutboundDocument Shipped(string shipmentId, decimal quantity) => new()
    {
        Id = "out-" + Guid.NewGuid().ToString("N")[..8],
        Type = OutboundType.ShipNotice,
        GatewayOrderId = Order.Id,
        OrderId = Order.OrderId,
        BuyerId = "acme",
        PayloadId = "p",
        ClientId = shipmentId,
        Source = "erp",
        CreatedAt = Now,
        Lines = [new OutboundLine(1, quantity)],
        Document = string.Empty,
    };
}
