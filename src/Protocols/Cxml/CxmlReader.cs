using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.Protocols.Cxml.Reading;

namespace Punchout.Protocols.Cxml;

/// <summary>Reads cXML documents safely and leniently into their models.</summary>
/// <remarks>
/// The DOCTYPE is accepted and never fetched: DTD processing is off, external entities are never resolved, and the
/// size and nesting of a document are limited. Reading is lenient where buyers differ (timestamps, letter case of the
/// root and of credential domains, a missing DOCTYPE, declared encodings) and strict where a value is required.
/// </remarks>
public static partial class CxmlReader
{
    /// <summary>Reads a document from its bytes; the XML declaration or a BOM decides the encoding.</summary>
    public static CxmlReadResult Read(ReadOnlyMemory<byte> document, CxmlReaderOptions? options = null)
    {
        options ??= CxmlReaderOptions.Default;
        _ = CodePages.Registered;
        document = DeclarationFirst(document);
        CxmlNode root;
        try
        {
            root = LoadTree(document, options);
        }
        catch (XmlException ex) when (ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            return CxmlReadResult.Failure(new CxmlReadError(CxmlReadErrorKind.TooLarge, $"The document is larger than {options.MaxCharacters} characters.", ex.LineNumber, ex.LinePosition, null));
        }
        catch (XmlException ex) when (InsideSecret(document.Span, ex.LineNumber, ex.LinePosition))
        {
            return CxmlReadResult.Failure(new CxmlReadError(CxmlReadErrorKind.Malformed, "The document is not well-formed inside a SharedSecret or CredentialMac; the parser's detail is withheld so that no part of the secret is repeated.", ex.LineNumber, ex.LinePosition, null));
        }
        catch (XmlException ex) when (ex.Message.Contains("undeclared entity", StringComparison.Ordinal))
        {
            return CxmlReadResult.Failure(new CxmlReadError(CxmlReadErrorKind.Malformed, $"{WithoutPosition(ex.Message)} Entities declared in a DOCTYPE are never expanded, nor external ones fetched.", ex.LineNumber, ex.LinePosition, null));
        }
        catch (XmlException ex)
        {
            return CxmlReadResult.Failure(new CxmlReadError(CxmlReadErrorKind.Malformed, WithoutPosition(ex.Message), ex.LineNumber, ex.LinePosition, null));
        }
        catch (ReadFailure failure)
        {
            return CxmlReadResult.Failure(failure.Error);
        }

        try
        {
            return CxmlReadResult.Success(MapEnvelope(root, DtdVersionOf(document.Span)));
        }
        catch (ReadFailure failure)
        {
            return CxmlReadResult.Failure(failure.Error);
        }
    }

    // One pass over the XML: builds the element tree, remembers where each element starts, and refuses
    // nesting and values beyond the limits before they are built.
    private static CxmlNode LoadTree(ReadOnlyMemory<byte> document, CxmlReaderOptions options)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersInDocument = options.MaxCharacters,
            MaxCharactersFromEntities = 1024, // entities are never expanded (DTD processing is off); a bound all the same
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };

        using var stream = AsStream(document);
        using var reader = XmlReader.Create(stream, settings);
        var lineInfo = (IXmlLineInfo)reader;
        CxmlNode? open = null;
        CxmlNode? root = null;
        var attributes = new List<KeyValuePair<string, string>>(64);
        var bodies = 0;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth >= options.MaxDepth)
                    {
                        throw new ReadFailure(new CxmlReadError(CxmlReadErrorKind.TooDeep, $"Elements are nested deeper than {options.MaxDepth} levels.", lineInfo.LineNumber, lineInfo.LinePosition, null));
                    }

                    var element = new CxmlNode(reader.Name, open, lineInfo.LineNumber, lineInfo.LinePosition, attributes);
                    if (open is null)
                    {
                        root = element;
                    }
                    else
                    {
                        open.AddChild(element);
                    }

                    if (reader.Depth == 1 && reader.LocalName is "Request" or "Response" or "Message")
                    {
                        // One body, in no namespace: a decoy body beside a signed one would otherwise be the one read.
                        if (reader.NamespaceURI.Length > 0 || ++bodies > 1)
                        {
                            throw new ReadFailure(new CxmlReadError(
                                CxmlReadErrorKind.Unexpected,
                                reader.NamespaceURI.Length > 0
                                    ? $"The {reader.LocalName} is in the namespace '{reader.NamespaceURI}'; a cXML body has none."
                                    : "The document has more than one Request, Response or Message.",
                                lineInfo.LineNumber,
                                lineInfo.LinePosition,
                                element.Path()));
                        }
                    }

                    if (reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            var value = reader.Value;
                            if (value.Length > options.MaxValueCharacters)
                            {
                                throw new ReadFailure(new CxmlReadError(CxmlReadErrorKind.TooLarge, $"The value of the attribute {reader.Name} is longer than {options.MaxValueCharacters} characters.", lineInfo.LineNumber, lineInfo.LinePosition, element.Path()));
                            }

                            element.AddAttribute(reader.Name, value);
                        }
                        while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }

                    if (!reader.IsEmptyElement)
                    {
                        open = element;
                    }

                    break;
                case XmlNodeType.EndElement:
                    open = open?.Parent;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace when open is not null:
                    var text = reader.Value;
                    if (open.OwnText.Length + text.Length > options.MaxValueCharacters)
                    {
                        throw new ReadFailure(new CxmlReadError(CxmlReadErrorKind.TooLarge, $"The text of the element {open.Name} is longer than {options.MaxValueCharacters} characters.", lineInfo.LineNumber, lineInfo.LinePosition, open.Path()));
                    }

                    open.AddText(text);
                    break;
            }
        }

        return root ?? throw new ReadFailure(new CxmlReadError(CxmlReadErrorKind.Malformed, "The document has no root element.", 0, 0, null));
    }

    // White space before the XML declaration, which XML forbids and some buyers send, moved to just after it: the
    // declaration still decides the encoding, and every later line keeps its number.
    private static ReadOnlyMemory<byte> DeclarationFirst(ReadOnlyMemory<byte> document)
    {
        var span = document.Span;
        var skip = span.StartsWith("\uFEFF"u8) ? 3 : 0;
        var start = skip;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == skip || !span[start..].StartsWith("<?xml"u8))
        {
            return document;
        }

        var end = span[start..].IndexOf("?>"u8);
        if (end < 0)
        {
            return document;
        }

        var declarationEnd = start + end + 2;
        return (byte[])[.. span[..skip], .. span[start..declarationEnd], .. span[skip..start], .. span[declarationEnd..]];
    }

    // Whether a parse error lies between a SharedSecret or CredentialMac start tag and its end tag: the parser's
    // message would quote the characters it stumbled on. Only ever run on a document that failed to parse.
    private static bool InsideSecret(ReadOnlySpan<byte> document, int line, int position)
    {
        var text = Encoding.Latin1.GetString(document);
        var offset = 0;
        for (var current = 1; current < line && offset >= 0; current++)
        {
            var next = text.IndexOf('\n', offset);
            offset = next < 0 ? -1 : next + 1;
        }

        if (offset < 0 || text.Length == 0)
        {
            return false;
        }

        offset = Math.Min(text.Length - 1, offset + Math.Max(position - 1, 0));
        foreach (var secret in (ReadOnlySpan<string>)["SharedSecret", "CredentialMac"])
        {
            var start = text.LastIndexOf($"<{secret}", offset, StringComparison.Ordinal);
            if (start >= 0 && text.IndexOf($"</{secret}", start, offset - start, StringComparison.Ordinal) < 0)
            {
                return true;
            }
        }

        return false;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> document) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(document, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(document.ToArray(), writable: false);

    private static readonly System.Buffers.SearchValues<byte> VersionCharacters = System.Buffers.SearchValues.Create("0123456789."u8);

    // The version from the DOCTYPE's SYSTEM id (".../cXML/1.2.050/cXML.dtd"), found in the prolog's bytes without
    // decoding them: the prolog is ASCII in every encoding cXML uses. The DOCTYPE host may be spelt either way.
    private static string? DtdVersionOf(ReadOnlySpan<byte> document)
    {
        var prolog = document[..Math.Min(document.Length, 1024)];
        var start = prolog.IndexOf("<!DOCTYPE"u8);
        if (start < 0)
        {
            return null;
        }

        var doctype = prolog[start..];
        var end = doctype.IndexOf((byte)'>');
        doctype = end < 0 ? doctype : doctype[..end];
        var dtd = doctype.IndexOf(".dtd"u8);
        if (dtd < 0)
        {
            return null;
        }

        // ".../1.2.050/cXML.dtd": the segment before the DTD's file name.
        var file = doctype[..dtd].LastIndexOf((byte)'/');
        var folder = file > 0 ? doctype[..file].LastIndexOf((byte)'/') : -1;
        if (folder < 0)
        {
            return null;
        }

        var version = doctype[(folder + 1)..file];
        return version.Length is > 0 and <= 16 && version.IndexOfAnyExcept(VersionCharacters) < 0 && version.Count((byte)'.') == 2
            ? Encoding.ASCII.GetString(version)
            : null;
    }

    [GeneratedRegex(@"\s*Line \d+, position \d+\.$", RegexOptions.CultureInvariant)]
    private static partial Regex PositionSuffix();

    private static string WithoutPosition(string message) => PositionSuffix().Replace(message, string.Empty);

    private static CxmlEnvelope MapEnvelope(CxmlNode root, string? dtdVersion)
    {
        if (!string.Equals(root.Name, "cXML", StringComparison.OrdinalIgnoreCase))
        {
            throw Failure(CxmlReadErrorKind.NotCxml, $"The root element is <{root.Name}>, not <cXML>.", root);
        }

        var timestampText = RequiredAttribute(root, "timestamp");
        if (!CxmlTimestamp.TryParse(timestampText, out var timestamp))
        {
            throw Failure(CxmlReadErrorKind.InvalidValue, $"The timestamp '{timestampText}' is not a date and time.", root);
        }

        var bodyElement = root.Children.FirstOrDefault(e => e.Name is "Request" or "Response" or "Message")
            ?? throw Failure(CxmlReadErrorKind.NoBody, "The document has no Request, Response or Message.", root);
        CxmlBody body = bodyElement.Name switch
        {
            "Request" => MapRequest(bodyElement),
            "Response" => MapResponse(bodyElement),
            _ => MapMessage(bodyElement),
        };
        var headerElement = root.Element("Header");
        if (headerElement is null && body is not CxmlResponse)
        {
            throw Failure(CxmlReadErrorKind.MissingRequired, "The required element Header is missing.", root);
        }

        return new CxmlEnvelope
        {
            PayloadId = RequiredAttribute(root, "payloadID"),
            Timestamp = timestamp,
            Lang = root.Attribute("xml:lang"),
            DtdVersion = dtdVersion,
            SignatureVersion = root.Attribute("signatureVersion"),
            HasSignature = root.Children.Any(c => c.Name is "Signature" || c.Name.EndsWith(":Signature", StringComparison.Ordinal)),
            Header = headerElement is null ? null : MapHeader(headerElement),
            Body = body,
        };
    }

    private static CxmlHeader MapHeader(CxmlNode header) => new(
        MapCredentials(RequiredChild(header, "From")),
        MapCredentials(RequiredChild(header, "To")),
        new CxmlSender(MapCredentials(RequiredChild(header, "Sender")), Text(RequiredChild(header, "Sender").Element("UserAgent")) ?? string.Empty));

    private static List<Credential> MapCredentials(CxmlNode parent)
    {
        var credentials = parent.ElementList("Credential").ConvertAll(c => new Credential(
            RequiredAttribute(c, "domain"),
            Text(RequiredChild(c, "Identity")) ?? string.Empty,
            Text(c.Element("SharedSecret")) is { } secret ? new SharedSecret(secret) : null,
            c.Element("CredentialMac") is { } mac ? MapCredentialMac(mac) : null));
        return credentials.Count > 0 ? credentials : throw Failure(CxmlReadErrorKind.MissingRequired, "The required element Credential is missing.", parent);
    }

    private static CredentialMac MapCredentialMac(CxmlNode mac) => new(
        RequiredAttribute(mac, "type"),
        RequiredAttribute(mac, "algorithm"),
        RequiredAttribute(mac, "creationDate"),
        RequiredAttribute(mac, "expirationDate"),
        RequiredText(mac));

    private static CxmlRequest MapRequest(CxmlNode request)
    {
        var payloadElement = request.FirstChild
            ?? throw Failure(CxmlReadErrorKind.NoBody, "The Request carries no request element.", request);
        CxmlRequestPayload payload = payloadElement.Name switch
        {
            "PunchOutSetupRequest" => MapPunchOutSetupRequest(payloadElement),
            "OrderRequest" => MapOrderRequest(payloadElement),
            "ProfileRequest" => new Profile.ProfileRequest(),
            "ConfirmationRequest" => MapConfirmationRequest(payloadElement),
            "ShipNoticeRequest" => MapShipNoticeRequest(payloadElement),
            "StatusUpdateRequest" => MapStatusUpdateRequest(payloadElement),
            "InvoiceDetailRequest" => MapInvoiceDetailRequest(payloadElement),
            var other => new UnsupportedRequest(other),
        };
        return new CxmlRequest(payload, DeploymentModeOf(request));
    }

    private static CxmlResponse MapResponse(CxmlNode response)
    {
        var status = MapStatus(RequiredChild(response, "Status"));
        CxmlResponsePayload? payload =
            response.Element("PunchOutSetupResponse") is { } setup ? new PunchOutSetupResponse(RequiredText(RequiredChild(RequiredChild(setup, "StartPage"), "URL")))
            : response.Element("ProfileResponse") is { } profile ? MapProfileResponse(profile)
            : null;
        return new CxmlResponse(status, payload);
    }

    private static CxmlMessage MapMessage(CxmlNode message)
    {
        var status = message.Element("Status") is { } s ? MapStatus(s) : null;
        var poom = message.Element("PunchOutOrderMessage")
            ?? throw Failure(CxmlReadErrorKind.NoBody, "The Message carries no PunchOutOrderMessage.", message);
        return new CxmlMessage(MapPunchOutOrderMessage(poom), status, DeploymentModeOf(message), message.Attribute("inReplyTo"));
    }

    private static CxmlStatus MapStatus(CxmlNode status) => new(
        Integer(status, RequiredAttribute(status, "code")),
        status.Attribute("text") ?? string.Empty,
        Text(status));

    private static DeploymentMode DeploymentModeOf(CxmlNode element) =>
        string.Equals(element.Attribute("deploymentMode"), "test", StringComparison.OrdinalIgnoreCase) ? DeploymentMode.Test : DeploymentMode.Production;

    private static string? Text(CxmlNode? element)
    {
        var value = element?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static string RequiredText(CxmlNode element) =>
        Text(element) ?? throw Failure(CxmlReadErrorKind.MissingRequired, $"The element {element.Name} is empty.", element);

    private static CxmlNode RequiredChild(CxmlNode parent, string name) =>
        parent.Element(name) ?? throw Failure(CxmlReadErrorKind.MissingRequired, $"The required element {name} is missing.", parent);

    private static string RequiredAttribute(CxmlNode element, string name) =>
        element.Attribute(name) ?? throw Failure(CxmlReadErrorKind.MissingRequired, $"The required attribute {name} is missing.", element);

    private static decimal Number(CxmlNode element, string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Failure(CxmlReadErrorKind.InvalidValue, $"'{text.Trim()}' is not a number.", element);

    private static int Integer(CxmlNode element, string text)
    {
        var number = Number(element, text);
        return number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw Failure(CxmlReadErrorKind.InvalidValue, $"'{text.Trim()}' is not a whole number.", element);
    }

    // The DTD's (yes) #IMPLIED flags: present means yes; buyers also send "true" or other letter case.
    private static bool Yes(CxmlNode element, string attribute) =>
        element.Attribute(attribute) is { } text && (text.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase) || text.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));

    private static int? OptionalInteger(CxmlNode element, string attribute) =>
        element.Attribute(attribute) is { } text ? Integer(element, text) : null;

    private static DateTimeOffset? OptionalTimestamp(CxmlNode element, string attribute)
    {
        var text = element.Attribute(attribute);
        if (text is null)
        {
            return null;
        }

        return CxmlTimestamp.TryParse(text, out var value)
            ? value
            : throw Failure(CxmlReadErrorKind.InvalidValue, $"The {attribute} '{text}' is not a date and time.", element);
    }

    // Exactly one of the enumeration's names, in any letter case: no numbers, no comma-separated flags.
    private static TEnum Enumeration<TEnum>(CxmlNode element, string text)
        where TEnum : struct, Enum
    {
        var trimmed = text.AsSpan().Trim();
        foreach (var (name, value) in EnumerationNames<TEnum>.Values)
        {
            if (trimmed.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw Failure(CxmlReadErrorKind.InvalidValue, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<TEnum>()).ToLowerInvariant()}.", element);
    }

    private static ReadFailure Failure(CxmlReadErrorKind kind, string message, CxmlNode at) =>
        new(new CxmlReadError(kind, message, at.Line, at.Position, at.Path()));

    // The Windows code pages (windows-1252 and the like) that buyers declare; without the provider .NET reads only
    // the UTF encodings, ASCII and Latin-1. Registered once, on the first read.
    private static class CodePages
    {
        public static readonly bool Registered = Register();

        private static bool Register()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return true;
        }
    }

    // The names and values of an enumeration, looked up once per type.
    private static class EnumerationNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly (string Name, TEnum Value)[] Values = [.. Enum.GetValues<TEnum>().Select(v => (v.ToString(), v))];
    }

    // Carries a read error out of the mapping code; caught in Read and never escapes the reader.
    private sealed class ReadFailure(CxmlReadError error) : Exception(error.Message)
    {
        public CxmlReadError Error { get; } = error;
    }
}
