using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.TestSupport;
using Xunit;

namespace Punchout.Protocols.Tests.Cxml;

/// <summary>Every part of an OrderRequest the corpus does not carry: blanket orders, releases, changes, PCard,
/// multi-ship-to, tax detail and accounting segments, written DTD-valid and read back unchanged.</summary>
public sealed class OrderRequestInFullTests
{
    private static readonly Tax LineTax = new(new Money(2.06m, "USD"), new Description("Sales tax", "en"))
    {
        Details = [new TaxDetail("sales", new Money(2.06m, "USD")) { Purpose = "tax", PercentageRate = 8.25m, TaxableAmount = new Money(25m, "USD"), TaxLocation = new Description("CA", "en") }],
    };

    public static TheoryData<string> Orders() => ["blanket", "release", "update", "delete", "multi-ship-to"];

    [Theory]
    [MemberData(nameof(Orders))]
    public void Order_IsWrittenDtdValid_AndReadBackUnchanged(string kind)
    {
        var order = Build(kind);
        var bytes = CxmlWriter.ToBytes(Some.Envelope(new CxmlRequest(order)));

        DtdAssert.Valid(bytes);
        var back = Assert.IsType<OrderRequest>(Assert.IsType<CxmlRequest>(CxmlReader.Read(bytes).Document!.Body).Payload);
        StructureAssert.Equal(order, back);
    }

    [Fact]
    public void Release_LinesCarryTheirAgreement()
    {
        var back = RoundTrip(Build("release"));

        Assert.Equal(OrderType.Release, back.Header.OrderType);
        Assert.Equal(("BO-77", "blanket-payload@buyer"), (back.Header.AgreementId, back.Header.AgreementPayloadId));
        var byId = Assert.IsType<MasterAgreementIdInfo>(back.Items[0].MasterAgreement);
        Assert.Equal("BO-77", byId.AgreementId);
        var byReference = Assert.IsType<MasterAgreementReference>(back.Items[1].MasterAgreement);
        Assert.Equal(("blanket-payload@buyer", "scheduling_agreement"), (byReference.DocumentReference.PayloadId, byReference.AgreementType));
    }

    [Fact]
    public void Update_RefersToTheLatestVersion()
    {
        var back = RoundTrip(Build("update"));

        Assert.Equal((OrderRequestType.Update, 2), (back.Header.Type, back.Header.OrderVersion));
        Assert.Equal(new DocumentReference("po-4711-v1@buyer"), back.Header.DocumentReference);
    }

    [Fact]
    public void MultiShipTo_HasNoHeaderShipToAndOneOnEveryLine()
    {
        var back = RoundTrip(Build("multi-ship-to"));

        Assert.Null(back.Header.ShipTo);
        Assert.Equal(["Dock 1", "Dock 2"], back.Items.Select(i => i.ShipTo!.Name));
    }

    [Fact]
    public void PCard_NumberNeverPrints()
    {
        var card = new PCard("4111111111111111", "2027-03-31", "Jane Buyer");

        Assert.DoesNotContain("4111111111111111", card.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("411111", Build("blanket").ToString(), StringComparison.Ordinal);
        Assert.Contains("1111", card.ToString(), StringComparison.Ordinal);
    }

    private static OrderRequest RoundTrip(OrderRequest order) =>
        Assert.IsType<OrderRequest>(Assert.IsType<CxmlRequest>(CxmlReader.Read(CxmlWriter.ToBytes(Some.Envelope(new CxmlRequest(order)))).Document!.Body).Payload);

    private static OrderRequest Build(string kind)
    {
        var header = new OrderRequestHeader
        {
            OrderId = "PO-4711",
            OrderDate = Some.Now,
            Total = new Money(25m, "USD"),
            ShipTo = Some.Address("Receiving"),
            BillTo = Some.Address("Accounts Payable"),
            Shipping = new Shipping(new Money(4.95m, "USD"), new Description("Ground", "en")) { TrackingDomain = "SCAC", TrackingId = "FDE" },
            Tax = LineTax,
            Payment = new PCard("4111111111111111", "2027-03-31", "Jane Buyer"),
            Contacts = [new Contact("Jane Buyer", "buyer", "jane@buyer.example", "en-US") { Phones = [new Phone("1", "US", "800", "5551212", "work")] }],
            Comments = [new Comment("Call before delivery", "en") { AttachmentUrls = ["cid:terms@buyer"] }],
            RequisitionId = "REQ-9",
            ShipComplete = true,
            RequestedDeliveryDate = Some.Now.AddDays(10),
            SupplierOrderInfo = new SupplierOrderInfo("Q-1001", Some.Now.AddDays(-3)),
            Extrinsics = [new Extrinsic("CompanyCode", "1000")],
        };
        var line = new OrderItemOut
        {
            LineNumber = 1,
            Quantity = 2,
            ItemId = new ItemId("DEMO-1001", "aux-1", "B-1"),
            ItemDetail = Some.Detail(),
            Tax = LineTax,
            Distributions = [new Distribution(new Accounting("CC-100/GL-6000", [new AccountingSegment("100", "Cost Center", "Facilities"), new AccountingSegment("6000", "GL Account", "Supplies")]), new Money(25m, "USD"))],
            Contacts = [new Contact("Receiving desk", "shipTo")],
            RequestedDeliveryDate = Some.Now.AddDays(7),
            RequestedShipmentDate = Some.Now.AddDays(5),
            Comments = [new Comment("fragile", "en")],
        };
        return kind switch
        {
            "blanket" => new OrderRequest
            {
                Header = header with { OrderType = OrderType.Blanket, EffectiveDate = Some.Now, ExpirationDate = Some.Now.AddYears(1), ReleaseRequired = true, ParentAgreementId = "MA-1" },
                Items = [line with
                {
                    ItemDetail = null,
                    BlanketItemDetail = new BlanketItemDetail
                    {
                        Descriptions = [new Description("Office supplies, any", "en")],
                        MaxAmount = new Money(10000m, "USD"),
                        MinAmount = new Money(500m, "USD"),
                        MaxQuantity = 1000,
                        MinQuantity = 10,
                        UnitPrice = new Money(12.50m, "USD"),
                        UnitOfMeasure = "EA",
                        Classifications = [new Classification("UNSPSC", "44120000")],
                        Extrinsics = [new Extrinsic("Category", "Office")],
                    },
                }],
            },
            "release" => new OrderRequest
            {
                Header = header with { OrderType = OrderType.Release, AgreementId = "BO-77", AgreementPayloadId = "blanket-payload@buyer" },
                Items =
                [
                    line with { AgreementItemNumber = "10", MasterAgreement = new MasterAgreementIdInfo("BO-77") { AgreementDate = Some.Now.AddMonths(-2) } },
                    line with { LineNumber = 2, IsAdHoc = true, RequisitionId = "REQ-10", MasterAgreement = new MasterAgreementReference(new DocumentReference("blanket-payload@buyer"), "BO-77") { AgreementType = "scheduling_agreement" } },
                ],
            },
            "update" => new OrderRequest { Header = header with { Type = OrderRequestType.Update, OrderVersion = 2, DocumentReference = new DocumentReference("po-4711-v1@buyer") }, Items = [line] },
            "delete" => new OrderRequest { Header = header with { Type = OrderRequestType.Delete, OrderVersion = 3, DocumentReference = new DocumentReference("po-4711-v2@buyer") }, Items = [line] },
            "multi-ship-to" => new OrderRequest
            {
                Header = header with { ShipTo = null },
                Items = [line with { ShipTo = Some.Address("Dock 1") }, line with { LineNumber = 2, ShipTo = Some.Address("Dock 2") }],
            },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
