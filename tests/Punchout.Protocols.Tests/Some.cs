using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;

namespace Punchout.Protocols.Tests;

/// <summary>Test data: small, valid models to vary per test.</summary>
internal static class Some
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.FromHours(-5));

    public static CxmlHeader Header(string? secret = "s3cret") => new(
        [new Credential("NetworkID", "AN01000000001")],
        [new Credential("DUNS", "123456789")],
        new CxmlSender([new Credential("NetworkID", "AN01000000001", secret is null ? null : new SharedSecret(secret))], "Test Buyer 1.0"));

    public static Address Address(string name = "Acme HQ") => new()
    {
        AddressId = "HQ-1",
        IsoCountryCode = "US",
        Name = name,
        NameLang = "en-US",
        PostalAddress = new PostalAddress
        {
            Name = "default",
            DeliverTo = ["Jane Buyer"],
            Street = ["100 Market Street"],
            City = "Springfield",
            State = "IL",
            PostalCode = "62701",
            IsoCountryCode = "US",
            Country = "United States",
        },
        Email = "ap@acme.example",
        Phone = new Phone("1", "US", "217", "5550100", "work"),
    };

    public static ItemDetail Detail(decimal price = 12.50m) => new()
    {
        UnitPrice = new Money(price, "USD"),
        Descriptions = [new Description("Ballpoint pen, blue", "en-US", "Pen")],
        UnitOfMeasure = "BX",
        PriceBasisQuantity = new PriceBasisQuantity(12, 1, "EA"),
        Classifications = [new Classification("UNSPSC", "44121701", "44121701")],
        ManufacturerPartId = "BP-12",
        ManufacturerName = "Pens & Co",
        LeadTimeDays = 3,
        Extrinsics = [new Extrinsic("LineType", "Quantity")],
    };

    public static CxmlEnvelope Envelope(CxmlBody body, CxmlHeader? header = null) => new()
    {
        PayloadId = "1764167400000.1.abc@test",
        Timestamp = Now,
        Lang = "en-US",
        Header = body is CxmlResponse ? null : header ?? Header(),
        Body = body,
    };

    public static PunchOutSetupRequest SetupRequest() => new()
    {
        Operation = PunchOutOperation.Edit,
        BuyerCookie = "cookie-1",
        Extrinsics = [new Extrinsic("UserEmail", "jane@acme.example")],
        BrowserFormPostUrl = "https://acme.example/cart?x=1&y=2",
        Contacts = [new Contact("Jane Buyer", "endUser", "jane@acme.example", "en-US")],
        SupplierSetupUrl = "https://supplier.example/cxml",
        ShipTo = Address(),
        SelectedItem = new ItemId("DEMO-1001"),
        Items = [new PunchOutItemOut(2, new ItemId("DEMO-1001", "aux-1"), Detail(), 1)],
    };

    public static PunchOutOrderMessage OrderMessage() => new()
    {
        BuyerCookie = "cookie-1",
        OperationAllowed = OperationAllowed.Edit,
        Total = new Money(25.00m, "USD"),
        Items = [new ItemIn(2, new ItemId("DEMO-1001", "aux-1", "B-1"), Detail(), 1)],
    };

    public static OrderRequest Order() => new()
    {
        Header = new OrderRequestHeader
        {
            OrderId = "PO-1",
            OrderDate = Now,
            Type = OrderRequestType.Update,
            OrderType = OrderType.Release,
            OrderVersion = 2,
            Total = new Money(25.00m, "USD"),
            BillTo = Address("Acme AP"),
            Comments = [new Comment("Deliver to dock 4", "en")],
            Extrinsics = [new Extrinsic("CostCenter", "CC-1")],
        },
        Items =
        [
            new OrderItemOut { LineNumber = 1, Quantity = 2, ItemId = new ItemId("DEMO-1001", "aux-1"), ItemDetail = Detail(), ShipTo = Address("Dock 4"), RequestedDeliveryDate = Now.AddDays(7), Comments = [new Comment("fragile", "en")] },
            new OrderItemOut { LineNumber = 2, Quantity = 1.5m, ItemId = new ItemId("DEMO-1002"), ItemDetail = Detail(5.75m), ShipTo = Address("Dock 5") },
        ],
    };
}
