using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Validation.Orders;

namespace Punchout.Validation.Tests.Orders;

public class OrderRequestValidatorTests
{
    private readonly OrderRequestValidator validator = new();

    [Fact]
    public void Validate_GoodOrder_HasNoProblem() => Assert.True(validator.Validate(Order()).IsValid);

    [Fact]
    public void Validate_SeveralBrokenRules_ReportsEveryOne()
    {
        var order = Order() with
        {
            Header = Order().Header with { OrderVersion = -7 },
            Items = [Line(1, -2), Line(1, 0), Line(3, 1, "EUR")],
        };

        var messages = validator.Validate(order).Errors.Select(e => e.ErrorMessage).ToList();

        Assert.Equal(5, messages.Count);
        Assert.Contains("OrderRequestHeader@orderVersion must be 1 or more.", messages);
        Assert.Contains("ItemOut lineNumbers repeat: 1.", messages);
        Assert.Contains("ItemOut 1: quantity must be greater than zero.", messages);
        Assert.Equal(2, messages.Count(m => m == "ItemOut 1: quantity must be greater than zero."));
        Assert.Contains("ItemOut 3: priced in EUR, the order Total in USD.", messages);
    }

    private static OrderRequest Order() => new()
    {
        Header = new OrderRequestHeader
        {
            OrderId = "PO-1",
            OrderDate = DateTimeOffset.UnixEpoch,
            Total = new Money(25m, "USD"),
            BillTo = new Address { Name = "AP" },
        },
        Items = [Line(1, 2), Line(2, 1)],
    };

    private static OrderItemOut Line(int number, decimal quantity, string currency = "USD") => new()
    {
        LineNumber = number,
        Quantity = quantity,
        ItemId = new ItemId("DEMO-1001"),
        ItemDetail = new ItemDetail
        {
            UnitPrice = new Money(12.50m, currency),
            Descriptions = [new Description("Pen", "en")],
            UnitOfMeasure = "EA",
            Classifications = [new Classification("UNSPSC", "44121701")],
        },
    };
}
