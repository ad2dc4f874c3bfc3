using System.Text;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.TestSupport;

namespace Punchout.Protocols.Tests.Cxml;

/// <summary>What buyers send beyond the corpus: stray white space before the declaration, Windows code pages; and
/// what the reader must refuse or keep quiet about: a second body, a body in a namespace, a secret that breaks the XML.</summary>
public sealed class CxmlReaderEdgeTests
{
    private static string Sample => Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/PunchOutSetupRequest.xml"));

    [Fact]
    public void WhiteSpaceBeforeTheDeclaration_IsAccepted_AndLinesKeepTheirNumbers()
    {
        var broken = "\n\n  " + Sample.Replace("<BuyerCookie>demo-cookie-7f3a9c</BuyerCookie>", string.Empty, StringComparison.Ordinal);

        Assert.Equal("demo-cookie-7f3a9c", Setup(Encoding.UTF8.GetBytes("\r\n " + Sample)).BuyerCookie);
        var error = CxmlReader.Read(Encoding.UTF8.GetBytes(broken)).Error!;
        Assert.Equal(CxmlReadErrorKind.MissingRequired, error.Kind);
        Assert.Equal(26, error.Line);
    }

    [Fact]
    public void Windows1252Declared_DecodesTheText()
    {
        var xml = Sample.Replace("encoding=\"UTF-8\"", "encoding=\"windows-1252\"", StringComparison.Ordinal)
            .Replace("<Name xml:lang=\"en-US\">Jane Buyer</Name>", "<Name xml:lang=\"fr-FR\">Zoë – 5 €</Name>", StringComparison.Ordinal);
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(xml);

        Assert.Contains((byte)0x80, bytes); // the euro sign, as windows-1252 spells it
        Assert.Equal("Zoë – 5 €", Setup(bytes).Contacts.Single().Name);
    }

    [Fact]
    public void SecondBody_IsRefusedAsUnexpected()
    {
        var request = Sample[Sample.IndexOf("<Request", StringComparison.Ordinal)..(Sample.IndexOf("</Request>", StringComparison.Ordinal) + "</Request>".Length)];
        var twice = Sample.Replace(request, request + request, StringComparison.Ordinal);

        var error = CxmlReader.Read(Encoding.UTF8.GetBytes(twice)).Error!;

        Assert.Equal(CxmlReadErrorKind.Unexpected, error.Kind);
        Assert.Equal(CxmlStatusCodes.NotAcceptable, error.StatusCode);
        Assert.Equal("/cXML/Request[2]", error.Path);
    }

    [Fact]
    public void BodyInANamespace_IsRefusedEvenAlone()
    {
        var error = CxmlReader.Read(Encoding.UTF8.GetBytes(Sample.Replace("<Request ", "<Request xmlns=\"urn:other\" ", StringComparison.Ordinal))).Error!;

        Assert.Equal(CxmlReadErrorKind.Unexpected, error.Kind);
        Assert.Contains("urn:other", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo-shared-secret&TOPSECRET;")]
    [InlineData("demo<3shared-secret")]
    [InlineData("demo-shared-secret&")]
    public void SecretThatBreaksTheXml_IsRefusedWithoutQuotingIt(string secret)
    {
        var error = CxmlReader.Read(Encoding.UTF8.GetBytes(Sample.Replace("demo-shared-secret", secret, StringComparison.Ordinal))).Error!;

        Assert.Equal(CxmlReadErrorKind.Malformed, error.Kind);
        Assert.Contains("inside a SharedSecret or CredentialMac", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("'3'", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(18, error.Line);
    }

    [Fact]
    public void MalformedElsewhere_StillSaysWhatIsWrong()
    {
        var error = CxmlReader.Read(Encoding.UTF8.GetBytes(Sample.Replace("<UserAgent>", "<UserAgent>&NOTSECRET;", StringComparison.Ordinal))).Error!;

        Assert.Contains("NOTSECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialMac_NeverPrintsItsValue()
    {
        var credential = new Credential("NetworkID", "AN01", Mac: new CredentialMac("FromSenderCredentials", "HMAC-SHA1-96", "2026-11-26T10:00:00+00:00", "2026-11-27T10:00:00+00:00", "cR6Jpz58nriXERDN"));

        Assert.DoesNotContain("cR6Jpz58nriXERDN", credential.ToString(), StringComparison.Ordinal);
        Assert.Contains("HMAC-SHA1-96", credential.ToString(), StringComparison.Ordinal);
    }

    private static PunchOutSetupRequest Setup(byte[] bytes)
    {
        var result = CxmlReader.Read(bytes);
        Assert.True(result.Error is null, result.Error?.ToString());
        return Assert.IsType<PunchOutSetupRequest>(Assert.IsType<CxmlRequest>(result.Document!.Body).Payload);
    }
}
