using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using Punchout.Protocols.Cxml;

namespace Punchout.Protocols.Signatures;

/// <summary>Signs a cXML document in the layout of PROTOCOLS.md §9: the body gets <c>Id="cXMLData"</c>, a
/// <c>ds:Signature</c> with RSA-SHA256 follows it, ds:Object #1 is cXMLSignedInfo and, with XAdES, ds:Object #2 the
/// QualifyingProperties; ds:KeyInfo carries the one certificate.</summary>
/// <remarks>The DOCTYPE is kept and never fetched. The result is verified before it is returned, so a document this
/// signer returns always passes <see cref="CxmlSignatureVerifier"/> with the signing certificate trusted.</remarks>
public static class CxmlSigner
{
    /// <summary>The signed document, UTF-8 without BOM.</summary>
    /// <param name="document">An unsigned cXML document.</param>
    /// <param name="certificate">The signing certificate, with its RSA private key.</param>
    /// <param name="signingTime">The XAdES SigningTime.</param>
    /// <param name="withXades">Whether to add the XAdES QualifyingProperties (cXML asks for them; receivers differ).</param>
    /// <exception cref="ArgumentException">The document has no single body, is already signed, or the certificate has no RSA private key.</exception>
    public static byte[] Sign(ReadOnlyMemory<byte> document, X509Certificate2 certificate, DateTimeOffset signingTime, bool withXades = true)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetRSAPrivateKey() ?? throw new ArgumentException("The certificate has no RSA private key.", nameof(certificate));
        var xml = SignatureXml.Load(document, keepDoctype: true);
        var root = xml.DocumentElement ?? throw new ArgumentException("The document has no root element.", nameof(document));
        var bodies = SignatureXml.Bodies(root);
        if (bodies.Count != 1 || SignatureXml.Children(root, "Signature", SignatureXml.DsigNamespace).Count > 0)
        {
            throw new ArgumentException("Only an unsigned document with one Request, Response or Message can be signed.", nameof(document));
        }

        bodies[0].SetAttribute("Id", SignatureXml.DataId);
        root.SetAttribute("signatureVersion", SignatureXml.SignatureVersion);
        var signature = Ds(xml, "Signature");
        signature.SetAttribute("xmlns:ds", SignatureXml.DsigNamespace);
        signature.SetAttribute("Id", SignatureXml.SignatureId);
        root.InsertAfter(signature, bodies[0]);

        // The referenced elements sit in place before their digests are taken, so they are canonicalised in the same
        // context the verifier sees.
        var cxmlSignedInfo = xml.CreateElement("cXMLSignedInfo");
        cxmlSignedInfo.SetAttribute("Id", SignatureXml.SignedInfoId);
        cxmlSignedInfo.SetAttribute("signatureVersion", SignatureXml.SignatureVersion);
        cxmlSignedInfo.SetAttribute("payloadID", root.GetAttribute("payloadID"));
        signature.AppendChild(Ds(xml, "Object"))!.AppendChild(cxmlSignedInfo);
        var targets = new Dictionary<string, XmlElement>(StringComparer.Ordinal)
        {
            [SignatureXml.SignedInfoId] = cxmlSignedInfo,
            [SignatureXml.DataId] = bodies[0],
        };
        if (withXades)
        {
            var qualifying = QualifyingProperties(xml, certificate, signingTime);
            signature.AppendChild(Ds(xml, "Object"))!.AppendChild(qualifying);
            targets[SignatureXml.XadesSignedPropertiesId] = (XmlElement)qualifying.FirstChild!;
        }

        var signedInfo = Prefixed(xml, DigestedSignedInfo(xml, targets, key));
        var firstObject = signature.FirstChild;
        signature.InsertBefore(signedInfo, firstObject);
        signature.InsertBefore(Ds(xml, "SignatureValue", Convert.ToBase64String(SignatureValue(signature, signedInfo, key, HashAlgorithmName.SHA256))), firstObject);
        signature.InsertBefore(Ds(xml, "KeyInfo"), firstObject)!
            .AppendChild(Ds(xml, "X509Data"))!
            .AppendChild(Ds(xml, "X509Certificate", Convert.ToBase64String(certificate.RawData)));

        var signed = Save(xml);
        var check = CxmlSignatureVerifier.Verify(signed, [certificate]);
        return check.Status == CxmlSignatureStatus.Verified
            ? signed
            : throw new InvalidOperationException($"The signer produced a signature that does not verify: {check.Problem}");
    }

    // SignedInfo with the references' digests, computed by SignedXml on the elements in place (its own signature value is discarded).
    private static XmlElement DigestedSignedInfo(XmlDocument xml, Dictionary<string, XmlElement> targets, RSA key)
    {
        var signedXml = new CxmlSignedXml(xml, targets) { SigningKey = key };
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        foreach (var id in targets.Keys)
        {
            signedXml.AddReference(new Reference("#" + id)
            {
                DigestMethod = SignedXml.XmlDsigSHA256Url,
                Type = id == SignatureXml.XadesSignedPropertiesId ? SignatureXml.XadesSignedPropertiesType : null,
            });
        }

        signedXml.ComputeSignature();
        return signedXml.SignedInfo.GetXml();
    }

    // The RSA signature (PKCS#1 v1.5, SHA-256 here; tests re-signing an edited signature choose others) of ds:SignedInfo
    // canonicalised as a verifier's SignedXml does: alone, with the namespace declarations and xml:* attributes in scope
    // at the signature added to it.
    internal static byte[] SignatureValue(XmlElement signature, XmlElement signedInfo, RSA key, HashAlgorithmName hash)
    {
        var alone = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        var copy = (XmlElement)alone.AppendChild(alone.ImportNode(signedInfo, deep: true))!;
        foreach (var inherited in SignatureXml.InheritedAttributes(signature).Where(a => !copy.HasAttribute(a.Name)))
        {
            var attribute = alone.CreateAttribute(inherited.Name);
            attribute.Value = inherited.Value;
            copy.SetAttributeNode(attribute);
        }

        var c14n = new XmlDsigC14NTransform();
        c14n.LoadInput(alone);
        using var canonical = (Stream)c14n.GetOutput(typeof(Stream));
        return key.SignData(canonical, hash, RSASignaturePadding.Pkcs1);
    }

    private static XmlElement QualifyingProperties(XmlDocument xml, X509Certificate2 certificate, DateTimeOffset signingTime)
    {
        var qualifying = Xades(xml, "QualifyingProperties");
        qualifying.SetAttribute("xmlns:xades", SignatureXml.XadesNamespace);
        qualifying.SetAttribute("Target", "#" + SignatureXml.SignatureId);
        var signedProperties = (XmlElement)qualifying.AppendChild(Xades(xml, "SignedProperties"))!;
        signedProperties.SetAttribute("Id", SignatureXml.XadesSignedPropertiesId);
        var properties = signedProperties.AppendChild(Xades(xml, "SignedSignatureProperties"))!;
        properties.AppendChild(Xades(xml, "SigningTime", CxmlTimestamp.Format(signingTime)));
        var cert = properties.AppendChild(Xades(xml, "SigningCertificate"))!.AppendChild(Xades(xml, "Cert"))!;
        var digest = cert.AppendChild(Xades(xml, "CertDigest"))!;
        var method = (XmlElement)digest.AppendChild(Ds(xml, "DigestMethod"))!;
        method.SetAttribute("Algorithm", SignedXml.XmlDsigSHA256Url);
        digest.AppendChild(Ds(xml, "DigestValue", Convert.ToBase64String(certificate.GetCertHash(HashAlgorithmName.SHA256))));
        var issuerSerial = cert.AppendChild(Xades(xml, "IssuerSerial"))!;
        issuerSerial.AppendChild(Ds(xml, "X509IssuerName", certificate.Issuer));
        var serial = new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true);
        issuerSerial.AppendChild(Ds(xml, "X509SerialNumber", serial.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return qualifying;
    }

    // A copy of an element of the XML-DSig namespace (as SignedXml writes it, unprefixed) with the ds: prefix.
    internal static XmlElement Prefixed(XmlDocument xml, XmlElement source)
    {
        var copy = Ds(xml, source.LocalName);
        foreach (var attribute in source.Attributes.OfType<XmlAttribute>().Where(a => a.Prefix != "xmlns" && a.Name != "xmlns"))
        {
            copy.SetAttribute(attribute.LocalName, attribute.Value);
        }

        foreach (XmlNode child in source.ChildNodes)
        {
            copy.AppendChild(child is XmlElement { NamespaceURI: SignatureXml.DsigNamespace } element ? Prefixed(xml, element) : xml.ImportNode(child, deep: true));
        }

        return copy;
    }

    private static XmlElement Ds(XmlDocument xml, string name, string? text = null) => Element(xml, "ds", name, SignatureXml.DsigNamespace, text);

    private static XmlElement Xades(XmlDocument xml, string name, string? text = null) => Element(xml, "xades", name, SignatureXml.XadesNamespace, text);

    private static XmlElement Element(XmlDocument xml, string prefix, string name, string namespaceUri, string? text)
    {
        var element = xml.CreateElement(prefix, name, namespaceUri);
        if (text is not null)
        {
            element.InnerText = text;
        }

        return element;
    }

    private static byte[] Save(XmlDocument xml)
    {
        // Written again as read: an empty internal subset would otherwise print as "[]".
        if (xml.DocumentType is { InternalSubset: "" } doctype)
        {
            xml.ReplaceChild(xml.CreateDocumentType(doctype.Name, doctype.PublicId, doctype.SystemId, null), doctype);
        }

        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.Save(writer);
        }

        return output.ToArray();
    }
}
