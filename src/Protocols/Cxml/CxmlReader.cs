using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;

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
        XElement root;
        try
        {
            root = LoadTree(document, options);
        }
        catch (XmlException ex) when (ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            return CxmlReadResult.Failure(new CxmlReadError(CxmlReadErrorKind.TooLarge, $"The document is larger than {options.MaxCharacters} characters.", ex.LineNumber, ex.LinePosition, null));
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
    // nesting beyond the limit before it is built.
    private static XElement LoadTree(ReadOnlyMemory<byte> document, CxmlReaderOptions options)
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
        var open = new Stack<XElement>();
        XElement? root = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth >= options.MaxDepth)
                    {
                        throw new ReadFailure(new CxmlReadError(CxmlReadErrorKind.TooDeep, $"Elements are nested deeper than {options.MaxDepth} levels.", lineInfo.LineNumber, lineInfo.LinePosition, null));
                    }

                    var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
                    element.AddAnnotation(new SourcePosition(lineInfo.LineNumber, lineInfo.LinePosition));
                    if (reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            element.Add(new XAttribute(XName.Get(reader.LocalName, reader.NamespaceURI), reader.Value));
                        }
                        while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }

                    if (open.TryPeek(out var parent))
                    {
                        parent.Add(element);
                    }
                    else
                    {
                        root = element;
                    }

                    if (!reader.IsEmptyElement)
                    {
                        open.Push(element);
                    }

                    break;
                case XmlNodeType.EndElement:
                    open.Pop();
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    if (open.TryPeek(out var owner))
                    {
                        owner.Add(new XText(reader.Value));
                    }

                    break;
            }
        }

        return root ?? throw new ReadFailure(new CxmlReadError(CxmlReadErrorKind.Malformed, "The document has no root element.", 0, 0, null));
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> document) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(document, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(document.ToArray(), writable: false);

    // The version from the DOCTYPE's SYSTEM id (".../cXML/1.2.050/cXML.dtd"); the prolog is ASCII in every encoding cXML uses.
    private static string? DtdVersionOf(ReadOnlySpan<byte> document)
    {
        var prolog = Encoding.Latin1.GetString(document[..Math.Min(document.Length, 1024)]);
        var match = DoctypeVersion().Match(prolog);
        return match.Success ? match.Groups["version"].Value : null;
    }

    [GeneratedRegex("""<!DOCTYPE\s+cXML\s+SYSTEM\s+["'][^"']*/(?<version>\d+\.\d+\.\d+)/\w+\.dtd["']""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoctypeVersion();

    [GeneratedRegex(@"\s*Line \d+, position \d+\.$", RegexOptions.CultureInvariant)]
    private static partial Regex PositionSuffix();

    private static string WithoutPosition(string message) => PositionSuffix().Replace(message, string.Empty);

    private static CxmlEnvelope MapEnvelope(XElement root, string? dtdVersion)
    {
        if (!string.Equals(root.Name.LocalName, "cXML", StringComparison.OrdinalIgnoreCase))
        {
            throw Failure(CxmlReadErrorKind.NotCxml, $"The root element is <{root.Name.LocalName}>, not <cXML>.", root);
        }

        var timestampText = RequiredAttribute(root, "timestamp");
        if (!CxmlTimestamp.TryParse(timestampText, out var timestamp))
        {
            throw Failure(CxmlReadErrorKind.InvalidValue, $"The timestamp '{timestampText}' is not a date and time.", root);
        }

        var bodyElement = root.Elements().FirstOrDefault(e => e.Name.LocalName is "Request" or "Response" or "Message")
            ?? throw Failure(CxmlReadErrorKind.NoBody, "The document has no Request, Response or Message.", root);
        CxmlBody body = bodyElement.Name.LocalName switch
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
            Lang = (string?)root.Attribute(XNamespace.Xml + "lang"),
            DtdVersion = dtdVersion,
            Header = headerElement is null ? null : MapHeader(headerElement),
            Body = body,
        };
    }

    private static CxmlHeader MapHeader(XElement header) => new(
        MapCredentials(RequiredChild(header, "From")),
        MapCredentials(RequiredChild(header, "To")),
        new CxmlSender(MapCredentials(RequiredChild(header, "Sender")), Text(RequiredChild(header, "Sender").Element("UserAgent")) ?? string.Empty));

    private static List<Credential> MapCredentials(XElement parent)
    {
        var credentials = parent.Elements("Credential").Select(c => new Credential(
            RequiredAttribute(c, "domain"),
            Text(RequiredChild(c, "Identity")) ?? string.Empty,
            Text(c.Element("SharedSecret")) is { } secret ? new SharedSecret(secret) : null)).ToList();
        return credentials.Count > 0 ? credentials : throw Failure(CxmlReadErrorKind.MissingRequired, "The required element Credential is missing.", parent);
    }

    private static CxmlRequest MapRequest(XElement request)
    {
        var payloadElement = request.Elements().FirstOrDefault()
            ?? throw Failure(CxmlReadErrorKind.NoBody, "The Request carries no request element.", request);
        CxmlRequestPayload payload = payloadElement.Name.LocalName switch
        {
            "PunchOutSetupRequest" => MapPunchOutSetupRequest(payloadElement),
            "OrderRequest" => MapOrderRequest(payloadElement),
            var other => new UnsupportedRequest(other),
        };
        return new CxmlRequest(payload, DeploymentModeOf(request));
    }

    private static CxmlResponse MapResponse(XElement response)
    {
        var status = MapStatus(RequiredChild(response, "Status"));
        var setup = response.Element("PunchOutSetupResponse");
        return new CxmlResponse(status, setup is null ? null : new PunchOutSetupResponse(RequiredText(RequiredChild(RequiredChild(setup, "StartPage"), "URL"))));
    }

    private static CxmlMessage MapMessage(XElement message)
    {
        var status = message.Element("Status") is { } s ? MapStatus(s) : null;
        var poom = message.Element("PunchOutOrderMessage")
            ?? throw Failure(CxmlReadErrorKind.NoBody, "The Message carries no PunchOutOrderMessage.", message);
        return new CxmlMessage(MapPunchOutOrderMessage(poom), status, DeploymentModeOf(message), (string?)message.Attribute("inReplyTo"));
    }

    private static CxmlStatus MapStatus(XElement status) => new(
        Integer(status, RequiredAttribute(status, "code")),
        (string?)status.Attribute("text") ?? string.Empty,
        Text(status));

    private static DeploymentMode DeploymentModeOf(XElement element) =>
        string.Equals((string?)element.Attribute("deploymentMode"), "test", StringComparison.OrdinalIgnoreCase) ? DeploymentMode.Test : DeploymentMode.Production;

    private static PunchOutSetupRequest MapPunchOutSetupRequest(XElement e) => new()
    {
        Operation = Enumeration<PunchOutOperation>(e, RequiredAttribute(e, "operation")),
        BuyerCookie = BuyerCookieOf(e),
        Extrinsics = MapExtrinsics(e),
        BrowserFormPostUrl = Text(e.Element("BrowserFormPost")?.Element("URL")),
        Contacts = [.. e.Elements("Contact").Select(MapContact)],
        SupplierSetupUrl = Text(e.Element("SupplierSetup")?.Element("URL")),
        ShipTo = e.Element("ShipTo") is { } shipTo ? MapAddress(RequiredChild(shipTo, "Address")) : null,
        SelectedItem = e.Element("SelectedItem") is { } selected ? MapItemId(RequiredChild(selected, "ItemID")) : null,
        Items = [.. e.Elements("ItemOut").Select(item => new PunchOutItemOut(
            Number(item, RequiredAttribute(item, "quantity")),
            MapItemId(RequiredChild(item, "ItemID")),
            item.Element("ItemDetail") is { } detail ? MapItemDetail(detail) : null,
            OptionalInteger(item, "lineNumber")))],
    };

    private static PunchOutOrderMessage MapPunchOutOrderMessage(XElement e)
    {
        var header = RequiredChild(e, "PunchOutOrderMessageHeader");
        return new PunchOutOrderMessage
        {
            BuyerCookie = BuyerCookieOf(e),
            OperationAllowed = Enumeration<OperationAllowed>(header, RequiredAttribute(header, "operationAllowed")),
            Total = MapMoney(RequiredChild(RequiredChild(header, "Total"), "Money")),
            Items = [.. e.Elements("ItemIn").Select(item => new ItemIn(
                Number(item, RequiredAttribute(item, "quantity")),
                MapItemId(RequiredChild(item, "ItemID")),
                MapItemDetail(RequiredChild(item, "ItemDetail")),
                OptionalInteger(item, "lineNumber")))],
        };
    }

    private static OrderRequest MapOrderRequest(XElement e)
    {
        var header = RequiredChild(e, "OrderRequestHeader");
        var items = e.Elements("ItemOut").Select((item, index) => new OrderItemOut
        {
            LineNumber = OptionalInteger(item, "lineNumber") ?? index + 1,
            Quantity = Number(item, RequiredAttribute(item, "quantity")),
            ItemId = MapItemId(RequiredChild(item, "ItemID")),
            ItemDetail = item.Element("ItemDetail") is { } detail ? MapItemDetail(detail) : null,
            ShipTo = item.Element("ShipTo") is { } shipTo ? MapAddress(RequiredChild(shipTo, "Address")) : null,
            RequestedDeliveryDate = OptionalTimestamp(item, "requestedDeliveryDate"),
            Comments = MapComments(item),
        }).ToList();
        if (items.Count == 0)
        {
            throw Failure(CxmlReadErrorKind.MissingRequired, "The required element ItemOut is missing.", e);
        }

        return new OrderRequest
        {
            Header = new OrderRequestHeader
            {
                OrderId = RequiredAttribute(header, "orderID"),
                OrderDate = OptionalTimestamp(header, "orderDate") ?? throw Failure(CxmlReadErrorKind.MissingRequired, "The required attribute orderDate is missing.", header),
                Type = (string?)header.Attribute("type") is { } type ? Enumeration<OrderRequestType>(header, type) : OrderRequestType.New,
                OrderType = (string?)header.Attribute("orderType") is { } orderType ? Enumeration<OrderType>(header, orderType) : OrderType.Regular,
                OrderVersion = OptionalInteger(header, "orderVersion") ?? 1,
                Total = MapMoney(RequiredChild(RequiredChild(header, "Total"), "Money")),
                ShipTo = header.Element("ShipTo") is { } shipTo ? MapAddress(RequiredChild(shipTo, "Address")) : null,
                BillTo = MapAddress(RequiredChild(RequiredChild(header, "BillTo"), "Address")),
                Comments = MapComments(header),
                Extrinsics = MapExtrinsics(header),
            },
            Items = items,
        };
    }

    // Opaque to the supplier and echoed unchanged, white space included: the buyer matches carts on it.
    private static string BuyerCookieOf(XElement parent) => RequiredChild(parent, "BuyerCookie").Value;

    private static ItemId MapItemId(XElement e) => new(
        RequiredText(RequiredChild(e, "SupplierPartID")),
        Text(e.Element("SupplierPartAuxiliaryID")),
        Text(e.Element("BuyerPartID")));

    private static ItemDetail MapItemDetail(XElement e)
    {
        var descriptions = e.Elements("Description").Select(MapDescription).ToList();
        if (descriptions.Count == 0)
        {
            throw Failure(CxmlReadErrorKind.MissingRequired, "The required element Description is missing.", e);
        }

        var basis = e.Element("PriceBasisQuantity");
        return new ItemDetail
        {
            UnitPrice = MapMoney(RequiredChild(RequiredChild(e, "UnitPrice"), "Money")),
            Descriptions = descriptions,
            UnitOfMeasure = RequiredText(RequiredChild(e, "UnitOfMeasure")),
            PriceBasisQuantity = basis is null ? null : new PriceBasisQuantity(
                Number(basis, RequiredAttribute(basis, "quantity")),
                Number(basis, RequiredAttribute(basis, "conversionFactor")),
                RequiredText(RequiredChild(basis, "UnitOfMeasure"))),
            Classifications = [.. e.Elements("Classification").Select(c => new Classification(RequiredAttribute(c, "domain"), Text(c) ?? string.Empty, (string?)c.Attribute("code")))],
            ManufacturerPartId = Text(e.Element("ManufacturerPartID")),
            ManufacturerName = Text(e.Element("ManufacturerName")),
            LeadTimeDays = e.Element("LeadTime") is { } lead ? Integer(lead, lead.Value) : null,
            Extrinsics = MapExtrinsics(e),
        };
    }

    private static Description MapDescription(XElement e) => new(
        string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value)).Trim(),
        (string?)e.Attribute(XNamespace.Xml + "lang") ?? "en",
        Text(e.Element("ShortName")));

    private static Money MapMoney(XElement e) => new(Number(e, e.Value), RequiredAttribute(e, "currency"));

    private static Contact MapContact(XElement e) => new(
        Text(e.Element("Name")) ?? string.Empty,
        (string?)e.Attribute("role"),
        Text(e.Element("Email")),
        (string?)e.Element("Name")?.Attribute(XNamespace.Xml + "lang") ?? "en");

    private static Address MapAddress(XElement e)
    {
        var name = RequiredChild(e, "Name");
        var postal = e.Element("PostalAddress");
        var phone = e.Element("Phone")?.Element("TelephoneNumber");
        return new Address
        {
            AddressId = (string?)e.Attribute("addressID"),
            AddressIdDomain = (string?)e.Attribute("addressIDDomain"),
            IsoCountryCode = (string?)e.Attribute("isoCountryCode"),
            Name = Text(name) ?? string.Empty,
            NameLang = (string?)name.Attribute(XNamespace.Xml + "lang") ?? "en",
            PostalAddress = postal is null ? null : MapPostalAddress(postal),
            Email = Text(e.Element("Email")),
            Phone = phone is null ? null : new Phone(
                Text(phone.Element("CountryCode")) ?? string.Empty,
                (string?)phone.Element("CountryCode")?.Attribute("isoCountryCode") ?? string.Empty,
                Text(phone.Element("AreaOrCityCode")) ?? string.Empty,
                Text(phone.Element("Number")) ?? string.Empty,
                (string?)e.Element("Phone")!.Attribute("name"),
                Text(phone.Element("Extension"))),
        };
    }

    private static PostalAddress MapPostalAddress(XElement e)
    {
        var country = RequiredChild(e, "Country");
        return new PostalAddress
        {
            Name = (string?)e.Attribute("name"),
            DeliverTo = [.. e.Elements("DeliverTo").Select(d => Text(d) ?? string.Empty)],
            Street = [.. e.Elements("Street").Select(s => Text(s) ?? string.Empty)],
            City = Text(e.Element("City")) ?? string.Empty,
            State = Text(e.Element("State")),
            PostalCode = Text(e.Element("PostalCode")),
            IsoCountryCode = RequiredAttribute(country, "isoCountryCode"),
            Country = Text(country) ?? string.Empty,
        };
    }

    private static List<Extrinsic> MapExtrinsics(XElement parent) =>
        [.. parent.Elements("Extrinsic").Select(x => new Extrinsic(RequiredAttribute(x, "name"), x.Value.Trim()))];

    private static string? MapComments(XElement parent)
    {
        var comments = parent.Elements("Comments")
            .Select(c => string.Concat(c.Nodes().OfType<XText>().Select(t => t.Value)).Trim())
            .Where(c => c.Length > 0)
            .ToList();
        return comments.Count > 0 ? string.Join("\n", comments) : null;
    }

    private static string? Text(XElement? element)
    {
        var value = element?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static string RequiredText(XElement element) =>
        Text(element) ?? throw Failure(CxmlReadErrorKind.MissingRequired, $"The element {element.Name.LocalName} is empty.", element);

    private static XElement RequiredChild(XElement parent, string name) =>
        parent.Element(name) ?? throw Failure(CxmlReadErrorKind.MissingRequired, $"The required element {name} is missing.", parent);

    private static string RequiredAttribute(XElement element, string name) =>
        (string?)element.Attribute(name) ?? throw Failure(CxmlReadErrorKind.MissingRequired, $"The required attribute {name} is missing.", element);

    private static decimal Number(XElement element, string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Failure(CxmlReadErrorKind.InvalidValue, $"'{text.Trim()}' is not a number.", element);

    private static int Integer(XElement element, string text)
    {
        var number = Number(element, text);
        return number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw Failure(CxmlReadErrorKind.InvalidValue, $"'{text.Trim()}' is not a whole number.", element);
    }

    private static int? OptionalInteger(XElement element, string attribute) =>
        (string?)element.Attribute(attribute) is { } text ? Integer(element, text) : null;

    private static DateTimeOffset? OptionalTimestamp(XElement element, string attribute)
    {
        var text = (string?)element.Attribute(attribute);
        if (text is null)
        {
            return null;
        }

        return CxmlTimestamp.TryParse(text, out var value)
            ? value
            : throw Failure(CxmlReadErrorKind.InvalidValue, $"The {attribute} '{text}' is not a date and time.", element);
    }

    // Exactly one of the enumeration's names, in any letter case: no numbers, no comma-separated flags.
    private static TEnum Enumeration<TEnum>(XElement element, string text)
        where TEnum : struct, Enum
    {
        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null
            ? Enum.Parse<TEnum>(name)
            : throw Failure(CxmlReadErrorKind.InvalidValue, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<TEnum>()).ToLowerInvariant()}.", element);
    }

    private static ReadFailure Failure(CxmlReadErrorKind kind, string message, XElement at)
    {
        var position = at.Annotation<SourcePosition>();
        return new ReadFailure(new CxmlReadError(kind, message, position?.Line ?? 0, position?.Position ?? 0, PathOf(at)));
    }

    private static string PathOf(XElement element)
    {
        var steps = new Stack<string>();
        for (var e = element; e is not null; e = e.Parent)
        {
            var siblings = e.Parent?.Elements(e.Name).ToList();
            steps.Push(siblings is { Count: > 1 } ? $"{e.Name.LocalName}[{siblings.IndexOf(e) + 1}]" : e.Name.LocalName);
        }

        return "/" + string.Join("/", steps);
    }

    private sealed record SourcePosition(int Line, int Position);

    // Carries a read error out of the mapping code; caught in Read and never escapes the reader.
    private sealed class ReadFailure(CxmlReadError error) : Exception(error.Message)
    {
        public CxmlReadError Error { get; } = error;
    }
}
