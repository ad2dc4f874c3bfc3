using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>The body of <c>POST /orders</c> that docs/erp-contract.md promises for an OrderRequest, worked out from the
/// document's XML on its own: it shares no code with the gateway's reader or its mapping, so a field either of them
/// drops or changes shows as a difference.</summary>
/// <remarks>Read leniently as the gateway reads (PROTOCOLS.md): text trimmed, an empty element as absent, a language
/// <c>en</c> when the document gives none, a line without lineNumber numbered by its position.</remarks>
public static class ExpectedErpBody
{
    private static readonly XNamespace Xml = XNamespace.Xml;

    /// <summary>The body for <paramref name="document"/>, sent by <paramref name="buyer"/> whose ERP account is <paramref name="account"/>.</summary>
    public static JsonObject Of(XDocument document, string buyer, string account)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = document.Root!;
        var request = root.Element("Request")!;
        var header = request.Element("OrderRequest")!.Element("OrderRequestHeader")!;
        var total = header.Element("Total")!.Element("Money")!;
        var comments = header.Elements("Comments").Where(HasSomething).ToList();
        return new JsonObject
        {
            ["buyer"] = buyer,
            ["account"] = account,
            ["orderId"] = Attribute(header, "orderID"),
            ["payloadId"] = Attribute(root, "payloadID"),
            ["type"] = Attribute(header, "type") ?? "new",
            ["orderVersion"] = int.Parse(Attribute(header, "orderVersion") ?? "1", CultureInfo.InvariantCulture),
            ["orderType"] = Attribute(header, "orderType") ?? "regular",
            ["orderDate"] = Date(header, "orderDate"),
            ["currency"] = Attribute(total, "currency"),
            ["total"] = Number(total.Value),
            ["shipTo"] = Address(header.Element("ShipTo")),
            ["billTo"] = Address(header.Element("BillTo")),
            ["agreementId"] = Attribute(header, "agreementID"),
            ["comments"] = comments.Count > 0 ? string.Join("\n", comments.Select(OwnText)) : null,
            ["extrinsics"] = Extrinsics(header),
            ["lines"] = new JsonArray([.. request.Element("OrderRequest")!.Elements("ItemOut").Select((item, index) => Line(item, index + 1))]),
            ["test"] = Attribute(request, "deploymentMode") == "test",
            ["requisitionId"] = Attribute(header, "requisitionID"),
            ["shipComplete"] = Yes(header, "shipComplete"),
            ["requestedDeliveryDate"] = Date(header, "requestedDeliveryDate"),
            ["effectiveDate"] = Date(header, "effectiveDate"),
            ["expirationDate"] = Date(header, "expirationDate"),
            ["releaseRequired"] = Yes(header, "releaseRequired"),
            ["parentAgreementId"] = Attribute(header, "parentAgreementID"),
            ["agreementPayloadId"] = Attribute(header, "agreementPayloadID"),
            ["shipping"] = Shipping(header.Element("Shipping")),
            ["tax"] = Tax(header.Element("Tax")),
            ["pCard"] = PCard(header.Element("Payment")?.Element("PCard")),
            ["contacts"] = new JsonArray([.. header.Elements("Contact").Select(Contact)]),
            ["commentList"] = CommentList(header),
            ["documentReference"] = header.Element("DocumentReference") is { } reference ? new JsonObject { ["payloadId"] = Attribute(reference, "payloadID") } : null,
            ["supplierOrderInfo"] = header.Element("SupplierOrderInfo") is { } info ? new JsonObject { ["orderId"] = Attribute(info, "orderID"), ["orderDate"] = Date(info, "orderDate") } : null,
        };
    }

    /// <summary>The last four digits a PCard number may show, or null when it is too short to show any.</summary>
    public static string? LastDigits(string number) => number.Length >= 8 ? number[^4..] : null;

    private static JsonObject Line(XElement item, int position)
    {
        var id = item.Element("ItemID")!;
        var detail = item.Element("ItemDetail");
        var descriptions = detail?.Elements("Description").ToList() ?? [];
        var basis = detail?.Element("PriceBasisQuantity");
        var reference = item.Element("MasterAgreementReference");
        var agreement = reference ?? item.Element("MasterAgreementIDInfo");
        return new JsonObject
        {
            ["lineNumber"] = int.Parse(Attribute(item, "lineNumber") ?? position.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            ["supplierPartId"] = Text(id.Element("SupplierPartID")),
            ["supplierPartAuxiliaryId"] = Text(id.Element("SupplierPartAuxiliaryID")),
            ["quantity"] = Number(Attribute(item, "quantity")!),
            ["unitOfMeasure"] = Text(detail?.Element("UnitOfMeasure")),
            ["unitPrice"] = detail is null ? null : Number(detail.Element("UnitPrice")!.Element("Money")!.Value),
            ["description"] = descriptions.Count > 0 ? OwnText(descriptions[0]) : null,
            ["shipTo"] = Address(item.Element("ShipTo")),
            ["requestedDeliveryDate"] = Date(item, "requestedDeliveryDate"),
            ["extrinsics"] = detail is null ? new JsonObject() : Extrinsics(detail),
            ["buyerPartId"] = Text(id.Element("BuyerPartID")),
            ["descriptions"] = new JsonArray([.. descriptions.Select(Description)]),
            ["priceBasisQuantity"] = basis is null ? null : new JsonObject
            {
                ["quantity"] = Number(Attribute(basis, "quantity")!),
                ["conversionFactor"] = Number(Attribute(basis, "conversionFactor")!),
                ["unitOfMeasure"] = Text(basis.Element("UnitOfMeasure")),
                ["description"] = OptionalDescription(basis.Element("Description")),
            },
            ["classifications"] = Classifications(detail),
            ["manufacturerPartId"] = Text(detail?.Element("ManufacturerPartID")),
            ["manufacturerName"] = Text(detail?.Element("ManufacturerName")),
            ["url"] = Text(detail?.Element("URL")),
            ["leadTimeDays"] = Text(detail?.Element("LeadTime")) is { } lead ? int.Parse(lead, CultureInfo.InvariantCulture) : null,
            ["blanketItemDetail"] = BlanketItemDetail(item.Element("BlanketItemDetail")),
            ["requisitionId"] = Attribute(item, "requisitionID"),
            ["agreementItemNumber"] = Attribute(item, "agreementItemNumber"),
            ["isAdHoc"] = Yes(item, "isAdHoc"),
            ["shipping"] = Shipping(item.Element("Shipping")),
            ["tax"] = Tax(item.Element("Tax")),
            ["distributions"] = new JsonArray([.. item.Elements("Distribution").Select(Distribution)]),
            ["contacts"] = new JsonArray([.. item.Elements("Contact").Select(Contact)]),
            ["requestedShipmentDate"] = Date(item, "requestedShipmentDate"),
            ["commentList"] = CommentList(item),
            ["masterAgreement"] = agreement is null ? null : new JsonObject
            {
                ["agreementId"] = Attribute(agreement, "agreementID"),
                ["payloadId"] = reference is null ? null : Attribute(reference.Element("DocumentReference")!, "payloadID"),
                ["agreementDate"] = Date(agreement, "agreementDate"),
                ["agreementType"] = Attribute(agreement, "agreementType"),
            },
        };
    }

    private static JsonObject? BlanketItemDetail(XElement? blanket) => blanket is null ? null : new JsonObject
    {
        ["descriptions"] = new JsonArray([.. blanket.Elements("Description").Select(Description)]),
        ["maxAmount"] = MoneyIn(blanket.Element("MaxAmount")),
        ["minAmount"] = MoneyIn(blanket.Element("MinAmount")),
        ["maxQuantity"] = blanket.Element("MaxQuantity") is { } max ? Number(max.Value) : null,
        ["minQuantity"] = blanket.Element("MinQuantity") is { } min ? Number(min.Value) : null,
        ["unitPrice"] = MoneyIn(blanket.Element("UnitPrice")),
        ["unitOfMeasure"] = Text(blanket.Element("UnitOfMeasure")),
        ["classifications"] = Classifications(blanket),
        ["extrinsics"] = Extrinsics(blanket),
    };

    // cXML Address inside ShipTo or BillTo, its PostalAddress flattened into the address (docs/erp-contract.md).
    private static JsonObject? Address(XElement? holder)
    {
        if (holder?.Element("Address") is not { } address)
        {
            return null;
        }

        var name = address.Element("Name")!;
        var postal = address.Element("PostalAddress");
        var country = postal?.Element("Country");
        return new JsonObject
        {
            ["addressId"] = Attribute(address, "addressID"),
            ["name"] = Text(name) ?? string.Empty,
            ["deliverTo"] = Texts(postal, "DeliverTo"),
            ["street"] = Texts(postal, "Street"),
            ["city"] = postal is null ? null : Text(postal.Element("City")) ?? string.Empty,
            ["state"] = Text(postal?.Element("State")),
            ["postalCode"] = Text(postal?.Element("PostalCode")),
            ["country"] = country is not null ? Attribute(country, "isoCountryCode") : Attribute(address, "isoCountryCode"),
            ["email"] = Text(address.Element("Email")),
            ["addressIdDomain"] = Attribute(address, "addressIDDomain"),
            ["isoCountryCode"] = Attribute(address, "isoCountryCode"),
            ["nameLang"] = Lang(name) ?? "en",
            ["postalAddressName"] = postal is null ? null : Attribute(postal, "name"),
            ["countryName"] = country is null ? null : Text(country) ?? string.Empty,
            ["phone"] = address.Element("Phone") is { } phone ? Phone(phone) : null,
        };
    }

    private static JsonObject PostalAddress(XElement postal) => new()
    {
        ["name"] = Attribute(postal, "name"),
        ["deliverTo"] = Texts(postal, "DeliverTo"),
        ["street"] = Texts(postal, "Street"),
        ["city"] = Text(postal.Element("City")) ?? string.Empty,
        ["state"] = Text(postal.Element("State")),
        ["postalCode"] = Text(postal.Element("PostalCode")),
        ["country"] = Attribute(postal.Element("Country")!, "isoCountryCode"),
        ["countryName"] = Text(postal.Element("Country")) ?? string.Empty,
    };

    private static JsonObject Phone(XElement phone)
    {
        var number = phone.Element("TelephoneNumber")!;
        return new JsonObject
        {
            ["name"] = Attribute(phone, "name"),
            ["countryCode"] = Text(number.Element("CountryCode")) ?? string.Empty,
            ["isoCountryCode"] = Attribute(number.Element("CountryCode")!, "isoCountryCode"),
            ["areaOrCityCode"] = Text(number.Element("AreaOrCityCode")) ?? string.Empty,
            ["number"] = Text(number.Element("Number")) ?? string.Empty,
            ["extension"] = Text(number.Element("Extension")),
        };
    }

    private static JsonObject Contact(XElement contact) => new()
    {
        ["role"] = Attribute(contact, "role"),
        ["name"] = Text(contact.Element("Name")) ?? string.Empty,
        ["nameLang"] = Lang(contact.Element("Name")!) ?? "en",
        ["addressId"] = Attribute(contact, "addressID"),
        ["addressIdDomain"] = Attribute(contact, "addressIDDomain"),
        ["emails"] = new JsonArray([.. contact.Elements("Email").Select(e => (JsonNode?)(Text(e) ?? string.Empty))]),
        ["postalAddresses"] = new JsonArray([.. contact.Elements("PostalAddress").Select(PostalAddress)]),
        ["phones"] = new JsonArray([.. contact.Elements("Phone").Select(Phone)]),
        ["extrinsics"] = Extrinsics(contact),
    };

    // Comments with neither text nor an attachment say nothing and are not carried.
    private static JsonArray CommentList(XElement parent) => new([.. parent.Elements("Comments").Where(HasSomething).Select(c => new JsonObject
    {
        ["text"] = OwnText(c),
        ["lang"] = Lang(c) is { Length: > 0 } lang ? lang : null,
        ["type"] = Attribute(c, "type"),
        ["attachments"] = new JsonArray([.. c.Elements("Attachment").Select(a => (JsonNode?)Text(a.Element("URL")))]),
    })]);

    private static bool HasSomething(XElement comments) => OwnText(comments).Length > 0 || comments.Elements("Attachment").Any();

    private static JsonObject? Shipping(XElement? shipping) => shipping is null ? null : new JsonObject
    {
        ["money"] = Money(shipping.Element("Money")!),
        ["description"] = Description(shipping.Element("Description")!),
        ["trackingDomain"] = Attribute(shipping, "trackingDomain"),
        ["trackingId"] = Attribute(shipping, "trackingId"),
        ["tracking"] = Attribute(shipping, "tracking"),
    };

    private static JsonObject? Tax(XElement? tax) => tax is null ? null : new JsonObject
    {
        ["money"] = Money(tax.Element("Money")!),
        ["description"] = Description(tax.Element("Description")!),
        ["details"] = new JsonArray([.. tax.Elements("TaxDetail").Select(d => new JsonObject
        {
            ["category"] = Attribute(d, "category"),
            ["purpose"] = Attribute(d, "purpose"),
            ["percentageRate"] = Attribute(d, "percentageRate") is { } rate ? Number(rate) : null,
            ["taxPointDate"] = Attribute(d, "taxPointDate"),
            ["exemptDetail"] = Attribute(d, "exemptDetail"),
            ["taxAmount"] = MoneyIn(d.Element("TaxAmount")),
            ["taxableAmount"] = MoneyIn(d.Element("TaxableAmount")),
            ["taxLocation"] = OptionalDescription(d.Element("TaxLocation")),
            ["description"] = OptionalDescription(d.Element("Description")),
        })]),
    };

    private static JsonObject? PCard(XElement? card) => card is null ? null : new JsonObject
    {
        ["numberLastDigits"] = LastDigits(Attribute(card, "number")!),
        ["expiration"] = Attribute(card, "expiration"),
        ["name"] = Attribute(card, "name"),
    };

    // Coupa writes Segment type/id/description; the standard form is AccountingSegment id with Name and Description.
    private static JsonObject Distribution(XElement distribution)
    {
        var accounting = distribution.Element("Accounting")!;
        var coupa = accounting.Elements("Segment").ToList();
        var segments = coupa.Count > 0
            ? coupa.Select(s => new JsonObject { ["id"] = Attribute(s, "id"), ["name"] = Attribute(s, "type"), ["description"] = Attribute(s, "description"), ["lang"] = "en" })
            : accounting.Elements("AccountingSegment").Select(s => new JsonObject
            {
                ["id"] = Attribute(s, "id"),
                ["name"] = Text(s.Element("Name")) ?? string.Empty,
                ["description"] = Text(s.Element("Description")) ?? string.Empty,
                ["lang"] = Lang(s.Element("Name")!) ?? "en",
            });
        return new JsonObject
        {
            ["accounting"] = new JsonObject { ["name"] = Attribute(accounting, "name"), ["segments"] = new JsonArray([.. segments]) },
            ["charge"] = MoneyIn(distribution.Element("Charge")),
        };
    }

    private static JsonArray Classifications(XElement? parent) => new([.. (parent?.Elements("Classification") ?? []).Select(c => new JsonObject
    {
        ["domain"] = Attribute(c, "domain"),
        ["value"] = Text(c) ?? string.Empty,
        ["code"] = Attribute(c, "code"),
    })]);

    // A name the buyer repeats keeps its first value; the value is all the text inside, trimmed.
    private static JsonObject Extrinsics(XElement parent)
    {
        var result = new JsonObject();
        foreach (var extrinsic in parent.Elements("Extrinsic"))
        {
            var name = Attribute(extrinsic, "name")!;
            if (!result.ContainsKey(name))
            {
                result[name] = extrinsic.Value.Trim();
            }
        }

        return result;
    }

    private static JsonObject Description(XElement description) => new()
    {
        ["text"] = OwnText(description),
        ["lang"] = Lang(description) ?? "en",
        ["shortName"] = Text(description.Element("ShortName")),
    };

    private static JsonObject? OptionalDescription(XElement? description) => description is null ? null : Description(description);

    private static JsonObject Money(XElement money) => new() { ["amount"] = Number(money.Value), ["currency"] = Attribute(money, "currency") };

    private static JsonObject? MoneyIn(XElement? holder) => holder is null ? null : Money(holder.Element("Money")!);

    private static JsonArray Texts(XElement? parent, string name) => new([.. (parent?.Elements(name) ?? []).Select(e => (JsonNode?)(Text(e) ?? string.Empty))]);

    private static string? Attribute(XElement element, string name) => (string?)element.Attribute(name);

    private static string? Lang(XElement element) => (string?)element.Attribute(Xml + "lang");

    private static bool Yes(XElement element, string name) => Attribute(element, name)?.Trim().ToLowerInvariant() is "yes" or "true";

    private static string? Text(XElement? element) => element?.Value.Trim() is { Length: > 0 } text ? text : null;

    // The element's own text, its child elements' (ShortName, Attachment) left out.
    private static string OwnText(XElement element) => string.Concat(element.Nodes().OfType<XText>().Select(t => t.Value)).Trim();

    private static decimal Number(string text) => decimal.Parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);

    // As the body writes a date: ISO 8601 with the document's offset (one without an offset is UTC), fractions only when there are any.
    private static string? Date(XElement element, string name) => Attribute(element, name) is { } text
        ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)
        : null;
}
