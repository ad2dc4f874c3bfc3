using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.TestSupport;

namespace Punchout.Protocols.Tests.Cxml;

/// <summary>Hand-written blanket, release and change orders (tests/fixtures/cxml), read field by field against the
/// values written in them, and written back DTD-valid.</summary>
public sealed class OrderFixtureTests
{
    private static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);

    [Fact]
    public void BlanketOrder_ReadsItsPeriodLimitsAndAgreement()
    {
        var order = Read("OrderRequest-blanket.xml");

        var header = order.Header;
        Assert.Equal((OrderType.Blanket, true, "MA-1"), (header.OrderType, header.ReleaseRequired, header.ParentAgreementId));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, Eastern), header.EffectiveDate);
        Assert.Equal(new DateTimeOffset(2027, 11, 30, 23, 59, 59, Eastern), header.ExpirationDate);
        Assert.Equal(new Money(10000.00m, "USD"), header.Total);
        var line = Assert.Single(order.Items);
        Assert.Null(line.ItemDetail);
        var blanket = line.BlanketItemDetail!;
        Assert.Equal("Copy paper, any size", Assert.Single(blanket.Descriptions).Text);
        Assert.Equal(new Money(10000.00m, "USD"), blanket.MaxAmount);
        Assert.Equal(new Money(500.00m, "USD"), blanket.MinAmount);
        Assert.Equal((1000m, 40m), (blanket.MaxQuantity, blanket.MinQuantity));
        Assert.Equal((new Money(12.50m, "USD"), "BX"), (blanket.UnitPrice, blanket.UnitOfMeasure));
        Assert.Equal(new Classification("UNSPSC", "14111507"), Assert.Single(blanket.Classifications));
    }

    [Fact]
    public void Release_ReadsTheAgreementOfTheHeaderAndOfEachLine()
    {
        var order = Read("OrderRequest-release.xml");

        Assert.Equal((OrderType.Release, "BO-77", "blanket-1@buyer.example"), (order.Header.OrderType, order.Header.AgreementId, order.Header.AgreementPayloadId));
        var byId = Assert.IsType<MasterAgreementIdInfo>(order.Items[0].MasterAgreement);
        Assert.Equal(("BO-77", new DateTimeOffset(2026, 11, 26, 9, 0, 0, Eastern)), (byId.AgreementId, byId.AgreementDate!.Value));
        Assert.Equal("1", order.Items[0].AgreementItemNumber);
        var byReference = Assert.IsType<MasterAgreementReference>(order.Items[1].MasterAgreement);
        Assert.Equal(("BO-77", "scheduling_agreement", "blanket-1@buyer.example"), (byReference.AgreementId, byReference.AgreementType, byReference.DocumentReference.PayloadId));
    }

    [Fact]
    public void Update_ReadsVersionReferencePaymentTaxAndAccounting()
    {
        var order = Read("OrderRequest-update.xml");

        var header = order.Header;
        Assert.Equal((OrderRequestType.Update, 2, "REQ-9", true), (header.Type, header.OrderVersion, header.RequisitionId, header.ShipComplete));
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 0, 0, 0, Eastern), header.RequestedDeliveryDate);
        Assert.Equal(new DocumentReference("po-4711-v1@buyer.example"), header.DocumentReference);
        Assert.Equal(("4111111111111111", "2027-03-31", "Jane Buyer"), (header.Payment!.Number, header.Payment.Expiration, header.Payment.Name));
        Assert.Equal((new Money(4.95m, "USD"), "Ground", "SCAC", "FDE"), (header.Shipping!.Money, header.Shipping.Description.Text, header.Shipping.TrackingDomain, header.Shipping.TrackingId));
        Assert.Equal((new Money(2.06m, "USD"), "Sales tax"), (header.Tax!.Money, header.Tax.Description.Text));
        var detail = Assert.Single(header.Tax.Details);
        Assert.Equal(("tax", "sales", 8.25m, new Money(25.00m, "USD"), new Money(2.06m, "USD"), "CA"), (detail.Purpose, detail.Category, detail.PercentageRate, detail.TaxableAmount, detail.TaxAmount, detail.TaxLocation!.Text));
        Assert.Equal(("buyer", "Jane Buyer", "jane@buyer.example"), (header.Contacts[0].Role, header.Contacts[0].Name, header.Contacts[0].Email));
        var comment = Assert.Single(header.Comments);
        Assert.Equal(("Deliver to dock 4", "en", "cid:terms@buyer.example"), (comment.Text, comment.Lang, Assert.Single(comment.AttachmentUrls)));
        var line = Assert.Single(order.Items);
        Assert.True(line.IsAdHoc);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), line.RequestedDeliveryDate);
        Assert.Equal(new ItemId("DEMO-1001", "aux-1"), line.ItemId);
        Assert.Equal(("DOCK-4", "Dock 4"), (line.ShipTo!.AddressId, line.ShipTo.Name));
        var distribution = Assert.Single(line.Distributions);
        Assert.False(distribution.Accounting.LegacySegments);
        Assert.Equal("CC-100/GL-6000", distribution.Accounting.Name);
        Assert.Equal([("100", "Cost Center", "Facilities"), ("6000", "GL Account", "Supplies")], distribution.Accounting.Segments.Select(s => (s.Id, s.Name, s.Description)));
        Assert.Equal(new Money(25.00m, "USD"), distribution.Charge);
        Assert.Equal("fragile", Assert.Single(line.Comments).Text);
    }

    [Theory]
    [InlineData("OrderRequest-blanket.xml")]
    [InlineData("OrderRequest-release.xml")]
    [InlineData("OrderRequest-update.xml")]
    public void Fixture_IsWrittenBackDtdValid_AndReadsTheSame(string file)
    {
        var document = CxmlReader.Read(Repository.Bytes($"tests/fixtures/cxml/{file}")).Document!;
        var bytes = CxmlWriter.ToBytes(document);

        DtdAssert.Valid(bytes);
        StructureAssert.Equal(document.Body, CxmlReader.Read(bytes).Document!.Body);
    }

    private static OrderRequest Read(string file)
    {
        var result = CxmlReader.Read(Repository.Bytes($"tests/fixtures/cxml/{file}"));
        Assert.True(result.Error is null, result.Error?.ToString());
        return Assert.IsType<OrderRequest>(Assert.IsType<CxmlRequest>(result.Document!.Body).Payload);
    }
}

/// <summary>Values read leniently that the DTD constrains are written in the DTD's spelling or left out, so the
/// writer never produces an invalid document from what a buyer sent.</summary>
public sealed class WriterNormalisationTests
{
    [Fact]
    public void LenientlyReadValues_AreWrittenValidOrLeftOut()
    {
        var order = CxmlReader.Read(Repository.Bytes("tests/fixtures/cxml/OrderRequest-release.xml")).Document!;
        var payload = (OrderRequest)((CxmlRequest)order.Body).Payload;
        var odd = payload with
        {
            Header = payload.Header with { Contacts = [new Contact("Jane Buyer", "end user"), new Contact("Joe", "endUser")] },
            Items = [payload.Items[1] with { MasterAgreement = new MasterAgreementReference(new DocumentReference("b@x"), "BO-77") { AgreementType = "blanket" } }, payload.Items[0] with { LineNumber = 2, MasterAgreement = new MasterAgreementIdInfo("BO-77") { AgreementType = "Scheduling_Agreement" } }],
        };

        var bytes = CxmlWriter.ToBytes(order with { Body = new CxmlRequest(odd) });

        DtdAssert.Valid(bytes);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("end user", text, StringComparison.Ordinal);
        Assert.Contains("role=\"endUser\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("agreementType=\"blanket\"", text, StringComparison.Ordinal);
        Assert.Contains("agreementType=\"scheduling_agreement\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CartItemType_IsWrittenInTheDtdsSpellingOrLeftOut()
    {
        var document = CxmlReader.Read(Repository.Bytes("tests/corpus/cxml/generic-PunchoutOrderMessage.xml")).Document!;
        var message = (CxmlMessage)document.Body;
        var cart = (Punchout.Protocols.Cxml.PunchOut.PunchOutOrderMessage)message.Payload;
        var odd = cart with { Items = [cart.Items[0] with { ItemType = "Item" }, cart.Items[1] with { ItemType = "bundle" }] };

        var bytes = CxmlWriter.ToBytes(document with { Body = message with { Payload = odd } });

        DtdAssert.Valid(bytes);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("itemType=\"item\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bundle", text, StringComparison.Ordinal);
    }
}
