using System.Security.Cryptography.Xml;
using System.Xml;

namespace Punchout.Protocols.Signatures;

/// <summary>The names of the cXML signature layout (PROTOCOLS.md §9) and the safe loading both sides share.</summary>
internal static class SignatureXml
{
    public const string DsigNamespace = SignedXml.XmlDsigNamespaceUrl;
    public const string XadesNamespace = "http://uri.etsi.org/01903/v1.3.2#";
    public const string XadesNamespacePrefix = "http://uri.etsi.org/01903/";
    public const string XadesSignedPropertiesType = "http://uri.etsi.org/01903#SignedProperties";
    public const string DataId = "cXMLData";
    public const string SignedInfoId = "cXMLSignedInfo";
    public const string SignatureId = "cXMLSignature";
    public const string XadesSignedPropertiesId = "XAdESSignedProps";
    public const string SignatureVersion = "1.0";

    private static readonly string[] BodyNames = ["Request", "Response", "Message"];

    /// <summary>Loads a document as signatures need it: white space kept, the DOCTYPE neither processed nor fetched.</summary>
    /// <remarks><paramref name="keepDoctype"/> parses the DOCTYPE without a resolver (so nothing is fetched) to keep it in
    /// a document that is written again; the verifier ignores it.</remarks>
    public static XmlDocument Load(ReadOnlyMemory<byte> bytes, bool keepDoctype = false)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = keepDoctype ? DtdProcessing.Parse : DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersInDocument = Math.Max(bytes.Length, 1),
            MaxCharactersFromEntities = 1024,
        };
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, settings);
        document.Load(reader);
        return document;
    }

    /// <summary>The root's Request, Response or Message elements, whatever their namespace.</summary>
    /// <remarks>Counted by local name alone, so that a decoy such as <c>&lt;Request xmlns="urn:decoy"&gt;</c> beside the
    /// signed body makes two bodies, and is refused, rather than going unseen by the signature while a reader that
    /// matches by local name takes it for the body.</remarks>
    public static List<XmlElement> Bodies(XmlElement root) =>
        [.. root.ChildNodes.OfType<XmlElement>().Where(e => BodyNames.Contains(e.LocalName))];

    /// <summary>The child elements of <paramref name="parent"/> with this local name in this namespace.</summary>
    public static List<XmlElement> Children(XmlNode parent, string localName, string namespaceUri) =>
        [.. parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == localName && e.NamespaceURI == namespaceUri)];

    /// <summary>The attributes a verifier's <see cref="SignedXml"/> carries from the signature's ancestors (and itself)
    /// into the SignedInfo it canonicalises: namespace declarations and <c>xml:*</c> attributes, nearest first.</summary>
    public static List<XmlAttribute> InheritedAttributes(XmlElement signature)
    {
        var found = new List<XmlAttribute>();
        for (var element = signature; element is not null; element = element.ParentNode as XmlElement)
        {
            foreach (var attribute in element.Attributes.OfType<XmlAttribute>())
            {
                var inherited = attribute.Prefix is "xmlns" or "xml" || (attribute.Prefix.Length == 0 && attribute.LocalName == "xmlns");
                if (inherited && !found.Exists(a => a.Name == attribute.Name))
                {
                    found.Add(attribute);
                }
            }
        }

        return found;
    }
}

/// <summary>A <see cref="SignedXml"/> whose <c>#Id</c> references resolve only to the elements the cXML layout names,
/// found by position, so that a copy carrying the same Id elsewhere (a wrapping attack) is never what is digested.</summary>
internal sealed class CxmlSignedXml(XmlDocument document, IReadOnlyDictionary<string, XmlElement> targets) : SignedXml(document)
{
    /// <inheritdoc />
    public override XmlElement? GetIdElement(XmlDocument? document, string idValue) => targets.GetValueOrDefault(idValue);
}
