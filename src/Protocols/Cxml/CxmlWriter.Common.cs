using System.Xml;

namespace Punchout.Protocols.Cxml;

// The elements many documents share: ItemID, ItemDetail, Address, Money, Extrinsic, Comments.
public static partial class CxmlWriter
{
    private static void WriteItemId(XmlWriter w, ItemId itemId)
    {
        w.WriteStartElement("ItemID");
        w.WriteElementString("SupplierPartID", itemId.SupplierPartId);
        WriteOptional(w, "SupplierPartAuxiliaryID", itemId.SupplierPartAuxiliaryId);
        WriteOptional(w, "BuyerPartID", itemId.BuyerPartId);
        w.WriteEndElement();
    }

    private static void WriteItemDetail(XmlWriter w, ItemDetail detail)
    {
        w.WriteStartElement("ItemDetail");
        WriteMoneyElement(w, "UnitPrice", detail.UnitPrice);
        foreach (var description in RequireAny(detail.Descriptions, "ItemDetail/Description"))
        {
            w.WriteStartElement("Description");
            w.WriteAttributeString("xml", "lang", null, description.Lang);
            WriteOptional(w, "ShortName", description.ShortName);
            w.WriteString(description.Text);
            w.WriteEndElement();
        }

        w.WriteElementString("UnitOfMeasure", detail.UnitOfMeasure);
        if (detail.PriceBasisQuantity is { } basis)
        {
            w.WriteStartElement("PriceBasisQuantity");
            w.WriteAttributeString("quantity", Number(basis.Quantity));
            w.WriteAttributeString("conversionFactor", Number(basis.ConversionFactor));
            w.WriteElementString("UnitOfMeasure", basis.UnitOfMeasure);
            w.WriteEndElement();
        }

        foreach (var classification in RequireAny(detail.Classifications, "ItemDetail/Classification"))
        {
            w.WriteStartElement("Classification");
            w.WriteAttributeString("domain", classification.Domain);
            if (classification.Code is { } code)
            {
                w.WriteAttributeString("code", code);
            }

            w.WriteString(classification.Value);
            w.WriteEndElement();
        }

        WriteOptional(w, "ManufacturerPartID", detail.ManufacturerPartId);
        WriteOptional(w, "ManufacturerName", detail.ManufacturerName);
        if (detail.LeadTimeDays is { } leadTime)
        {
            w.WriteElementString("LeadTime", Number(leadTime));
        }

        WriteExtrinsics(w, detail.Extrinsics);
        w.WriteEndElement();
    }

    private static void WriteAddressIn(XmlWriter w, string element, Address address)
    {
        w.WriteStartElement(element);
        w.WriteStartElement("Address");
        WriteOptionalAttribute(w, "isoCountryCode", address.IsoCountryCode);
        WriteOptionalAttribute(w, "addressID", address.AddressId);
        WriteOptionalAttribute(w, "addressIDDomain", address.AddressIdDomain);
        WriteName(w, address.Name, address.NameLang);
        if (address.PostalAddress is { } postal)
        {
            w.WriteStartElement("PostalAddress");
            WriteOptionalAttribute(w, "name", postal.Name);
            foreach (var deliverTo in postal.DeliverTo)
            {
                w.WriteElementString("DeliverTo", deliverTo);
            }

            foreach (var street in RequireAny(postal.Street, "PostalAddress/Street"))
            {
                w.WriteElementString("Street", street);
            }

            w.WriteElementString("City", postal.City);
            WriteOptional(w, "State", postal.State);
            WriteOptional(w, "PostalCode", postal.PostalCode);
            w.WriteStartElement("Country");
            w.WriteAttributeString("isoCountryCode", postal.IsoCountryCode);
            w.WriteString(postal.Country);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        WriteOptional(w, "Email", address.Email);
        if (address.Phone is { } phone)
        {
            w.WriteStartElement("Phone");
            WriteOptionalAttribute(w, "name", phone.Name);
            w.WriteStartElement("TelephoneNumber");
            w.WriteStartElement("CountryCode");
            w.WriteAttributeString("isoCountryCode", phone.IsoCountryCode);
            w.WriteString(phone.CountryCode);
            w.WriteEndElement();
            w.WriteElementString("AreaOrCityCode", phone.AreaOrCityCode);
            w.WriteElementString("Number", phone.Number);
            WriteOptional(w, "Extension", phone.Extension);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteName(XmlWriter w, string name, string lang)
    {
        w.WriteStartElement("Name");
        w.WriteAttributeString("xml", "lang", null, lang);
        w.WriteString(name);
        w.WriteEndElement();
    }

    private static void WriteComments(XmlWriter w, string? comments)
    {
        if (!string.IsNullOrEmpty(comments))
        {
            w.WriteStartElement("Comments");
            w.WriteAttributeString("xml", "lang", null, "en");
            w.WriteString(comments);
            w.WriteEndElement();
        }
    }

    private static void WriteExtrinsics(XmlWriter w, IReadOnlyList<Extrinsic> extrinsics)
    {
        foreach (var extrinsic in extrinsics)
        {
            w.WriteStartElement("Extrinsic");
            w.WriteAttributeString("name", extrinsic.Name);
            w.WriteString(extrinsic.Value);
            w.WriteEndElement();
        }
    }

    private static void WriteMoneyElement(XmlWriter w, string element, Money money)
    {
        w.WriteStartElement(element);
        w.WriteStartElement("Money");
        w.WriteAttributeString("currency", money.Currency);
        w.WriteString(Number(money.Amount));
        w.WriteEndElement();
        w.WriteEndElement();
    }
}
