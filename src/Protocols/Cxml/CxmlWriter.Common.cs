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
            WriteDescription(w, "Description", description);
        }

        w.WriteElementString("UnitOfMeasure", detail.UnitOfMeasure);
        if (detail.PriceBasisQuantity is { } basis)
        {
            w.WriteStartElement("PriceBasisQuantity");
            w.WriteAttributeString("quantity", Number(basis.Quantity));
            w.WriteAttributeString("conversionFactor", Number(basis.ConversionFactor));
            w.WriteElementString("UnitOfMeasure", basis.UnitOfMeasure);
            if (basis.Description is { } basisDescription)
            {
                WriteDescription(w, "Description", basisDescription);
            }

            w.WriteEndElement();
        }

        WriteClassifications(w, RequireAny(detail.Classifications, "ItemDetail/Classification"));
        WriteOptional(w, "ManufacturerPartID", detail.ManufacturerPartId);
        WriteOptional(w, "ManufacturerName", detail.ManufacturerName);
        WriteOptional(w, "URL", detail.Url);
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
            WritePostalAddress(w, postal);
        }

        WriteOptional(w, "Email", address.Email);
        if (address.Phone is { } phone)
        {
            WritePhone(w, phone);
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WritePostalAddress(XmlWriter w, PostalAddress postal)
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

    private static void WritePhone(XmlWriter w, Phone phone)
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

    private static void WriteContact(XmlWriter w, Contact contact)
    {
        w.WriteStartElement("Contact");
        WriteOptionalToken(w, "role", contact.Role);
        WriteOptionalAttribute(w, "addressID", contact.AddressId);
        WriteOptionalAttribute(w, "addressIDDomain", contact.AddressIdDomain);
        WriteName(w, contact.Name, contact.NameLang);
        foreach (var postal in contact.PostalAddresses)
        {
            WritePostalAddress(w, postal);
        }

        WriteOptional(w, "Email", contact.Email);
        foreach (var email in contact.MoreEmails)
        {
            w.WriteElementString("Email", email);
        }

        foreach (var phone in contact.Phones)
        {
            WritePhone(w, phone);
        }

        WriteExtrinsics(w, contact.Extrinsics);
        w.WriteEndElement();
    }

    private static void WriteDescription(XmlWriter w, string element, Description description)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("xml", "lang", null, description.Lang);
        WriteOptional(w, "ShortName", description.ShortName);
        w.WriteString(description.Text);
        w.WriteEndElement();
    }

    private static void WriteClassifications(XmlWriter w, IReadOnlyList<Classification> classifications)
    {
        foreach (var classification in classifications)
        {
            w.WriteStartElement("Classification");
            w.WriteAttributeString("domain", classification.Domain);
            WriteOptionalAttribute(w, "code", classification.Code);
            w.WriteString(classification.Value);
            w.WriteEndElement();
        }
    }

    // Shipping then Tax: the order every DTD that has both puts them in.
    private static void WriteCharges(XmlWriter w, Shipping? shipping, Tax? tax)
    {
        if (shipping is not null)
        {
            WriteShipping(w, shipping);
        }

        if (tax is not null)
        {
            WriteTax(w, tax);
        }
    }

    private static void WriteContacts(XmlWriter w, IReadOnlyList<Contact> contacts)
    {
        foreach (var contact in contacts)
        {
            WriteContact(w, contact);
        }
    }

    private static void WriteDistributions(XmlWriter w, IReadOnlyList<Distribution> distributions)
    {
        foreach (var distribution in distributions)
        {
            w.WriteStartElement("Distribution");
            w.WriteStartElement("Accounting");
            w.WriteAttributeString("name", distribution.Accounting.Name);
            foreach (var segment in distribution.Accounting.Segments)
            {
                if (distribution.Accounting.LegacySegments)
                {
                    w.WriteStartElement("Segment");
                    w.WriteAttributeString("type", segment.Name);
                    w.WriteAttributeString("id", segment.Id);
                    w.WriteAttributeString("description", segment.Description);
                }
                else
                {
                    w.WriteStartElement("AccountingSegment");
                    w.WriteAttributeString("id", segment.Id);
                    WriteName(w, segment.Name, segment.Lang);
                    WriteDescription(w, "Description", new Description(segment.Description, segment.Lang));
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            WriteMoneyElement(w, "Charge", distribution.Charge);
            w.WriteEndElement();
        }
    }

    private static void WriteOptionalMoneyElement(XmlWriter w, string element, Money? money)
    {
        if (money is not null)
        {
            WriteMoneyElement(w, element, money);
        }
    }

    private static void WriteOptionalNumber(XmlWriter w, string attribute, int? value)
    {
        if (value is { } number)
        {
            w.WriteAttributeString(attribute, Number(number));
        }
    }

    private static void WriteOptionalTimestamp(XmlWriter w, string attribute, DateTimeOffset? value)
    {
        if (value is { } timestamp)
        {
            w.WriteAttributeString(attribute, CxmlTimestamp.Format(timestamp));
        }
    }

    private static void WriteYes(XmlWriter w, string attribute, bool value)
    {
        if (value)
        {
            w.WriteAttributeString(attribute, "yes");
        }
    }

    // An NMTOKEN attribute (Contact@role): read leniently, so a value a buyer sent with a space in it is left out
    // rather than written into an invalid document.
    private static void WriteOptionalToken(XmlWriter w, string attribute, string? value)
    {
        if (!string.IsNullOrEmpty(value) && value.All(c => XmlConvert.IsNCNameChar(c) || c == ':'))
        {
            w.WriteAttributeString(attribute, value);
        }
    }

    // An attribute the DTD enumerates: written in the DTD's spelling when the value is one of them, left out otherwise.
    private static void WriteOptionalChoice(XmlWriter w, string attribute, string? value, params ReadOnlySpan<string> allowed)
    {
        foreach (var choice in allowed)
        {
            if (string.Equals(choice, value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                w.WriteAttributeString(attribute, choice);
                return;
            }
        }
    }

    private static void WriteLang(XmlWriter w, string? lang)
    {
        if (!string.IsNullOrEmpty(lang))
        {
            w.WriteAttributeString("xml", "lang", null, lang);
        }
    }

    private static void WriteDocumentReference(XmlWriter w, DocumentReference reference)
    {
        w.WriteStartElement("DocumentReference");
        w.WriteAttributeString("payloadID", reference.PayloadId);
        w.WriteEndElement();
    }

    private static void WriteShipping(XmlWriter w, Shipping shipping)
    {
        w.WriteStartElement("Shipping");
        WriteOptionalAttribute(w, "trackingDomain", shipping.TrackingDomain);
        WriteOptionalAttribute(w, "trackingId", shipping.TrackingId);
        WriteOptionalAttribute(w, "tracking", shipping.Tracking);
        WriteMoney(w, shipping.Money);
        WriteDescription(w, "Description", shipping.Description);
        w.WriteEndElement();
    }

    private static void WriteTax(XmlWriter w, Tax tax)
    {
        w.WriteStartElement("Tax");
        WriteMoney(w, tax.Money);
        WriteDescription(w, "Description", tax.Description);
        foreach (var detail in tax.Details)
        {
            w.WriteStartElement("TaxDetail");
            WriteOptionalAttribute(w, "purpose", detail.Purpose);
            w.WriteAttributeString("category", detail.Category);
            if (detail.PercentageRate is { } rate)
            {
                w.WriteAttributeString("percentageRate", Number(rate));
            }

            WriteOptionalAttribute(w, "taxPointDate", detail.TaxPointDate);
            WriteOptionalAttribute(w, "exemptDetail", detail.ExemptDetail);
            if (detail.TaxableAmount is { } taxable)
            {
                WriteMoneyElement(w, "TaxableAmount", taxable);
            }

            WriteMoneyElement(w, "TaxAmount", detail.TaxAmount);
            if (detail.TaxLocation is { } location)
            {
                WriteDescription(w, "TaxLocation", location);
            }

            if (detail.Description is { } description)
            {
                WriteDescription(w, "Description", description);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteCommentList(XmlWriter w, IReadOnlyList<Comment> comments)
    {
        foreach (var comment in comments)
        {
            w.WriteStartElement("Comments");
            WriteLang(w, comment.Lang);
            WriteOptionalAttribute(w, "type", comment.Type);
            w.WriteString(comment.Text);
            foreach (var url in comment.AttachmentUrls)
            {
                w.WriteStartElement("Attachment");
                w.WriteElementString("URL", url);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }
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
        WriteMoney(w, money);
        w.WriteEndElement();
    }

    private static void WriteMoney(XmlWriter w, Money money)
    {
        w.WriteStartElement("Money");
        w.WriteAttributeString("currency", money.Currency);
        w.WriteString(Number(money.Amount));
        w.WriteEndElement();
    }
}
