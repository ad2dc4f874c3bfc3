using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.Profile;
using Xunit;

namespace Punchout.Protocols.Tests.Cxml.Conformance;

public sealed class OrderConformanceTests
{
    [Fact]
    public void CoupaOrder_ReadsShippingContactsAndCoupaAccounting_AndWritesBackValid()
    {
        var document = Corpus.Read("coupa-OrderRequest.xml");

        Assert.Equal("1585687161.003309@stg1565utl2.int.coupahost.com", document.PayloadId);
        Assert.Equal("1.2.014", document.DtdVersion);
        Assert.Equal(("NetworkID", "DAN_Coupa"), (document.Header!.Sender.Credentials[0].Domain, document.Header.Sender.Credentials[0].Identity));
        var order = Corpus.Payload<OrderRequest>(document);
        var header = order.Header;
        Assert.Equal(("3309", OrderRequestType.New, OrderType.Regular, 1), (header.OrderId, header.Type, header.OrderType, header.OrderVersion));
        Assert.Equal(new DateTimeOffset(2020, 3, 31, 21, 39, 22, TimeSpan.FromHours(1)), header.OrderDate);
        Assert.Equal(new Money(91.71m, "USD"), header.Total);
        Assert.Equal(("21444", "US", "Network"), (header.ShipTo!.AddressId, header.ShipTo.IsoCountryCode, header.ShipTo.Name));
        Assert.Equal("asdfklajsdfkjl@optisconsulting.com", header.ShipTo.Email);
        Assert.Equal(["Venkat Gunneri"], header.BillTo.PostalAddress!.DeliverTo);
        Assert.Equal(("NY", "10018"), (header.BillTo.PostalAddress.State, header.BillTo.PostalAddress.PostalCode));
        Assert.Equal(new Money(0.0m, "USD"), header.Shipping!.Money);
        Assert.Equal(new Description(string.Empty, "en-US"), header.Shipping.Description);
        var endUser = Assert.Single(header.Contacts);
        Assert.Equal(("endUser", "alksdjfalskjf alk sdjflkj", "asdlfkjasdflkj@optisconsulting.com"), (endUser.Role, endUser.Name, endUser.Email));
        Assert.Equal(new Extrinsic("legacy_po", string.Empty), Assert.Single(header.Extrinsics));
        Assert.Equal(2, order.Items.Count);
        var line = order.Items[0];
        Assert.Equal((1, 1m), (line.LineNumber, line.Quantity));
        Assert.Equal(new ItemId("product:1861", "product-requisition:6236"), line.ItemId);
        Assert.Equal(new Money(8.1m, "USD"), line.ItemDetail!.UnitPrice);
        Assert.Equal("Yogurt Whips, Key Lime Pie, 4oz Cup", line.ItemDetail.Descriptions[0].Text);
        Assert.Equal(new Classification("UNSPSC", "unknown"), Assert.Single(line.ItemDetail.Classifications));
        Assert.Equal(new Extrinsic("LineType", "Quantity"), Assert.Single(line.ItemDetail.Extrinsics));
        var distribution = Assert.Single(line.Distributions);
        Assert.True(distribution.Accounting.LegacySegments);
        Assert.StartsWith("Amounts Invoice to Clients", distribution.Accounting.Name, StringComparison.Ordinal);
        Assert.Equal(
            [("10012", "Main Account (PL/BS)", "MAccount"), ("c50", "Cost Center", "CCentre"), ("B94641", "Profit Center", "PCenter"), ("000384", "Project Code", "PCode")],
            distribution.Accounting.Segments.Select(s => (s.Id, s.Name, s.Description)));
        Assert.Equal(new Money(8.1m, "USD"), distribution.Charge);
        Assert.Equal((2, 9m, new Money(83.61m, "USD")), (order.Items[1].LineNumber, order.Items[1].Quantity, order.Items[1].Distributions[0].Charge));

        Corpus.AssertRoundTrips(document, CxmlDtd.CxmlDtdName);
    }

    [Fact]
    public void GenericOrder_ReadsAttachmentsAndLineComments_AndWritesBackValid()
    {
        var document = Corpus.Read("generic-OrderRequest.xml");

        Assert.Equal(DeploymentMode.Test, Assert.IsType<CxmlRequest>(document.Body).DeploymentMode);
        Assert.Equal(new DateTimeOffset(2000, 10, 12, 18, 39, 9, TimeSpan.FromHours(-8)), document.Timestamp);
        var order = Corpus.Payload<OrderRequest>(document);
        Assert.Equal(("DO1234", OrderRequestType.New), (order.Header.OrderId, order.Header.Type));
        Assert.Equal(new Money(85.00m, "EUR"), order.Header.Total);
        Assert.Equal(("Zinc GmbH", "Solingen", "DE", "Deutschland"), (order.Header.BillTo.Name, order.Header.BillTo.PostalAddress!.City, order.Header.BillTo.PostalAddress.IsoCountryCode, order.Header.BillTo.PostalAddress.Country));
        Assert.Equal(new Phone("49", "DE", "761", "1234567", "company"), order.Header.BillTo.Phone);
        var comment = Assert.Single(order.Header.Comments);
        Assert.Equal(string.Empty, comment.Text);
        Assert.Equal(["delivery-note.pdf"], comment.AttachmentUrls);
        Assert.Equal(2, order.Items.Count);
        Assert.Equal(new DateTimeOffset(2020, 2, 28, 0, 0, 0, TimeSpan.Zero), order.Items[0].RequestedDeliveryDate);
        Assert.Equal((10m, "1233244", 2.10m, "hello from item 1"), (order.Items[0].Quantity, order.Items[0].ItemId.SupplierPartId, order.Items[0].ItemDetail!.UnitPrice.Amount, order.Items[0].ItemDetail!.Descriptions[0].Text));
        Assert.Equal(new Classification("custom", "0"), order.Items[1].ItemDetail!.Classifications[0]);
        var lineComment = Assert.Single(order.Items[1].Comments);
        Assert.Equal(("Test comment", "test"), (lineComment.Text, lineComment.Type));
        Assert.Empty(order.Items[0].Comments);

        Corpus.AssertRoundTrips(document, CxmlDtd.CxmlDtdName);
    }

    [Fact]
    public void ProfileRequest_WithoutDoctype_IsRead_AndWrittenBackValid()
    {
        var document = Corpus.Read("generic-simple-profile-request.xml");

        Assert.Null(document.DtdVersion);
        Assert.Equal(("payload-id", new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)), (document.PayloadId, document.Timestamp));
        Assert.Equal(("AribaNetworkUserId", "admin@acme.com"), (document.Header!.From[0].Domain, document.Header.From[0].Identity));
        Assert.Equal(("DUNS", "012345678"), (document.Header.To[0].Domain, document.Header.To[0].Identity));
        Assert.Equal(("sysadmin@buyer.com", "abracadabra"), (document.Header.Sender.Credentials[0].Identity, document.Header.Sender.Credentials[0].SharedSecret!.Reveal()));
        Assert.Equal("Network Hub 1.1", document.Header.Sender.UserAgent);
        Corpus.Payload<ProfileRequest>(document);

        Corpus.AssertRoundTrips(document, CxmlDtd.CxmlDtdName);
    }
}
