using System.Text;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.TestSupport;

namespace Punchout.Protocols.Tests.Cxml;

public class CxmlWriterTests
{
    [Fact]
    public void Write_PunchOutSetupResponse_IsDtdValidAndReadsBack()
    {
        var bytes = CxmlWriter.ToBytes(Some.Envelope(new CxmlResponse(CxmlStatus.Ok, new PunchOutSetupResponse("https://gw.example/punchout/start/abc?x=1&y=2"))));

        DtdAssert.Valid(bytes);
        var response = Assert.IsType<CxmlResponse>(CxmlReader.Read(bytes).Document!.Body);
        Assert.Equal(200, response.Status.Code);
        Assert.Equal("https://gw.example/punchout/start/abc?x=1&y=2", Assert.IsType<PunchOutSetupResponse>(response.Payload).StartPageUrl);
    }

    [Fact]
    public void Write_StatusOnlyResponse_IsDtdValidAndKeepsTheDetail()
    {
        var bytes = CxmlWriter.ToBytes(Some.Envelope(new CxmlResponse(CxmlStatus.Of(406, "Line 3: <b> & \"quotes\""))));

        DtdAssert.Valid(bytes);
        var status = Assert.IsType<CxmlResponse>(CxmlReader.Read(bytes).Document!.Body).Status;
        Assert.Equal(new CxmlStatus(406, "Not Acceptable", "Line 3: <b> & \"quotes\""), status);
    }

    [Fact]
    public void Write_PunchOutOrderMessage_IsDtdValidAndRoundTrips()
    {
        var message = Some.OrderMessage();
        var bytes = CxmlWriter.ToBytes(Some.Envelope(new CxmlMessage(message, DeploymentMode: DeploymentMode.Test), Some.Header(secret: null)));

        DtdAssert.Valid(bytes);
        var read = Assert.IsType<CxmlMessage>(CxmlReader.Read(bytes).Document!.Body);
        Assert.Equal(DeploymentMode.Test, read.DeploymentMode);
        var back = Assert.IsType<PunchOutOrderMessage>(read.Payload);
        Assert.Equal(message.BuyerCookie, back.BuyerCookie);
        Assert.Equal(message.Total, back.Total);
        Assert.Equal(message.OperationAllowed, back.OperationAllowed);
        var item = Assert.Single(back.Items);
        Assert.Equal(message.Items[0].ItemId, item.ItemId);
        Assert.Equal(message.Items[0].Quantity, item.Quantity);
        AssertSameDetail(message.Items[0].ItemDetail, item.ItemDetail);
    }

    [Fact]
    public void Write_PunchOutOrderMessage_WithAnExemptTax_IsDtdValidAndRoundTrips()
    {
        var tax = new Tax(new Money(0.00m, "USD"), new Description("Tax exempt: account C-1001", "en"))
        {
            Details = [new TaxDetail("sales", new Money(0.00m, "USD")) { Purpose = "tax", ExemptDetail = "exempt", TaxableAmount = new Money(25.00m, "USD") }],
        };
        var message = Some.OrderMessage() with { Tax = tax };
        var bytes = CxmlWriter.ToBytes(Some.Envelope(new CxmlMessage(message), Some.Header(secret: null)));

        DtdAssert.Valid(bytes);
        Assert.Contains("exemptDetail=\"exempt\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var back = Assert.IsType<PunchOutOrderMessage>(Assert.IsType<CxmlMessage>(CxmlReader.Read(bytes).Document!.Body).Payload);
        StructureAssert.Equal(tax, back.Tax);
    }

    [Fact]
    public void Write_EmptyPunchOutOrderMessage_IsDtdValid()
    {
        var bytes = CxmlWriter.ToBytes(Some.Envelope(new CxmlMessage(Some.OrderMessage() with { Items = [], Total = new Money(0.00m, "USD") }), Some.Header(secret: null)));

        DtdAssert.Valid(bytes);
        Assert.Empty(Assert.IsType<PunchOutOrderMessage>(Assert.IsType<CxmlMessage>(CxmlReader.Read(bytes).Document!.Body).Payload).Items);
    }

    [Fact]
    public void Write_PunchOutSetupRequest_IsDtdValidAndRoundTrips()
    {
        var setup = Some.SetupRequest();
        var bytes = CxmlWriter.ToBytes(Some.Envelope(new CxmlRequest(setup)));

        DtdAssert.Valid(bytes);
        var back = Assert.IsType<PunchOutSetupRequest>(Assert.IsType<CxmlRequest>(CxmlReader.Read(bytes).Document!.Body).Payload);
        Assert.Equal(setup.Operation, back.Operation);
        Assert.Equal(setup.BuyerCookie, back.BuyerCookie);
        Assert.Equal(setup.BrowserFormPostUrl, back.BrowserFormPostUrl);
        Assert.Equal(setup.Extrinsics, back.Extrinsics);
        StructureAssert.Equal(setup.Contacts, back.Contacts);
        Assert.Equal(setup.SupplierSetupUrl, back.SupplierSetupUrl);
        AssertSameAddress(setup.ShipTo!, back.ShipTo!);
        Assert.Equal(setup.SelectedItem, back.SelectedItem);
        Assert.Equal(setup.Items[0].ItemId, back.Items.Single().ItemId);
    }

    [Fact]
    public void Write_OrderRequest_IsDtdValidAndRoundTrips()
    {
        var order = Some.Order();
        var bytes = CxmlWriter.ToBytes(Some.Envelope(new CxmlRequest(order)));

        DtdAssert.Valid(bytes);
        var back = Assert.IsType<OrderRequest>(Assert.IsType<CxmlRequest>(CxmlReader.Read(bytes).Document!.Body).Payload);
        Assert.Equal(order.Header.OrderId, back.Header.OrderId);
        Assert.Equal(order.Header.OrderDate, back.Header.OrderDate);
        Assert.Equal(order.Header.Type, back.Header.Type);
        Assert.Equal(order.Header.OrderType, back.Header.OrderType);
        Assert.Equal(order.Header.OrderVersion, back.Header.OrderVersion);
        Assert.Equal(order.Header.Total, back.Header.Total);
        Assert.Null(back.Header.ShipTo);
        AssertSameAddress(order.Header.BillTo, back.Header.BillTo);
        StructureAssert.Equal(order.Header.Comments, back.Header.Comments);
        Assert.Equal(order.Header.Extrinsics, back.Header.Extrinsics);
        Assert.Equal(2, back.Items.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(order.Items[i].LineNumber, back.Items[i].LineNumber);
            Assert.Equal(order.Items[i].Quantity, back.Items[i].Quantity);
            Assert.Equal(order.Items[i].ItemId, back.Items[i].ItemId);
            Assert.Equal(order.Items[i].RequestedDeliveryDate, back.Items[i].RequestedDeliveryDate);
            StructureAssert.Equal(order.Items[i].Comments, back.Items[i].Comments);
            AssertSameAddress(order.Items[i].ShipTo!, back.Items[i].ShipTo!);
            AssertSameDetail(order.Items[i].ItemDetail!, back.Items[i].ItemDetail!);
        }
    }

    [Fact]
    public void Write_AnyDocument_NamesTheBundledDtdWritesUtf8WithoutBomAndNeverZ()
    {
        var bytes = CxmlWriter.ToBytes(Some.Envelope(new CxmlResponse(CxmlStatus.Ok)) with { Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        var text = Encoding.UTF8.GetString(bytes);

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.069/cXML.dtd\">", text, StringComparison.Ordinal);
        Assert.Contains("timestamp=\"2026-01-01T00:00:00+00:00\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SenderWithoutSecret_WritesNoSharedSecretElement()
    {
        var text = Encoding.UTF8.GetString(CxmlWriter.ToBytes(Some.Envelope(new CxmlMessage(Some.OrderMessage()), Some.Header(secret: null))));

        Assert.DoesNotContain("SharedSecret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ItemWithoutClassification_IsRefusedRatherThanWrittenInvalid()
    {
        var message = Some.OrderMessage() with { Items = [new ItemIn(1, new ItemId("X"), Some.Detail() with { Classifications = [] })] };

        var error = Assert.Throws<InvalidOperationException>(() => CxmlWriter.ToBytes(Some.Envelope(new CxmlMessage(message))));
        Assert.Contains("Classification", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameDetail(ItemDetail expected, ItemDetail actual)
    {
        Assert.Equal(expected.UnitPrice, actual.UnitPrice);
        Assert.Equal(expected.Descriptions, actual.Descriptions);
        Assert.Equal(expected.UnitOfMeasure, actual.UnitOfMeasure);
        Assert.Equal(expected.PriceBasisQuantity, actual.PriceBasisQuantity);
        Assert.Equal(expected.Classifications, actual.Classifications);
        Assert.Equal(expected.ManufacturerPartId, actual.ManufacturerPartId);
        Assert.Equal(expected.ManufacturerName, actual.ManufacturerName);
        Assert.Equal(expected.LeadTimeDays, actual.LeadTimeDays);
        Assert.Equal(expected.Extrinsics, actual.Extrinsics);
    }

    private static void AssertSameAddress(Address expected, Address actual)
    {
        Assert.Equal(expected with { PostalAddress = null }, actual with { PostalAddress = null });
        var (e, a) = (expected.PostalAddress!, actual.PostalAddress!);
        Assert.Equal((e.Name, e.City, e.State, e.PostalCode, e.IsoCountryCode, e.Country), (a.Name, a.City, a.State, a.PostalCode, a.IsoCountryCode, a.Country));
        Assert.Equal(e.DeliverTo, a.DeliverTo);
        Assert.Equal(e.Street, a.Street);
    }
}
