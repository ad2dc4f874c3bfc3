using System.Net;
using System.Net.Sockets;
using System.Text;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.TestSupport;

namespace Punchout.Protocols.Tests.Cxml;

public class CxmlReaderTests
{
    [Fact]
    public void Read_SampleSetupRequest_ReadsEnvelopeHeaderAndRequest()
    {
        var document = Read(Repository.Bytes("samples/cxml/PunchOutSetupRequest.xml"));

        Assert.Equal("1764150000000.demo.setup-0001@procurement.example", document.PayloadId);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(-5)), document.Timestamp);
        Assert.Equal("1.2.069", document.DtdVersion);
        Assert.Equal("en-US", document.Lang);
        var header = document.Header!;
        Assert.Equal(new Credential("NetworkID", "AN01000000001-T"), header.From.Single());
        Assert.Equal("123456789", header.To.Single().Identity);
        Assert.Equal("demo-shared-secret", header.Sender.Credentials.Single().SharedSecret!.Reveal());
        Assert.Equal("Demo Procurement 1.0", header.Sender.UserAgent);
        var request = Assert.IsType<CxmlRequest>(document.Body);
        Assert.Equal(DeploymentMode.Test, request.DeploymentMode);
        var setup = Assert.IsType<PunchOutSetupRequest>(request.Payload);
        Assert.Equal(PunchOutOperation.Create, setup.Operation);
        Assert.Equal("demo-cookie-7f3a9c", setup.BuyerCookie);
        Assert.Equal("https://procurement.example/punchout/cart?session=42", setup.BrowserFormPostUrl);
        Assert.Equal(["UserEmail", "UniqueName", "CostCenter"], setup.Extrinsics.Select(x => x.Name));
        StructureAssert.Equal(new Contact("Jane Buyer", "endUser", "jane.buyer@procurement.example", "en-US"), setup.Contacts.Single());
        Assert.Equal("HQ-01", setup.ShipTo!.AddressId);
        Assert.Equal("Springfield", setup.ShipTo.PostalAddress!.City);
        Assert.Equal(["Jane Buyer"], setup.ShipTo.PostalAddress.DeliverTo);
    }

    [Fact]
    public void Read_SampleOrderRequest_ReadsHeaderAndLines()
    {
        var order = Assert.IsType<OrderRequest>(Assert.IsType<CxmlRequest>(Read(Repository.Bytes("samples/cxml/OrderRequest.xml")).Body).Payload);

        Assert.Equal("DEMO-PO-1001", order.Header.OrderId);
        Assert.Equal(OrderRequestType.New, order.Header.Type);
        Assert.Equal(OrderType.Regular, order.Header.OrderType);
        Assert.Equal(1, order.Header.OrderVersion);
        Assert.Equal(new Money(25.00m, "USD"), order.Header.Total);
        Assert.Equal("Demo Buyer Inc. Accounts Payable", order.Header.BillTo.Name);
        Assert.Equal("Deliver to the loading dock, weekdays 8-16.", Assert.Single(order.Header.Comments).Text);
        Assert.Equal(new Extrinsic("CostCenter", "CC-4100"), order.Header.Extrinsics.Single());
        var line = order.Items.Single();
        Assert.Equal(1, line.LineNumber);
        Assert.Equal(2m, line.Quantity);
        Assert.Equal(new ItemId("DEMO-1001", "cart-line-1"), line.ItemId);
        Assert.Equal(new Money(12.50m, "USD"), line.ItemDetail!.UnitPrice);
        Assert.Equal("EA", line.ItemDetail.UnitOfMeasure);
        Assert.Equal(new Classification("UNSPSC", "44121701"), line.ItemDetail.Classifications.Single());
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.FromHours(-5)), line.RequestedDeliveryDate);
    }

    [Fact]
    public void Read_MalformedXml_ReportsLineAndPosition()
    {
        var error = ReadError(Repository.Bytes("samples/cxml/invalid/malformed.xml"));

        Assert.Equal(CxmlReadErrorKind.Malformed, error.Kind);
        Assert.Equal(29, error.Line);
        Assert.Equal(5, error.Position);
        Assert.Contains("Requst", error.Message, StringComparison.Ordinal);
        Assert.Equal(CxmlStatusCodes.NotAcceptable, error.StatusCode);
    }

    [Fact]
    public void Read_RootThatIsNotCxml_IsRefusedAsNotCxml()
    {
        var error = ReadError("<?xml version=\"1.0\"?>\n<Order payloadID=\"1\" timestamp=\"2026-01-01T00:00:00+00:00\"/>");

        Assert.Equal(CxmlReadErrorKind.NotCxml, error.Kind);
        Assert.Equal((2, 2), (error.Line, error.Position));
    }

    [Fact]
    public void Read_MissingRequiredElement_ReportsElementPathAndPosition()
    {
        var xml = Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/OrderRequest.xml"));
        var start = xml.IndexOf("<BillTo>", StringComparison.Ordinal);
        var end = xml.IndexOf("</BillTo>", StringComparison.Ordinal) + "</BillTo>".Length;

        var error = ReadError(xml[..start] + xml[end..]);

        Assert.Equal(CxmlReadErrorKind.MissingRequired, error.Kind);
        Assert.Contains("BillTo", error.Message, StringComparison.Ordinal);
        Assert.Equal("/cXML/Request/OrderRequest/OrderRequestHeader", error.Path);
        Assert.Equal(25, error.Line);
    }

    [Fact]
    public void Read_SecondOfSeveralLinesBroken_PathNamesTheLine()
    {
        var xml = Encoding.UTF8.GetString(Repository.Bytes("tests/corpus/cxml/coupa-OrderRequest.xml"));
        var second = xml.IndexOf("<ItemOut quantity=\"9\"", StringComparison.Ordinal);
        xml = xml[..second] + xml[second..].Replace("quantity=\"9\"", "quantity=\"nine\"", StringComparison.Ordinal);

        var error = ReadError(xml);

        Assert.Equal(CxmlReadErrorKind.InvalidValue, error.Kind);
        Assert.Equal("/cXML/Request/OrderRequest/ItemOut[2]", error.Path);
    }

    [Fact]
    public void Read_UnparseableTimestamp_IsRefusedAsInvalidValue()
    {
        var error = ReadError(Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/PunchOutSetupRequest.xml")).Replace("2026-11-26T09:00:00-05:00", "yesterday", StringComparison.Ordinal));

        Assert.Equal(CxmlReadErrorKind.InvalidValue, error.Kind);
        Assert.Contains("yesterday", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("operation=\"create\"", "operation=\"create, inspect\"")]
    [InlineData("operation=\"create\"", "operation=\"2\"")]
    [InlineData("operation=\"create\"", "operation=\"purchase\"")]
    public void Read_EnumerationThatIsNoSingleName_IsRefusedAsInvalidValue(string find, string replace)
    {
        var error = ReadError(Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/PunchOutSetupRequest.xml")).Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal(CxmlReadErrorKind.InvalidValue, error.Kind);
        Assert.Equal("/cXML/Request/PunchOutSetupRequest", error.Path);
    }

    [Fact]
    public void Read_EnumerationInAnotherLetterCase_IsAccepted() =>
        Assert.Equal(PunchOutOperation.Edit, Assert.IsType<PunchOutSetupRequest>(Assert.IsType<CxmlRequest>(Read(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/PunchOutSetupRequest.xml")).Replace("operation=\"create\"", "operation=\"Edit\"", StringComparison.Ordinal))).Body).Payload).Operation);

    [Fact]
    public void Read_ExternalDtdAndEntities_AreNeverFetchedNorExpanded()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE cXML SYSTEM "http://127.0.0.1:{port}/cXML.dtd" [
              <!ENTITY leak SYSTEM "http://127.0.0.1:{port}/secret">
              <!ENTITY local SYSTEM "file:///etc/hostname">
            ]>
            <cXML payloadID="1" timestamp="2026-01-01T00:00:00+00:00">
              <Response><Status code="200" text="OK">&leak;&local;</Status></Response>
            </cXML>
            """;

        var result = CxmlReader.Read(Encoding.UTF8.GetBytes(xml));

        Assert.False(listener.Pending(), "The reader opened a connection to the URL the document named.");
        Assert.Equal(CxmlReadErrorKind.Malformed, result.Error!.Kind);
        Assert.Contains("leak", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EntityExpansionBomb_IsRefusedWithoutExpanding()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE cXML [
              <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
              <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
            ]>
            <cXML payloadID="1" timestamp="2026-01-01T00:00:00+00:00"><Response><Status code="200" text="OK">&d;&d;&d;&d;</Status></Response></cXML>
            """;

        Assert.Equal(CxmlReadErrorKind.Malformed, ReadError(xml).Kind);
    }

    [Fact]
    public void Read_NestingDeeperThanTheLimit_IsRefusedAsTooDeep()
    {
        var xml = "<cXML payloadID=\"1\" timestamp=\"2026-01-01T00:00:00+00:00\"><Response><Status code=\"200\" text=\"OK\"/>"
            + string.Concat(Enumerable.Repeat("<x>", 100)) + string.Concat(Enumerable.Repeat("</x>", 100)) + "</Response></cXML>";

        var error = ReadError(xml);

        Assert.Equal(CxmlReadErrorKind.TooDeep, error.Kind);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Read_LargerThanTheLimit_IsRefusedAsTooLarge()
    {
        var result = CxmlReader.Read(Repository.Bytes("samples/cxml/OrderRequest.xml"), new CxmlReaderOptions { MaxCharacters = 1000 });

        Assert.Equal(CxmlReadErrorKind.TooLarge, result.Error!.Kind);
        Assert.Equal(CxmlStatusCodes.DocumentTooLarge, result.Error.StatusCode);
    }

    [Fact]
    public void Read_Iso88591Declared_DecodesTheText()
    {
        var xml = Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/PunchOutSetupRequest.xml"))
            .Replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"", StringComparison.Ordinal)
            .Replace("<Name xml:lang=\"en-US\">Jane Buyer</Name>", "<Name xml:lang=\"de-DE\">Jürgen Müller</Name>", StringComparison.Ordinal);

        var setup = Assert.IsType<PunchOutSetupRequest>(Assert.IsType<CxmlRequest>(Read(Encoding.Latin1.GetBytes(xml)).Body).Payload);

        Assert.Equal("Jürgen Müller", setup.Contacts.Single().Name);
    }

    [Fact]
    public void Read_Utf8WithByteOrderMark_IsAccepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Repository.Bytes("samples/cxml/OrderRequest.xml")).ToArray();

        Assert.IsType<OrderRequest>(Assert.IsType<CxmlRequest>(Read(bytes).Body).Payload);
    }

    [Fact]
    public void Read_DocumentWithoutDoctype_IsAccepted()
    {
        var document = Read(Repository.Bytes("tests/corpus/cxml/network-ConfirmationRequest.xml"));

        Assert.Null(document.DtdVersion);
        Assert.Equal("ConfirmationRequest", Assert.IsType<CxmlRequest>(document.Body).Payload.RequestName);
    }

    [Fact]
    public void Read_CoupaSetupRequest_ReadsOldTimestampAndMisorderedContact()
    {
        var document = Read(Repository.Bytes("tests/corpus/cxml/coupa-PunchOutSetupRequest.xml"));

        Assert.Equal(new DateTimeOffset(2008, 5, 19, 18, 29, 48, TimeSpan.Zero), document.Timestamp);
        Assert.Equal("1.2.014", document.DtdVersion);
        var setup = Assert.IsType<PunchOutSetupRequest>(Assert.IsType<CxmlRequest>(document.Body).Payload);
        Assert.Equal("https://qa.coupahost.com/punchout/checkout/4", setup.BrowserFormPostUrl);
        Assert.Equal("noah+jim@coupa.com", setup.Contacts.Single().Email);
        Assert.Equal(6, setup.Extrinsics.Count);
    }

    [Fact]
    public void Read_LowerCaseRootAndWhitespaceInCookie_AreAcceptedAndTheCookieKeptAsSent()
    {
        var document = Read(Repository.Bytes("tests/corpus/cxml/generic-PunchOutOrderMessage-GBP.xml"));

        var message = Assert.IsType<PunchOutOrderMessage>(Assert.IsType<CxmlMessage>(document.Body).Payload);
        Assert.Equal("\n          example_buyer_cookie\n        ", message.BuyerCookie);
        Assert.Equal(new Money(5.35m, "GBP"), message.Total);
        Assert.Equal(OperationAllowed.Create, message.OperationAllowed);
        Assert.Empty(message.Items);
    }

    [Fact]
    public void Read_DoctypeHostSpeltWithCapitals_ReadsTheVersion()
    {
        Assert.Equal("1.2.050", Read(Repository.Bytes("tests/corpus/cxml/generic-OrderRequest.xml")).DtdVersion);
    }

    public static TheoryData<string> CorpusFiles() =>
        [.. Directory.GetFiles(Repository.PathOf("tests/corpus/cxml"), "*.xml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Read_EveryCorpusDocument_IsReadWithoutError(string file)
    {
        var result = CxmlReader.Read(Repository.Bytes($"tests/corpus/cxml/{file}"));

        Assert.True(result.Error is null, $"{file}: {result.Error}");
        Assert.False(string.IsNullOrWhiteSpace(result.Document!.PayloadId));
    }

    private static CxmlEnvelope Read(byte[] bytes)
    {
        var result = CxmlReader.Read(bytes);
        Assert.True(result.Error is null, result.Error?.ToString());
        return result.Document!;
    }

    private static CxmlReadError ReadError(string xml) => ReadError(Encoding.UTF8.GetBytes(xml));

    private static CxmlReadError ReadError(byte[] bytes)
    {
        var result = CxmlReader.Read(bytes);
        Assert.Null(result.Document);
        return result.Error!;
    }
}
