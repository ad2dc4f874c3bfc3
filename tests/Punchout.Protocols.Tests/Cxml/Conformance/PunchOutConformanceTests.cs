using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.PunchOut;
using Xunit;

namespace Punchout.Protocols.Tests.Cxml.Conformance;

public sealed class PunchOutConformanceTests
{
    [Fact]
    public void GenericSetupRequest_ReadsEveryField_AndWritesBackValid()
    {
        var document = Corpus.Read("generic-PunchOutSetupRequest.xml");

        Assert.Equal("933695160890", document.PayloadId);
        Assert.Equal(new DateTimeOffset(2023, 1, 23, 16, 0, 6, TimeSpan.FromHours(-1)), document.Timestamp);
        Assert.Equal("1.2.050", document.DtdVersion);
        Assert.Equal(DeploymentMode.Test, Assert.IsType<CxmlRequest>(document.Body).DeploymentMode);
        var sender = Assert.Single(document.Header!.Sender.Credentials);
        Assert.Equal(("NetworkId", "inbound@prominate-platform.com", "s3cr3t"), (sender.Domain, sender.Identity, sender.SharedSecret!.Reveal()));
        Assert.Equal("Workchairs cXML Application", document.Header.Sender.UserAgent);
        Assert.Equal("supplier@supplier.com", Assert.Single(document.Header.To).Identity);

        var setup = Corpus.Payload<PunchOutSetupRequest>(document);
        Assert.Equal(PunchOutOperation.Create, setup.Operation);
        Assert.Equal("550bce3e592023b2e7b015307f965133", setup.BuyerCookie);
        Assert.Equal(new Extrinsic("UserEmail", "john-doe@domain.com"), Assert.Single(setup.Extrinsics));
        Assert.Equal("https://prominate-platform.com/hook-url", setup.BrowserFormPostUrl);
        Assert.Equal("http://workchairs.com/cxml", setup.SupplierSetupUrl);
        var shipTo = setup.ShipTo!;
        Assert.Equal(("Acme", "en"), (shipTo.Name, shipTo.NameLang));
        Assert.Equal("default", shipTo.PostalAddress!.Name);
        Assert.Equal(["Joe Smith", "Mailstop M-543"], shipTo.PostalAddress.DeliverTo);
        Assert.Equal(["123 Anystreet"], shipTo.PostalAddress.Street);
        Assert.Equal(("Sunnyvale", "CA", "90489", "US", "United States"), (shipTo.PostalAddress.City, shipTo.PostalAddress.State, shipTo.PostalAddress.PostalCode, shipTo.PostalAddress.IsoCountryCode, shipTo.PostalAddress.Country));
        Assert.Equal(new Phone("1", "US", "800", "5551212", "personal"), shipTo.Phone);
        Assert.Equal(new ItemId("4545321", null, "II99825"), setup.SelectedItem);
        Assert.Equal(2, setup.Items.Count);
        var first = setup.Items[0];
        Assert.Equal((2m, 10), (first.Quantity, first.LineNumber));
        Assert.Equal(new DateTimeOffset(2023, 1, 23, 16, 0, 6, TimeSpan.FromHours(-1)), first.RequestedDeliveryDate);
        Assert.Equal(new ItemId("5555"), first.ItemId);
        Assert.Equal(new Money(763.20m, "EUR"), first.ItemDetail!.UnitPrice);
        Assert.Equal(new Description(string.Empty, "en", "Excelsior Desk Chair"), Assert.Single(first.ItemDetail.Descriptions));
        Assert.Equal("EA", first.ItemDetail.UnitOfMeasure);
        Assert.Equal(new Classification("UNSPSC", "ean1234"), Assert.Single(first.ItemDetail.Classifications));
        Assert.Equal((1m, 20, "6666", 764.20m), (setup.Items[1].Quantity, setup.Items[1].LineNumber, setup.Items[1].ItemId.SupplierPartId, setup.Items[1].ItemDetail!.UnitPrice.Amount));

        Corpus.AssertRoundTrips(document, CxmlDtd.CxmlDtdName);
    }

    [Fact]
    public void CoupaSetupRequest_WithOldTimestampAndContactBeforeFormPost_IsReadAndWrittenInDtdOrder()
    {
        var document = Corpus.Read("coupa-PunchOutSetupRequest.xml");

        Assert.Equal("1211221788.71299@ip-10-251-122-83", document.PayloadId);
        Assert.Equal(new DateTimeOffset(2008, 5, 19, 18, 29, 48, TimeSpan.Zero), document.Timestamp);
        Assert.Equal("1.2.014", document.DtdVersion);
        Assert.Equal(DeploymentMode.Production, Assert.IsType<CxmlRequest>(document.Body).DeploymentMode);
        Assert.Equal(("DUNS", "coupa-t"), (document.Header!.From[0].Domain, document.Header.From[0].Identity));
        Assert.Equal("Coupa Procurement 1.0", document.Header.Sender.UserAgent);
        var setup = Corpus.Payload<PunchOutSetupRequest>(document);
        Assert.Equal("c64af92dc27e68172e030d3dfd1bc944", setup.BuyerCookie);
        Assert.Equal(
            [("FirstName", "Jim"), ("LastName", "Halpert"), ("UniqueName", "jim"), ("UserEmail", "noah+jim@coupa.com"), ("User", "jim"), ("BusinessUnit", "COUPA")],
            setup.Extrinsics.Select(x => (x.Name, x.Value)));
        var contact = Assert.Single(setup.Contacts);
        Assert.Equal(("jim", "endUser", "noah+jim@coupa.com", "en-US"), (contact.Name, contact.Role, contact.Email, contact.NameLang));
        Assert.Equal("https://qa.coupahost.com/punchout/checkout/4", setup.BrowserFormPostUrl);
        Assert.Null(setup.ShipTo);
        Assert.Empty(setup.Items);

        var written = System.Text.Encoding.UTF8.GetString(CxmlWriter.ToBytes(document));
        Assert.True(written.IndexOf("<BrowserFormPost>", StringComparison.Ordinal) < written.IndexOf("<Contact", StringComparison.Ordinal), "the writer puts BrowserFormPost before Contact, as the DTD says");
        Corpus.AssertRoundTrips(document, CxmlDtd.CxmlDtdName);
    }

    [Fact]
    public void GenericCart_ReadsEveryField_AndWritesBackValid()
    {
        var document = Corpus.Read("generic-PunchoutOrderMessage.xml");

        Assert.Equal("1.2.050", document.DtdVersion);
        Assert.Equal(("workchairs.com", "website 1"), (document.Header!.Sender.Credentials[0].Domain, document.Header.Sender.Credentials[0].Identity));
        Assert.Null(document.Header.Sender.Credentials[0].SharedSecret);
        var message = Assert.IsType<CxmlMessage>(document.Body);
        Assert.Null(message.Status);
        var cart = Assert.IsType<PunchOutOrderMessage>(message.Payload);
        Assert.Equal("1CX3L4843PPZO", cart.BuyerCookie);
        Assert.Equal(OperationAllowed.Create, cart.OperationAllowed);
        Assert.Equal(QuoteStatus.Final, cart.QuoteStatus);
        Assert.Equal(new Money(763.20m, "USD"), cart.Total);
        Assert.Equal(2, cart.Items.Count);
        Assert.Equal(3m, cart.Items[0].Quantity);
        Assert.Equal(new ItemId("5555", null, "KD5555"), cart.Items[0].ItemId);
        Assert.Equal(new Description(string.Empty, "en", "Excelsior Desk Chair"), Assert.Single(cart.Items[0].ItemDetail.Descriptions));
        Assert.Equal((5m, "666", "KD666", "22Excelsior Desk Chair"), (cart.Items[1].Quantity, cart.Items[1].ItemId.SupplierPartId, cart.Items[1].ItemId.BuyerPartId, cart.Items[1].ItemDetail.Descriptions[0].ShortName));

        Corpus.AssertRoundTrips(document, CxmlDtd.CxmlDtdName);
    }

    [Fact]
    public void AdvancedPricingCart_KeepsPriceBasisQuantityWithItsDescription()
    {
        var document = Corpus.Read("generic-PunchoutOrderMessageAdvancedPricing.xml");

        var cart = Assert.IsType<PunchOutOrderMessage>(Assert.IsType<CxmlMessage>(document.Body).Payload);
        Assert.Equal(new Money(104.99m, "USD"), cart.Total);
        var line = Assert.Single(cart.Items);
        Assert.Equal(2m, line.Quantity);
        Assert.Equal(new Money(104.99m, "USD"), line.ItemDetail.UnitPrice);
        Assert.Equal(
            new PriceBasisQuantity(2m, 0.5m, "BOX", new Description("1 Box is 2 EA and the unit price is for 2", "en")),
            line.ItemDetail.PriceBasisQuantity);

        Corpus.AssertRoundTrips(document, CxmlDtd.CxmlDtdName);
    }

    [Fact]
    public void LowerCaseRootEmptyCart_IsReadAsACancel_AndWrittenWithACxmlRoot()
    {
        var document = Corpus.Read("generic-PunchOutOrderMessage-GBP.xml");

        Assert.Null(document.DtdVersion);
        Assert.Equal("1346769469000.process.162998590@officedepot.com", document.PayloadId);
        Assert.Equal(new DateTimeOffset(2012, 9, 4, 2, 37, 49, TimeSpan.FromHours(-5)), document.Timestamp);
        Assert.Equal(("NetworkID", "AN01000000147"), (document.Header!.From[0].Domain, document.Header.From[0].Identity));
        Assert.Equal("IESAonlinevers1", document.Header.Sender.UserAgent);
        var cart = Assert.IsType<PunchOutOrderMessage>(Assert.IsType<CxmlMessage>(document.Body).Payload);
        Assert.Equal("\n          example_buyer_cookie\n        ", cart.BuyerCookie);
        Assert.Equal(new Money(5.35m, "GBP"), cart.Total);
        Assert.Empty(cart.Items);

        Corpus.AssertRoundTrips(document, CxmlDtd.CxmlDtdName);
        Assert.Contains("<cXML ", System.Text.Encoding.UTF8.GetString(CxmlWriter.ToBytes(document)), StringComparison.Ordinal);
    }

    [Fact]
    public void SetupResponse_ReadsStatusAndStartPage_AndWritesBackValid()
    {
        var document = Corpus.Read("generic-Response-200.xml");

        Assert.Null(document.Header);
        var response = Assert.IsType<CxmlResponse>(document.Body);
        Assert.Equal((200, "OK"), (response.Status.Code, response.Status.Text));
        Assert.Equal(new PunchOutSetupResponse("http://localhost:3000/products"), response.Payload);

        Corpus.AssertRoundTrips(document, CxmlDtd.CxmlDtdName);
    }
}
