using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace Punchout.Protocols.Signatures;

/// <summary>Verifies the XML signature of a cXML document in the layout of PROTOCOLS.md §9, with or without XAdES.</summary>
/// <remarks>Trust is by pinning: the one certificate in <c>ds:KeyInfo</c> must be one of the trusted certificates (compared
/// byte for byte); no chain is built and the certificate's dates are not checked. Only RSA with SHA-256, SHA-384 or
/// SHA-512 is accepted; SHA-1 signatures are unacceptable (477). The Ids <c>cXMLData</c>, <c>cXMLSignedInfo</c> and
/// <c>XAdESSignedProps</c> resolve by position (the root's body, the signature's first ds:Object, its
/// QualifyingProperties), and any Id used twice in the document is refused, so a wrapped copy is never verified in
/// place of the real body.</remarks>
public static class CxmlSignatureVerifier
{
    private static readonly string[] SignatureMethods =
    [
        SignedXml.XmlDsigRSASHA256Url,
        SignedXml.XmlDsigRSASHA384Url,
        SignedXml.XmlDsigRSASHA512Url,
    ];

    private static readonly string[] DigestMethods =
    [
        SignedXml.XmlDsigSHA256Url,
        SignedXml.XmlDsigSHA384Url,
        SignedXml.XmlDsigSHA512Url,
    ];

    private static readonly string[] CanonicalizationMethods =
    [
        SignedXml.XmlDsigC14NTransformUrl,
        SignedXml.XmlDsigC14NWithCommentsTransformUrl,
        SignedXml.XmlDsigExcC14NTransformUrl,
        SignedXml.XmlDsigExcC14NWithCommentsTransformUrl,
    ];

    private static readonly string[] IdAttributes = ["Id", "ID", "id"];

    /// <summary>Checks the signature of <paramref name="document"/> against <paramref name="trusted"/>.</summary>
    /// <remarks>Never throws for a bad document: every problem is an outcome.</remarks>
    public static CxmlSignatureCheck Verify(ReadOnlyMemory<byte> document, IReadOnlyCollection<X509Certificate2> trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        XmlDocument xml;
        try
        {
            xml = SignatureXml.Load(document);
        }
        catch (XmlException ex)
        {
            return CxmlSignatureCheck.Unacceptable($"The document cannot be read for its signature: {ex.Message}");
        }

        return xml.DocumentElement is { } root
            ? Verify(xml, root, trusted)
            : CxmlSignatureCheck.Unacceptable("The document has no root element.");
    }

    private static CxmlSignatureCheck Verify(XmlDocument xml, XmlElement root, IReadOnlyCollection<X509Certificate2> trusted)
    {
        var signatures = SignatureXml.Children(root, "Signature", SignatureXml.DsigNamespace);
        if (signatures.Count == 0)
        {
            return new CxmlSignatureCheck(CxmlSignatureStatus.Missing, "The document carries no ds:Signature.");
        }

        if (signatures.Count > 1)
        {
            return CxmlSignatureCheck.Unacceptable("The document carries more than one ds:Signature.");
        }

        if (Layout(xml, root, signatures[0], out var layoutProblem) is not { } layout)
        {
            return CxmlSignatureCheck.Unacceptable(layoutProblem);
        }

        var signedXml = new CxmlSignedXml(xml, layout.Targets);
        try
        {
            signedXml.LoadXml(signatures[0]);
        }
        catch (CryptographicException ex)
        {
            return CxmlSignatureCheck.Unacceptable($"The ds:Signature is malformed: {ex.Message}");
        }

        if (SignedInfoProblem(signedXml.SignedInfo!, layout.SignedProperties is not null) is { } problem)
        {
            return CxmlSignatureCheck.Unacceptable(problem);
        }

        if (KeyInfoCertificate(signatures[0]) is not { } certificate)
        {
            return CxmlSignatureCheck.Unacceptable("ds:KeyInfo must carry exactly one readable X509Certificate.");
        }

        using (certificate)
        {
            var thumbprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
            bool verifies;
            try
            {
                verifies = certificate.GetRSAPublicKey() is not null && signedXml.CheckSignature(certificate, verifySignatureOnly: true);
            }
            catch (CryptographicException ex)
            {
                return CxmlSignatureCheck.Unacceptable($"The signature cannot be checked: {ex.Message}", thumbprint);
            }

            if (!verifies)
            {
                return new CxmlSignatureCheck(CxmlSignatureStatus.DoesNotVerify, "The signature does not verify: the signed body or cXMLSignedInfo was changed after signing, or it was signed with another key.", thumbprint);
            }

            if (!trusted.Any(t => t.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)))
            {
                return CxmlSignatureCheck.Unacceptable($"The signing certificate (SHA-256 {thumbprint}, {certificate.Subject}) is not trusted for this buyer.", thumbprint);
            }

            return SignedInfoValuesProblem(root, layout.CxmlSignedInfo) is { } mismatch
                ? CxmlSignatureCheck.Unacceptable(mismatch, thumbprint)
                : new CxmlSignatureCheck(CxmlSignatureStatus.Verified, null, thumbprint);
        }
    }

    private sealed record SignatureLayout(Dictionary<string, XmlElement> Targets, XmlElement CxmlSignedInfo, XmlElement? SignedProperties);

    // The elements the layout's Ids name, found by position; null, with the problem, when Ids repeat or an element is
    // not where the layout puts it.
    private static SignatureLayout? Layout(XmlDocument xml, XmlElement root, XmlElement signature, out string problem)
    {
        var repeated = xml.SelectNodes("//@*")!.OfType<XmlAttribute>()
            .Where(a => a.NamespaceURI.Length == 0 && IdAttributes.Contains(a.LocalName))
            .GroupBy(a => a.Value, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Count() > 1);
        var bodies = SignatureXml.Bodies(root);
        var objects = SignatureXml.Children(signature, "Object", SignatureXml.DsigNamespace);
        var signedInfo = objects.Count == 0 ? null : CxmlSignedInfoOf(objects[0]);
        problem = repeated is not null ? $"The Id '{repeated.Key}' appears {repeated.Count()} times; each Id must name one element."
            : bodies.Count > 1 ? $"The root carries {bodies.Count} Request, Response or Message elements (in any namespace); a signed document has exactly one."
            : bodies.Count == 0 || bodies[0].GetAttribute("Id") != SignatureXml.DataId ? $"The root's Request, Response or Message must carry Id=\"{SignatureXml.DataId}\"."
            : signedInfo is null ? $"The first ds:Object must hold <cXMLSignedInfo Id=\"{SignatureXml.SignedInfoId}\">."
            : string.Empty;
        if (problem.Length > 0)
        {
            return null;
        }

        var targets = new Dictionary<string, XmlElement>(StringComparer.Ordinal)
        {
            [SignatureXml.DataId] = bodies[0],
            [SignatureXml.SignedInfoId] = signedInfo!,
        };
        var signedProperties = objects.Skip(1).Select(SignedPropertiesOf).FirstOrDefault(e => e is not null);
        if (signedProperties is not null)
        {
            targets[SignatureXml.XadesSignedPropertiesId] = signedProperties;
        }

        return new SignatureLayout(targets, signedInfo!, signedProperties);
    }

    private static XmlElement? CxmlSignedInfoOf(XmlElement dsObject) =>
        dsObject.ChildNodes.OfType<XmlElement>().SingleOrDefault(e => e.LocalName == "cXMLSignedInfo" && e.NamespaceURI.Length == 0 && e.GetAttribute("Id") == SignatureXml.SignedInfoId);

    private static XmlElement? SignedPropertiesOf(XmlElement dsObject) =>
        dsObject.ChildNodes.OfType<XmlElement>()
            .Where(e => e.LocalName == "QualifyingProperties" && e.NamespaceURI.StartsWith(SignatureXml.XadesNamespacePrefix, StringComparison.Ordinal))
            .SelectMany(q => q.ChildNodes.OfType<XmlElement>())
            .FirstOrDefault(e => e.LocalName == "SignedProperties" && e.GetAttribute("Id") == SignatureXml.XadesSignedPropertiesId);

    // Whether SignedInfo references exactly #cXMLSignedInfo and #cXMLData (and #XAdESSignedProps with XAdES), without
    // transforms on the cXML ones, with accepted algorithms.
    private static string? SignedInfoProblem(SignedInfo signedInfo, bool hasXades)
    {
        if (!CanonicalizationMethods.Contains(signedInfo.CanonicalizationMethod))
        {
            return $"The canonicalization method {signedInfo.CanonicalizationMethod} is not accepted.";
        }

        if (!SignatureMethods.Contains(signedInfo.SignatureMethod))
        {
            return $"The signature method {signedInfo.SignatureMethod} is not accepted; use RSA with SHA-256 or stronger.";
        }

        var references = signedInfo.References.OfType<Reference>().ToList();
        string[] expected = hasXades
            ? ["#" + SignatureXml.SignedInfoId, "#" + SignatureXml.DataId, "#" + SignatureXml.XadesSignedPropertiesId]
            : ["#" + SignatureXml.SignedInfoId, "#" + SignatureXml.DataId];
        var uris = references.Select(r => r.Uri ?? string.Empty).ToList();
        if (uris.Count != expected.Length || !expected.All(uris.Contains))
        {
            return $"SignedInfo must reference exactly {string.Join(", ", expected)}, not {string.Join(", ", uris.DefaultIfEmpty("nothing"))}.";
        }

        foreach (var reference in references)
        {
            if (!DigestMethods.Contains(reference.DigestMethod))
            {
                return $"The digest method {reference.DigestMethod} of {reference.Uri} is not accepted; use SHA-256 or stronger.";
            }

            var transforms = Enumerable.Range(0, reference.TransformChain.Count).Select(i => reference.TransformChain[i]).ToList();
            var isXades = reference.Uri == "#" + SignatureXml.XadesSignedPropertiesId;
            if (transforms.Count > 0 && !(isXades && transforms.All(t => CanonicalizationMethods.Contains(t.Algorithm))))
            {
                return $"The reference {reference.Uri} must have no transforms.";
            }
        }

        return null;
    }

    private static X509Certificate2? KeyInfoCertificate(XmlElement signature)
    {
        var certificates = SignatureXml.Children(signature, "KeyInfo", SignatureXml.DsigNamespace)
            .SelectMany(k => SignatureXml.Children(k, "X509Data", SignatureXml.DsigNamespace))
            .SelectMany(d => SignatureXml.Children(d, "X509Certificate", SignatureXml.DsigNamespace))
            .ToList();
        if (certificates.Count != 1)
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificates[0].InnerText.Trim()));
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return null;
        }
    }

    private static string? SignedInfoValuesProblem(XmlElement root, XmlElement cxmlSignedInfo)
    {
        var payloadId = root.GetAttribute("payloadID");
        if (cxmlSignedInfo.GetAttribute("payloadID") != payloadId)
        {
            return $"cXMLSignedInfo names the payloadID '{cxmlSignedInfo.GetAttribute("payloadID")}', but the document is '{payloadId}'.";
        }

        var version = root.GetAttribute("signatureVersion");
        if (cxmlSignedInfo.GetAttribute("signatureVersion") != version)
        {
            return $"cXMLSignedInfo names signatureVersion '{cxmlSignedInfo.GetAttribute("signatureVersion")}', but the document '{version}'.";
        }

        return version == SignatureXml.SignatureVersion ? null : $"The signatureVersion '{version}' is not supported; it must be {SignatureXml.SignatureVersion}.";
    }
}
