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
            Classifications = [.. e.Elements("Classification").Select(c => new Classification(RequiredAttribute(c, "domain"), Text(c) ?? string.Empty, c.Attribute("code")))],
            ManufacturerPartId = Text(e.Element("ManufacturerPartID")),
            ManufacturerName = Text(e.Element("ManufacturerName")),
            LeadTimeDays = e.Element("LeadTime") is { } lead ? Integer(lead, lead.Value) : null,
            Extrinsics = MapExtrinsics(e),
        };
    }

    private static Description MapDescription(CxmlNode e) => new(
        e.OwnText.Trim(),
        e.Attribute("xml:lang") ?? "en",
        Text(e.Element("ShortName")));

    private static Money MapMoney(CxmlNode e) => new(Number(e, e.Value), RequiredAttribute(e, "currency"));

    private static Contact MapContact(CxmlNode e) => new(
        Text(e.Element("Name")) ?? string.Empty,
        e.Attribute("role"),
        Text(e.Element("Email")),
        e.Element("Name")?.Attribute("xml:lang") ?? "en");

    private static Address MapAddress(CxmlNode e)
    {
        var name = RequiredChild(e, "Name");
        var postal = e.Element("PostalAddress");
        var phone = e.Element("Phone")?.Element("TelephoneNumber");
        return new Address
        {
            AddressId = e.Attribute("addressID"),
            AddressIdDomain = e.Attribute("addressIDDomain"),
            IsoCountryCode = e.Attribute("isoCountryCode"),
            Name = Text(name) ?? string.Empty,
            NameLang = name.Attribute("xml:lang") ?? "en",
            PostalAddress = postal is null ? null : MapPostalAddress(postal),
            Email = Text(e.Element("Email")),
            Phone = phone is null ? null : new Phone(
                Text(phone.Element("CountryCode")) ?? string.Empty,
                phone.Element("CountryCode")?.Attribute("isoCountryCode") ?? string.Empty,
                Text(phone.Element("AreaOrCityCode")) ?? string.Empty,
                Text(phone.Element("Number")) ?? string.Empty,
                e.Element("Phone")!.Attribute("name"),
                Text(phone.Element("Extension"))),
        };
    }

    private static PostalAddress MapPostalAddress(CxmlNode e)
    {
        var country = RequiredChild(e, "Country");
        return new PostalAddress
        {
            Name = e.Attribute("name"),
            DeliverTo = [.. e.Elements("DeliverTo").Select(d => Text(d) ?? string.Empty)],
            Street = [.. e.Elements("Street").Select(s => Text(s) ?? string.Empty)],
            City = Text(e.Element("City")) ?? string.Empty,
            State = Text(e.Element("State")),
            PostalCode = Text(e.Element("PostalCode")),
            IsoCountryCode = RequiredAttribute(country, "isoCountryCode"),
            Country = Text(country) ?? string.Empty,
        };
    }

    private static List<Extrinsic> MapExtrinsics(CxmlNode parent) =>
        [.. parent.Elements("Extrinsic").Select(x => new Extrinsic(RequiredAttribute(x, "name"), x.Value.Trim()))];

    private static string? MapComments(CxmlNode parent)
    {
        var comments = parent.Elements("Comments")
            .Select(c => c.OwnText.Trim())
            .Where(c => c.Length > 0)
            .ToList();
        return comments.Count > 0 ? string.Join("\n", comments) : null;
    }
}
