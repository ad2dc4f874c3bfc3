using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Signatures;
using Punchout.TestSupport;

namespace Punchout.Protocols.Tests.Signatures;

public sealed class CxmlSignatureTests : IDisposable
{
    private readonly X509Certificate2 signer = TestCertificates.SelfSigned("Buyer Signer");
    private readonly X509Certificate2 stranger = TestCertificates.SelfSigned("Someone Else");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Verify_SignedByTrustedCertificate_IsVerified(bool withXades)
    {
        var check = CxmlSignatureVerifier.Verify(Signed(withXades), [signer]);

        Assert.Equal(CxmlSignatureStatus.Verified, check.Status);
        Assert.Equal(200, check.StatusCode);
    }

    [Fact]
    public void Sign_Document_FollowsTheCxmlLayoutAndStaysReadable()
    {
        var signed = Signed();
        var text = Encoding.UTF8.GetString(signed);

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE cXML SYSTEM", text.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<Request deploymentMode=\"test\" Id=\"cXMLData\">", text, StringComparison.Ordinal);
        Assert.Contains("</Request><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"cXMLSignature\">", text, StringComparison.Ordinal);
        Assert.Contains("<ds:Object><cXMLSignedInfo Id=\"cXMLSignedInfo\" signatureVersion=\"1.0\" payloadID=\"1764150000000.demo.setup-0001@procurement.example\" /></ds:Object>", text, StringComparison.Ordinal);
        var read = CxmlReader.Read(signed);
        Assert.Null(read.Error);
        Assert.True(read.Document!.HasSignature);
        Assert.Equal("1.0", read.Document.SignatureVersion);
    }

    [Fact]
    public void Verify_Unsigned_IsMissing475() =>
        Assert.Equal(475, CxmlSignatureVerifier.Verify(Unsigned(), [signer]).StatusCode);

    [Fact]
    public void Verify_BodyChangedAfterSigning_DoesNotVerify476()
    {
        var tampered = Replace(Signed(), "<BuyerCookie>demo-cookie-7f3a9c</BuyerCookie>", "<BuyerCookie>evil-cookie</BuyerCookie>");

        var check = CxmlSignatureVerifier.Verify(tampered, [signer]);

        Assert.Equal(CxmlSignatureStatus.DoesNotVerify, check.Status);
        Assert.Equal(476, check.StatusCode);
    }

    [Fact]
    public void Verify_CxmlSignedInfoChangedAfterSigning_DoesNotVerify476()
    {
        var tampered = Replace(Signed(), "payloadID=\"1764150000000.demo.setup-0001@procurement.example\"", "payloadID=\"replayed@procurement.example\"");

        Assert.Equal(476, CxmlSignatureVerifier.Verify(tampered, [signer]).StatusCode);
    }

    [Fact]
    public void Verify_SignedByACertificateNotTrusted_IsUnacceptable477()
    {
        var check = CxmlSignatureVerifier.Verify(Signed(), [stranger]);

        Assert.Equal(CxmlSignatureStatus.Unacceptable, check.Status);
        Assert.Equal(477, check.StatusCode);
        Assert.Contains("not trusted", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RootPayloadIdNotTheSignedOne_IsUnacceptable477()
    {
        // The root's attributes are not digested: cXMLSignedInfo is what binds the payloadID to the signature.
        var signed = Encoding.UTF8.GetString(Signed());
        var rootChanged = new StringBuilder(signed).Replace("<cXML payloadID=\"1764150000000.demo.setup-0001@procurement.example\"", "<cXML payloadID=\"other@procurement.example\"").ToString();
        Assert.NotEqual(signed, rootChanged);

        var check = CxmlSignatureVerifier.Verify(Encoding.UTF8.GetBytes(rootChanged), [signer]);

        Assert.Equal(477, check.StatusCode);
        Assert.Contains("payloadID", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignedBodyCopiedAwayAndRealBodyChanged_IsRefusedAsDuplicateId()
    {
        // Wrapping attack: the signed body is kept in a ds:Object, where a naive resolver would find Id="cXMLData",
        // while the root carries another body with the same Id.
        var check = CxmlSignatureVerifier.Verify(Wrapped(Signed(), realBodyKeepsId: true), [signer]);

        Assert.Equal(477, check.StatusCode);
        Assert.Contains("appears 2 times", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignedBodyMovedAwayAndRealBodyWithoutId_IsUnacceptable()
    {
        var check = CxmlSignatureVerifier.Verify(Wrapped(Signed(), realBodyKeepsId: false), [signer]);

        Assert.Equal(477, check.StatusCode);
        Assert.Contains("Id=\"cXMLData\"", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ReferenceToSomethingElse_IsUnacceptable()
    {
        var tampered = Replace(Signed(withXades: false), "URI=\"#cXMLData\"", "URI=\"#cXMLSignature\"");

        var check = CxmlSignatureVerifier.Verify(tampered, [signer]);

        Assert.Equal(477, check.StatusCode);
        Assert.Contains("must reference exactly", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CxmlSignedInfoMissing_IsUnacceptable()
    {
        var tampered = Replace(Signed(withXades: false), "<cXMLSignedInfo Id=\"cXMLSignedInfo\"", "<cXMLSignedInfo Id=\"elsewhere\"");

        Assert.Equal(477, CxmlSignatureVerifier.Verify(tampered, [signer]).StatusCode);
    }

    [Fact]
    public void Verify_ResignedWithTheSignersAlgorithms_IsVerified()
    {
        // Guards the helper the tests below use: what they change is the one thing wrong with their signature.
        var check = CxmlSignatureVerifier.Verify(Resigned(), [signer]);

        Assert.Equal(CxmlSignatureStatus.Verified, check.Status);
    }

    [Fact]
    public void Verify_RsaSha1SignatureMethod_IsUnacceptable477()
    {
        var check = CxmlSignatureVerifier.Verify(Resigned(signatureMethod: SignedXml.XmlDsigRSASHA1Url), [signer]);

        Assert.Equal(477, check.StatusCode);
        Assert.Contains($"signature method {SignedXml.XmlDsigRSASHA1Url} is not accepted", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_Sha1DigestMethod_IsUnacceptable477()
    {
        var check = CxmlSignatureVerifier.Verify(Resigned(digestMethod: SignedXml.XmlDsigSHA1Url), [signer]);

        Assert.Equal(477, check.StatusCode);
        Assert.Contains($"digest method {SignedXml.XmlDsigSHA1Url}", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TransformOnTheBodyReference_IsUnacceptable477()
    {
        // Exclusive C14N is accepted on the XAdES reference, never on the cXML ones.
        var check = CxmlSignatureVerifier.Verify(Resigned(dataTransform: new XmlDsigExcC14NTransform()), [signer]);

        Assert.Equal(477, check.StatusCode);
        Assert.Contains("#cXMLData must have no transforms", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CxmlSignedInfoSignatureVersionNotTheDocuments_IsUnacceptable477()
    {
        var check = CxmlSignatureVerifier.Verify(Resigned(edit: root => CxmlSignedInfo(root).SetAttribute("signatureVersion", "1.1")), [signer]);

        Assert.Equal(477, check.StatusCode);
        Assert.Contains("cXMLSignedInfo names signatureVersion '1.1', but the document '1.0'", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UnsupportedSignatureVersionOnBoth_IsUnacceptable477()
    {
        var check = CxmlSignatureVerifier.Verify(
            Resigned(edit: root =>
            {
                root.SetAttribute("signatureVersion", "2.0");
                CxmlSignedInfo(root).SetAttribute("signatureVersion", "2.0");
            }),
            [signer]);

        Assert.Equal(477, check.StatusCode);
        Assert.Contains("signatureVersion '2.0' is not supported", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_DecoyBodyInAnotherNamespaceBeforeTheSignedOne_IsUnacceptable477()
    {
        // A reader matching by local name could take the unsigned decoy for the body; the signature covers the other.
        var decoy = Replace(Signed(), "<Request deploymentMode=\"test\" Id=\"cXMLData\">", "<Request xmlns=\"urn:decoy\" deploymentMode=\"test\"><PunchOutSetupRequest operation=\"create\"><BuyerCookie>evil-cookie</BuyerCookie></PunchOutSetupRequest></Request><Request deploymentMode=\"test\" Id=\"cXMLData\">");

        var check = CxmlSignatureVerifier.Verify(decoy, [signer]);

        Assert.Equal(CxmlSignatureStatus.Unacceptable, check.Status);
        Assert.Equal(477, check.StatusCode);
        Assert.Contains("2 Request, Response or Message elements", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NotXml_IsUnacceptableAndDoesNotThrow() =>
        Assert.Equal(477, CxmlSignatureVerifier.Verify("<cXML><Request>"u8.ToArray(), [signer]).StatusCode);

    [Fact]
    public void Verify_DocumentWithExternalEntity_NeverFetchesIt()
    {
        var withEntity = Replace(Signed(), "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.069/cXML.dtd\">", "<!DOCTYPE cXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>");
        withEntity = Replace(withEntity, "<BuyerCookie>demo-cookie-7f3a9c</BuyerCookie>", "<BuyerCookie>&x;</BuyerCookie>");

        Assert.NotEqual(CxmlSignatureStatus.Verified, CxmlSignatureVerifier.Verify(withEntity, [signer]).Status);
    }

    [Fact]
    public void TrustedCertificate_PemOrBase64Der_IsTheCertificate()
    {
        var pem = signer.ExportCertificatePem();

        Assert.Equal(signer.Thumbprint, TrustedCertificate.Parse(pem)?.Thumbprint);
        Assert.Equal(signer.Thumbprint, TrustedCertificate.Parse(TestCertificates.Base64(signer))?.Thumbprint);
        Assert.Null(TrustedCertificate.Parse("not a certificate"));
        Assert.Null(TrustedCertificate.Parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));
    }

    public void Dispose()
    {
        signer.Dispose();
        stranger.Dispose();
    }

    private static byte[] Unsigned() => Repository.Bytes("samples/cxml/PunchOutSetupRequest.xml");

    private byte[] Signed(bool withXades = true) => CxmlSigner.Sign(Unsigned(), signer, Some.Now, withXades);

    private static byte[] Replace(byte[] document, string find, string replace)
    {
        var text = Encoding.UTF8.GetString(document);
        Assert.Contains(find, text, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal));
    }

    private static XmlElement CxmlSignedInfo(XmlElement root) => (XmlElement)root.SelectSingleNode("//cXMLSignedInfo")!;

    // The signer's document (without XAdES) after edit, its ds:SignedInfo built again by SignedXml with these algorithms
    // and signed again, so that everything but what a test chooses is as the signer makes it and the signature verifies.
    private byte[] Resigned(
        string signatureMethod = SignedXml.XmlDsigRSASHA256Url,
        string digestMethod = SignedXml.XmlDsigSHA256Url,
        Transform? dataTransform = null,
        Action<XmlElement>? edit = null)
    {
        var xml = Load(Signed(withXades: false));
        var root = xml.DocumentElement!;
        edit?.Invoke(root);
        using var key = signer.GetRSAPrivateKey()!;
        var signedXml = new SignedXml(xml) { SigningKey = key };
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = signatureMethod;
        foreach (var id in new[] { "cXMLSignedInfo", "cXMLData" })
        {
            var reference = new Reference("#" + id) { DigestMethod = digestMethod };
            if (id == "cXMLData" && dataTransform is not null)
            {
                reference.AddTransform(dataTransform);
            }

            signedXml.AddReference(reference);
        }

        signedXml.ComputeSignature();

        // SignedXml signs its SignedInfo alone and unprefixed; the signer's own steps put it in place as ds:SignedInfo and
        // sign it as the verifier canonicalises it there.
        var signature = (XmlElement)root.SelectSingleNode("*[local-name()='Signature']")!;
        var signedInfo = CxmlSigner.Prefixed(xml, signedXml.SignedInfo.GetXml());
        signature.ReplaceChild(signedInfo, signature.SelectSingleNode("*[local-name()='SignedInfo']")!);
        var hash = signatureMethod == SignedXml.XmlDsigRSASHA1Url ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        signature.SelectSingleNode("*[local-name()='SignatureValue']")!.InnerText = Convert.ToBase64String(CxmlSigner.SignatureValue(signature, signedInfo, key, hash));
        return Save(xml);
    }

    // The signed body copied into a ds:Object of the signature, and the root's body changed.
    private static byte[] Wrapped(byte[] signed, bool realBodyKeepsId)
    {
        var xml = Load(signed);
        var body = (XmlElement)xml.DocumentElement!.SelectSingleNode("Request")!;
        var wrapper = xml.CreateElement("ds", "Object", "http://www.w3.org/2000/09/xmldsig#");
        wrapper.AppendChild(body.CloneNode(deep: true));
        xml.DocumentElement.SelectSingleNode("*[local-name()='Signature']")!.AppendChild(wrapper);
        if (!realBodyKeepsId)
        {
            body.RemoveAttribute("Id");
        }

        body.SelectSingleNode("PunchOutSetupRequest/BuyerCookie")!.InnerText = "evil-cookie";
        return Save(xml);
    }

    private static XmlDocument Load(byte[] document)
    {
        var xml = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(document), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        xml.Load(reader);
        return xml;
    }

    private static byte[] Save(XmlDocument xml)
    {
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.Save(writer);
        }

        return output.ToArray();
    }
}
