using Punchout.Protocols.Cxml.Reading;

namespace Punchout.Protocols.Cxml;

// The elements many documents share: ItemID, ItemDetail, Address, Contact, Money, Extrinsic, Comments.
public static partial class CxmlReader
{
    // Opaque to the supplier and echoed unchanged, white space included: the buyer matches carts on it.
    private static string BuyerCookieOf(CxmlNode parent) => RequiredChild(parent, "BuyerCookie").Value;

    private static ItemId MapItemId(CxmlNode e) => new(
        RequiredText(RequiredChild(e, "SupplierPartID")),
        Text(e.Element("SupplierPartAuxiliaryID")),
        Text(e.Element("BuyerPartID")));

    private static ItemDetail MapItemDetail(CxmlNode e)
    {
        var descriptions = MapDescriptions(e);
        var basis = e.Element("PriceBasisQuantity");
        return new ItemDetail
        {
            UnitPrice = MapMoney(RequiredChild(RequiredChild(e, "UnitPrice"), "Money")),
            Descriptions = descriptions,
            UnitOfMeasure = RequiredText(RequiredChild(e, "UnitOfMeasure")),
            PriceBasisQuantity = basis is null ? null : MapPriceBasisQuantity(basis),
            Classifications = MapClassifications(e),
            ManufacturerPartId = Text(e.Element("ManufacturerPartID")),
            ManufacturerName = Text(e.Element("ManufacturerName")),
            Url = Text(e.Element("URL")),
            LeadTimeDays = e.Element("LeadTime") is { } lead ? Integer(lead, lead.Value) : null,
            Extrinsics = MapExtrinsics(e),
        };
    }

    private static PriceBasisQuantity MapPriceBasisQuantity(CxmlNode basis) => new(
        Number(basis, RequiredAttribute(basis, "quantity")),
        Number(basis, RequiredAttribute(basis, "conversionFactor")),
        RequiredText(RequiredChild(basis, "UnitOfMeasure")),
        basis.Element("Description") is { } description ? MapDescription(description) : null);

    private static List<Classification> MapClassifications(CxmlNode parent) =>
        parent.ElementList("Classification").ConvertAll(c => new Classification(RequiredAttribute(c, "domain"), Text(c) ?? string.Empty, c.Attribute("code")));

    private static List<Description> MapDescriptions(CxmlNode parent)
    {
        var descriptions = parent.ElementList("Description").ConvertAll(MapDescription);
        return descriptions.Count > 0 ? descriptions : throw Failure(CxmlReadErrorKind.MissingRequired, "The required element Description is missing.", parent);
    }

    private static Distribution MapDistribution(CxmlNode e)
    {
        var accounting = RequiredChild(e, "Accounting");
        var legacy = accounting.ElementList("Segment");
        var segments = legacy.Count > 0
            ? legacy.ConvertAll(g => new AccountingSegment(RequiredAttribute(g, "id"), RequiredAttribute(g, "type"), RequiredAttribute(g, "description")))
            : accounting.ElementList("AccountingSegment").ConvertAll(g => new AccountingSegment(
                RequiredAttribute(g, "id"),
                Text(RequiredChild(g, "Name")) ?? string.Empty,
                Text(RequiredChild(g, "Description")) ?? string.Empty,
                g.Element("Name")!.Attribute("xml:lang") ?? "en"));
        if (segments.Count == 0)
        {
            throw Failure(CxmlReadErrorKind.MissingRequired, "The required element AccountingSegment is missing.", accounting);
        }

        return new Distribution(new Accounting(RequiredAttribute(accounting, "name"), segments, legacy.Count > 0), MapMoney(RequiredChild(RequiredChild(e, "Charge"), "Money")));
    }

    private static Address? OptionalAddressIn(CxmlNode parent, string element) =>
        parent.Element(element) is { } holder ? MapAddress(RequiredChild(holder, "Address")) : null;

    private static Money? OptionalMoneyIn(CxmlNode parent, string element) =>
        parent.Element(element) is { } holder ? MapMoney(RequiredChild(holder, "Money")) : null;

    private static Description MapDescription(CxmlNode e) => new(
        e.OwnText.Trim(),
        e.Attribute("xml:lang") ?? "en",
        Text(e.Element("ShortName")));

    private static Money MapMoney(CxmlNode e) => new(Number(e, e.Value), RequiredAttribute(e, "currency"));

    private static Contact MapContact(CxmlNode e)
    {
        var emails = e.ElementList("Email").ConvertAll(m => Text(m) ?? string.Empty);
        return new Contact(
            Text(RequiredChild(e, "Name")) ?? string.Empty,
            e.Attribute("role"),
            emails.Count > 0 ? emails[0] : null,
            e.Element("Name")?.Attribute("xml:lang") ?? "en")
        {
            AddressId = e.Attribute("addressID"),
            AddressIdDomain = e.Attribute("addressIDDomain"),
            PostalAddresses = e.ElementList("PostalAddress").ConvertAll(MapPostalAddress),
            MoreEmails = emails.Count > 1 ? emails[1..] : [],
            Phones = e.ElementList("Phone").ConvertAll(MapPhone),
            Extrinsics = MapExtrinsics(e),
        };
    }

    private static Phone MapPhone(CxmlNode e)
    {
        var number = RequiredChild(e, "TelephoneNumber");
        var country = RequiredChild(number, "CountryCode");
        return new Phone(
            Text(country) ?? string.Empty,
            RequiredAttribute(country, "isoCountryCode"),
            Text(number.Element("AreaOrCityCode")) ?? string.Empty,
            Text(number.Element("Number")) ?? string.Empty,
            e.Attribute("name"),
            Text(number.Element("Extension")));
    }

    private static DocumentReference MapDocumentReference(CxmlNode e) => new(RequiredAttribute(e, "payloadID"));

    private static Shipping MapShipping(CxmlNode e) => new(MapMoney(RequiredChild(e, "Money")), MapDescription(RequiredChild(e, "Description")))
    {
        TrackingDomain = e.Attribute("trackingDomain"),
        TrackingId = e.Attribute("trackingId"),
        Tracking = e.Attribute("tracking"),
    };

    private static Tax MapTax(CxmlNode e) => new(MapMoney(RequiredChild(e, "Money")), MapDescription(RequiredChild(e, "Description")))
    {
        Details = e.ElementList("TaxDetail").ConvertAll(d => new TaxDetail(
            RequiredAttribute(d, "category"),
            MapMoney(RequiredChild(RequiredChild(d, "TaxAmount"), "Money")))
        {
            Purpose = d.Attribute("purpose"),
            PercentageRate = d.Attribute("percentageRate") is { } rate ? Number(d, rate) : null,
            TaxPointDate = d.Attribute("taxPointDate"),
            ExemptDetail = d.Attribute("exemptDetail"),
            TaxableAmount = d.Element("TaxableAmount") is { } taxable ? MapMoney(RequiredChild(taxable, "Money")) : null,
            TaxLocation = d.Element("TaxLocation") is { } location ? MapDescription(location) : null,
            Description = d.Element("Description") is { } description ? MapDescription(description) : null,
        }),
    };

    // Every Comments element with text or attachments, in order; an empty one says nothing and is dropped.
    private static List<Comment> MapCommentList(CxmlNode parent)
    {
        var comments = new List<Comment>();
        foreach (var c in parent.Elements("Comments"))
        {
            var attachments = c.ElementList("Attachment").ConvertAll(a => RequiredText(RequiredChild(a, "URL")));
            var text = c.OwnText.Trim();
            if (text.Length > 0 || attachments.Count > 0)
            {
                comments.Add(new Comment(text, c.Attribute("xml:lang") is { Length: > 0 } lang ? lang : null, c.Attribute("type")) { AttachmentUrls = attachments });
            }
        }

        return comments;
    }

    private static Address MapAddress(CxmlNode e)
    {
        var name = RequiredChild(e, "Name");
        var postal = e.Element("PostalAddress");
        return new Address
        {
            AddressId = e.Attribute("addressID"),
            AddressIdDomain = e.Attribute("addressIDDomain"),
            IsoCountryCode = e.Attribute("isoCountryCode"),
            Name = Text(name) ?? string.Empty,
            NameLang = name.Attribute("xml:lang") ?? "en",
            PostalAddress = postal is null ? null : MapPostalAddress(postal),
            Email = Text(e.Element("Email")),
            Phone = e.Element("Phone") is { } phone ? MapPhone(phone) : null,
        };
    }

    private static PostalAddress MapPostalAddress(CxmlNode e)
    {
        var country = RequiredChild(e, "Country");
        return new PostalAddress
        {
            Name = e.Attribute("name"),
            DeliverTo = e.ElementList("DeliverTo").ConvertAll(d => Text(d) ?? string.Empty),
            Street = e.ElementList("Street").ConvertAll(s => Text(s) ?? string.Empty),
            City = Text(e.Element("City")) ?? string.Empty,
            State = Text(e.Element("State")),
            PostalCode = Text(e.Element("PostalCode")),
            IsoCountryCode = RequiredAttribute(country, "isoCountryCode"),
            Country = Text(country) ?? string.Empty,
        };
    }

    private static List<Extrinsic> MapExtrinsics(CxmlNode parent) =>
        parent.ElementList("Extrinsic").ConvertAll(x => new Extrinsic(RequiredAttribute(x, "name"), x.Value.Trim()));
}
