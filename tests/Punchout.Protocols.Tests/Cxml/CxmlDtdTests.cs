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

        Assert.Equal(36, deviation.Line);
        Assert.Contains("BrowserFormPost", deviation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DocumentWithoutDoctype_IsValidatedAsItsTypeWithItsOwnLineNumbers()
    {
        var xml = Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/OrderRequest.xml"))
            .Replace("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.069/cXML.dtd\">\n", string.Empty, StringComparison.Ordinal)
            .Replace("<Comments xml:lang=\"en-US\">", "<Bogus/><Comments xml:lang=\"en-US\">", StringComparison.Ordinal);

        var deviations = CxmlDtd.Validate(Encoding.UTF8.GetBytes(xml));

        Assert.NotEmpty(deviations);
        Assert.All(deviations, d => Assert.Equal((53, 10), (d.Line, d.Position)));
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
