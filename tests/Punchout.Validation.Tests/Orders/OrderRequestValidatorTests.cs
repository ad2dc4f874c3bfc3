using System.Globalization;
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

    [Fact]
    public void Validate_ShipToOnEveryLineAndNoneInTheHeader_IsMultiShipToAndPasses()
    {
        var order = Order() with { Header = Order().Header with { ShipTo = null }, Items = [Line(1, 2) with { ShipTo = Dock }, Line(2, 1) with { ShipTo = Dock }] };

        Assert.True(validator.Validate(order).IsValid);
    }

    [Fact]
    public void Validate_HeaderShipToAndSomeLineShipTos_NamesEachLineWithItsOwn()
    {
        var order = Order() with { Items = [Line(1, 2) with { ShipTo = Dock }, Line(2, 1), Line(3, 0.5m) with { ShipTo = Dock }] };

        var failures = Failures(order, OrderRules.ShipToPlacement);

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("ItemOut 1: has its own ShipTo while the header has one", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("ItemOut 3: has its own ShipTo while the header has one", failures[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoShipToAnywhere_NamesEveryLine()
    {
        var order = Order() with { Header = Order().Header with { ShipTo = null } };

        Assert.Equal(["ItemOut 1: has no ShipTo and the header has none; ShipTo goes in the header or on every ItemOut.", "ItemOut 2: has no ShipTo and the header has none; ShipTo goes in the header or on every ItemOut."], Failures(order, OrderRules.ShipToPlacement));
    }

    [Fact]
    public void Validate_SomeLinesWithoutShipToAndNoneInTheHeader_NamesThoseLines()
    {
        var order = Order() with { Header = Order().Header with { ShipTo = null }, Items = [Line(1, 2) with { ShipTo = Dock }, Line(2, 1)] };

        Assert.StartsWith("ItemOut 2: has no ShipTo", Assert.Single(Failures(order, OrderRules.ShipToPlacement)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("37.50")] // exact: 2 × 12.50 + 1 × 12.50
    [InlineData("37.51")] // within half a cent per line (tolerance 0.01 for two lines)
    [InlineData("37.49")]
    public void Validate_TotalWithinRoundingOfTheLines_Passes(string total) =>
        Assert.Empty(Failures(Order() with { Header = Order().Header with { Total = new Money(decimal.Parse(total, CultureInfo.InvariantCulture), "USD") } }, OrderRules.TotalMatchesLines));

    [Fact]
    public void Validate_TotalOffByMoreThanRounding_IsRefusedWithTheLinesAmount()
    {
        var order = Order() with { Header = Order().Header with { Total = new Money(37.52m, "USD") } };

        Assert.Equal("The order Total 37.52 USD does not match the lines, which come to 37.50 USD (quantity × unit price × conversionFactor ÷ PriceBasisQuantity, tolerance 0.01).", Assert.Single(Failures(order, OrderRules.TotalMatchesLines)));
    }

    [Fact]
    public void Validate_TotalOfLinesWithPriceBasisQuantity_UsesFactorAndBasis()
    {
        // 30 pieces at 12.50 per box of 10 pieces (conversionFactor 1): 37.50; a buyer that ignored the basis sends 375.00.
        var perBox = Line(1, 30) with { ItemDetail = Line(1, 30).ItemDetail! with { PriceBasisQuantity = new PriceBasisQuantity(10, 1, "BX") } };
        var order = Order() with { Header = Order().Header with { Total = new Money(37.50m, "USD") }, Items = [perBox] };
        var wrong = order with { Header = order.Header with { Total = new Money(375m, "USD") } };
        // 4 hours at 12.50 per day of 8 hours: conversionFactor 0.125 days per hour, basis 1 day: 6.25.
        var hours = Line(1, 4) with { ItemDetail = Line(1, 4).ItemDetail! with { PriceBasisQuantity = new PriceBasisQuantity(1, 0.125m, "DAY") } };

        Assert.True(validator.Validate(order).IsValid);
        Assert.Single(Failures(wrong, OrderRules.TotalMatchesLines));
        Assert.True(validator.Validate(order with { Header = order.Header with { Total = new Money(6.25m, "USD") }, Items = [hours] }).IsValid);
    }

    [Fact]
    public void Validate_ZeroPriceBasisQuantity_NamesTheLineInsteadOfDividingByZero()
    {
        var line = Line(2, 1) with { ItemDetail = Line(2, 1).ItemDetail! with { PriceBasisQuantity = new PriceBasisQuantity(0, 1, "BX") } };

        var failure = Assert.Single(Failures(Order() with { Items = [Line(1, 2), line] }, OrderRules.TotalMatchesLines));

        Assert.StartsWith("ItemOut 2: PriceBasisQuantity quantity and conversionFactor must be greater than zero", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TotalInACurrencyWithoutMinorUnit_AllowsHalfAYenPerLine()
    {
        var yen = Order() with { Header = Order().Header with { Total = new Money(1250m, "JPY") }, Items = [Line(1, 1, "JPY") with { ItemDetail = Line(1, 1, "JPY").ItemDetail! with { UnitPrice = new Money(1249.6m, "JPY") } }] };

        Assert.True(validator.Validate(yen).IsValid);
        Assert.Single(Failures(yen with { Header = yen.Header with { Total = new Money(1251m, "JPY") } }, OrderRules.TotalMatchesLines));
    }

    [Fact]
    public void Validate_BlanketOrderOrLineWithoutItemDetail_IsExemptFromTheTotalRule()
    {
        var blanket = Order() with { Header = Order().Header with { OrderType = OrderType.Blanket, Total = new Money(10000m, "USD") } };
        var noDetail = Order() with { Header = Order().Header with { Total = new Money(99m, "USD") }, Items = [Line(1, 2), Line(2, 1) with { ItemDetail = null }] };

        Assert.Empty(Failures(blanket, OrderRules.TotalMatchesLines));
        Assert.Empty(Failures(noDetail, OrderRules.TotalMatchesLines));
    }

    [Fact]
    public void Validate_BillToWithEmptyNameAndNoAddress_SaysBoth()
    {
        var order = Order() with { Header = Order().Header with { BillTo = new Address { Name = " " } } };

        Assert.Equal(
            ["BillTo has an empty Name: the invoice would go to no one.", "BillTo has neither a PostalAddress nor an addressID: nothing says where the invoice goes."],
            Failures(order, OrderRules.BillTo));
        Assert.True(validator.Validate(Order() with { Header = Order().Header with { BillTo = new Address { Name = "AP", AddressId = "AP-01" } } }).IsValid);
    }

    [Theory]
    [InlineData(OrderRequestType.Update)]
    [InlineData(OrderRequestType.Delete)]
    public void Validate_ChangeWithoutDocumentReferenceAtVersionOne_SaysBoth(OrderRequestType type)
    {
        var order = Order() with { Header = Order().Header with { Type = type } };

        var failures = Failures(order, OrderRules.ChangeReference);

        Assert.Equal(2, failures.Count);
        Assert.Contains($"A type=\"{type.ToString().ToLowerInvariant()}\" order must carry a DocumentReference with the payloadID of the latest earlier OrderRequest of order PO-1.", failures);
        Assert.Contains($"A type=\"{type.ToString().ToLowerInvariant()}\" order must have an orderVersion of 2 or more (higher than the order it changes); it has 1.", failures);
    }

    [Fact]
    public void Validate_UpdateWithDocumentReferenceAndVersionTwo_Passes()
    {
        var order = Order() with { Header = Order().Header with { Type = OrderRequestType.Update, OrderVersion = 2, DocumentReference = new DocumentReference("1.po-1@buyer") } };

        Assert.True(validator.Validate(order).IsValid);
    }

    [Fact]
    public void Validate_ReleaseWithoutAgreement_NamesEveryLineWithoutOne()
    {
        var release = Order() with
        {
            Header = Order().Header with { OrderType = OrderType.Release },
            Items = [Line(1, 2) with { MasterAgreement = new MasterAgreementIdInfo("BA-7") }, Line(2, 1)],
        };

        Assert.StartsWith("ItemOut 2: a release must reference its agreement", Assert.Single(Failures(release, OrderRules.ReleaseAgreement)), StringComparison.Ordinal);
        Assert.True(validator.Validate(release with { Header = release.Header with { AgreementId = "BA-7" } }).IsValid);
        Assert.True(validator.Validate(release with { Items = [release.Items[0], Line(2, 1) with { MasterAgreement = new MasterAgreementReference(new DocumentReference("1.ba-7@buyer")) }] }).IsValid);
    }

    [Fact]
    public void Validate_DocumentBreakingThreeRules_ListsAllThree()
    {
        var order = Order() with
        {
            Header = Order().Header with { Type = OrderRequestType.Update, OrderVersion = 2, ShipTo = null, Total = new Money(99m, "USD") },
            Items = [Line(1, 2) with { ShipTo = Dock }, Line(2, 1)],
        };

        var codes = validator.Validate(order).Errors.Select(e => e.ErrorCode).ToList();

        Assert.Equal([OrderRules.ChangeReference, OrderRules.ShipToPlacement, OrderRules.TotalMatchesLines], codes.Order(StringComparer.Ordinal));
    }

    private static readonly Address Dock = new() { Name = "Dock 4", AddressId = "DOCK-4" };

    private List<string> Failures(OrderRequest order, string rule) =>
        [.. validator.Validate(order).Errors.Where(e => e.ErrorCode == rule).Select(e => e.ErrorMessage)];

    private static OrderRequest Order() => new()
    {
        Header = new OrderRequestHeader
        {
            OrderId = "PO-1",
            OrderDate = DateTimeOffset.UnixEpoch,
            Total = new Money(37.50m, "USD"),
            ShipTo = new Address { Name = "HQ", AddressId = "HQ-01" },
            BillTo = new Address { Name = "AP", PostalAddress = new PostalAddress { Street = ["PO Box 4100"], City = "Springfield", Country = "United States", IsoCountryCode = "US" } },
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
