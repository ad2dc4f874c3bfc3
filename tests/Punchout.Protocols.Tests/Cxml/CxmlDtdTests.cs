using System.Net;
using System.Net.Sockets;
using System.Text;
using Punchout.Protocols.Cxml;
using Punchout.TestSupport;

namespace Punchout.Protocols.Tests.Cxml;

public class CxmlDtdTests
{
    [Theory]
    [InlineData("samples/cxml/PunchOutSetupRequest.xml")]
    [InlineData("samples/cxml/OrderRequest.xml")]
    [InlineData("tests/corpus/cxml/generic-PunchOutSetupRequest.xml")]
    public void Validate_ValidDocuments_HaveNoDeviation(string file) =>
        Assert.Empty(CxmlDtd.Validate(Repository.Bytes(file)));

    [Fact]
    public void Validate_CoupaSetupRequest_ReportsContactBeforeBrowserFormPost()
    {
        var deviation = Assert.Single(CxmlDtd.Validate(Repository.Bytes("tests/corpus/cxml/coupa-PunchOutSetupRequest.xml")));

        Assert.Equal((24, 2), (deviation.Line, deviation.Position));
        Assert.Contains("'PunchOutSetupRequest' has invalid child element 'BrowserFormPost'", deviation.Message, StringComparison.Ordinal);
        Assert.EndsWith("(line 36, position 2)", deviation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StartTagsOverSeveralLines_ArePlacedWhereXmllintPlacesThem()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.069/cXML.dtd">
            <cXML payloadID="1"
              timestamp="x"
              bogus="1"
              >
              <Response><Status code="200"
                text="OK" /><Foo/>
              </Response>
              <Header
              ></Header>
            </cXML>
            """;

        var deviations = CxmlDtd.Validate(Encoding.UTF8.GetBytes(xml));

        // xmllint --dtdvalid: cXML content and attribute bogus on 6, Response content on 7, Foo on 8, Header content on 11.
        Assert.Equal([6, 7, 8, 11], deviations.Select(d => d.Line).Distinct().Order());
        Assert.Contains(deviations, d => (d.Line, d.Position) == (11, 3) && d.Message.Contains("'Header' has incomplete content", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DoctypeNamingAnotherCxmlDtd_IsValidatedAgainstTheDtdOfItsType()
    {
        var xml = Encoding.UTF8.GetString(Repository.Bytes("tests/corpus/cxml/generic-ShipNoticeRequest.xml"))
            .Replace("/Fulfill.dtd", "/cXML.dtd", StringComparison.Ordinal);

        Assert.Empty(CxmlDtd.Validate(Encoding.UTF8.GetBytes(xml)));
    }

    [Fact]
    public void Validate_DocumentWithoutDoctype_IsValidatedAsItsTypeWithItsOwnLineNumbers()
    {
        var xml = Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/OrderRequest.xml"))
            .Replace("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.069/cXML.dtd\">\n", string.Empty, StringComparison.Ordinal)
            .Replace("<Comments xml:lang=\"en-US\">", "<Bogus/><Comments xml:lang=\"en-US\">", StringComparison.Ordinal);

        var deviations = CxmlDtd.Validate(Encoding.UTF8.GetBytes(xml));

        Assert.Equal(
            [(24, 8, "The element 'OrderRequestHeader' has invalid child element 'Bogus'."), (53, 10, "The 'Bogus' element is not declared.")],
            deviations.Select(d => (d.Line, d.Position, d.Message[..(d.Message.IndexOf('.', StringComparison.Ordinal) + 1)])).Order());
        Assert.All(deviations, d => Assert.Contains("Bogus", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DoctypeNamingAnotherHost_IsReportedAndNotFetched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var xml = Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/OrderRequest.xml"))
            .Replace("http://xml.cxml.org/schemas/cXML/1.2.069/cXML.dtd", $"http://127.0.0.1:{port}/cXML.dtd", StringComparison.Ordinal);

        var deviations = CxmlDtd.Validate(Encoding.UTF8.GetBytes(xml));

        Assert.False(listener.Pending());
        Assert.Contains(deviations, d => d.Message.Contains("nothing is fetched", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tests/corpus/cxml/generic-ShipNoticeRequest.xml", CxmlDtd.FulfillDtdName)]
    [InlineData("tests/corpus/cxml/network-ConfirmationRequest.xml", CxmlDtd.FulfillDtdName)]
    [InlineData("tests/corpus/cxml/coupa-InvoiceDetailRequest.xml", CxmlDtd.InvoiceDetailDtdName)]
    [InlineData("samples/cxml/OrderRequest.xml", CxmlDtd.CxmlDtdName)]
    public void DtdNameFor_Document_NamesTheDtdOfItsType(string file, string dtd) =>
        Assert.Equal(dtd, CxmlDtd.DtdNameFor(Repository.Bytes(file)));
}
