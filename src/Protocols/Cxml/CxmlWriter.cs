using System.Globalization;
using System.Text;
using System.Xml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;

namespace Punchout.Protocols.Cxml;

/// <summary>Writes cXML documents that validate against the bundled DTD: UTF-8 without BOM, elements in the DTD's
/// order, datetimes with an offset, decimals with a point, empty optional elements left out.</summary>
public static class CxmlWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        CloseOutput = false,
    };

    /// <summary>The document's bytes.</summary>
    public static byte[] ToBytes(CxmlEnvelope document)
    {
        using var buffer = new MemoryStream();
        Write(document, buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes the document to <paramref name="output"/>.</summary>
    /// <exception cref="InvalidOperationException">The model lacks something the DTD requires.</exception>
    public static void Write(CxmlEnvelope document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var w = XmlWriter.Create(output, Settings);
        w.WriteStartDocument();
        w.WriteDocType("cXML", null, CxmlDtd.SystemIdOf(CxmlDtd.CxmlDtdName), null);
        w.WriteStartElement("cXML");
        w.WriteAttributeString("payloadID", document.PayloadId);
        w.WriteAttributeString("timestamp", CxmlTimestamp.Format(document.Timestamp));
        w.WriteAttributeString("xml", "lang", null, document.Lang ?? "en-US");
        if (document.Header is { } header)
        {
            WriteHeader(w, header);
        }
        else if (document.Body is not CxmlResponse)
        {
            throw new InvalidOperationException("A Request or Message needs a Header.");
        }

        switch (document.Body)
        {
            case CxmlRequest request:
                w.WriteStartElement("Request");
                w.WriteAttributeString("deploymentMode", request.DeploymentMode == DeploymentMode.Test ? "test" : "production");
                WriteRequestPayload(w, request.Payload);
                w.WriteEndElement();
                break;
            case CxmlResponse response:
                w.WriteStartElement("Response");
                WriteStatus(w, response.Status);
                if (response.Payload is PunchOutSetupResponse setup)
                {
                    w.WriteStartElement("PunchOutSetupResponse");
                    w.WriteStartElement("StartPage");
                    w.WriteElementString("URL", setup.StartPageUrl);
                    w.WriteEndElement();
                    w.WriteEndElement();
                }

                w.WriteEndElement();
                break;
            case CxmlMessage message:
                w.WriteStartElement("Message");
                w.WriteAttributeString("deploymentMode", message.DeploymentMode == DeploymentMode.Test ? "test" : "production");
                if (message.InReplyTo is { } inReplyTo)
                {
                    w.WriteAttributeString("inReplyTo", inReplyTo);
                }

                if (message.Status is { } status)
                {
                    WriteStatus(w, status);
                }

                WriteMessagePayload(w, message.Payload);
                w.WriteEndElement();
                break;
            default:
                throw new InvalidOperationException($"No writer for {document.Body.GetType().Name}.");
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteHeader(XmlWriter w, CxmlHeader header)
    {
        w.WriteStartElement("Header");
        WriteCredentials(w, "From", header.From);
        WriteCredentials(w, "To", header.To);
        w.WriteStartElement("Sender");
        foreach (var credential in RequireAny(header.Sender.Credentials, "Sender"))
        {
            WriteCredential(w, credential);
        }

        w.WriteElementString("UserAgent", header.Sender.UserAgent);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteCredentials(XmlWriter w, string element, IReadOnlyList<Credential> credentials)
    {
        w.WriteStartElement(element);
        foreach (var credential in RequireAny(credentials, element))
        {
            WriteCredential(w, credential);
        }

        w.WriteEndElement();
    }

    private static void WriteCredential(XmlWriter w, Credential credential)
    {
        w.WriteStartElement("Credential");
        w.WriteAttributeString("domain", credential.Domain);
        w.WriteElementString("Identity", credential.Identity);
        if (credential.SharedSecret is { } secret)
        {
            w.WriteElementString("SharedSecret", secret.Reveal());
        }

        w.WriteEndElement();
    }

    private static void WriteStatus(XmlWriter w, CxmlStatus status)
    {
        w.WriteStartElement("Status");
        w.WriteAttributeString("code", status.Code.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("text", status.Text);
        w.WriteAttributeString("xml", "lang", null, "en-US");
        if (!string.IsNullOrEmpty(status.Detail))
        {
            w.WriteString(status.Detail);
        }

        w.WriteEndElement();
    }

    private static void WriteRequestPayload(XmlWriter w, CxmlRequestPayload payload)
    {
        switch (payload)
        {
            case PunchOutSetupRequest setup:
                WritePunchOutSetupRequest(w, setup);
                break;
            case OrderRequest order:
                WriteOrderRequest(w, order);
                break;
            default:
                throw new InvalidOperationException($"No writer for {payload.RequestName}.");
        }
    }

    private static void WriteMessagePayload(XmlWriter w, CxmlMessagePayload payload)
    {
        if (payload is not PunchOutOrderMessage message)
        {
            throw new InvalidOperationException($"No writer for {payload.GetType().Name}.");
        }

        w.WriteStartElement("PunchOutOrderMessage");
        w.WriteElementString("BuyerCookie", message.BuyerCookie);
        w.WriteStartElement("PunchOutOrderMessageHeader");
        w.WriteAttributeString("operationAllowed", Lower(message.OperationAllowed));
        WriteMoneyElement(w, "Total", message.Total);
        w.WriteEndElement();
        foreach (var item in message.Items)
        {
            w.WriteStartElement("ItemIn");
            w.WriteAttributeString("quantity", Number(item.Quantity));
            if (item.LineNumber is { } line)
            {
                w.WriteAttributeString("lineNumber", Number(line));
            }

            WriteItemId(w, item.ItemId);
            WriteItemDetail(w, item.ItemDetail);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WritePunchOutSetupRequest(XmlWriter w, PunchOutSetupRequest setup)
    {
        w.WriteStartElement("PunchOutSetupRequest");
        w.WriteAttributeString("operation", Lower(setup.Operation));
        w.WriteElementString("BuyerCookie", setup.BuyerCookie);
        WriteExtrinsics(w, setup.Extrinsics);
        if (setup.BrowserFormPostUrl is { } formPost)
        {
            w.WriteStartElement("BrowserFormPost");
            w.WriteElementString("URL", formPost);
            w.WriteEndElement();
        }

        foreach (var contact in setup.Contacts)
        {
            w.WriteStartElement("Contact");
            if (contact.Role is { } role)
            {
                w.WriteAttributeString("role", role);
            }

            WriteName(w, contact.Name, contact.NameLang);
            WriteOptional(w, "Email", contact.Email);
            w.WriteEndElement();
        }

        if (setup.SupplierSetupUrl is { } supplierSetup)
        {
            w.WriteStartElement("SupplierSetup");
            w.WriteElementString("URL", supplierSetup);
            w.WriteEndElement();
        }

        if (setup.ShipTo is { } shipTo)
        {
            WriteAddressIn(w, "ShipTo", shipTo);
        }

        if (setup.SelectedItem is { } selected)
        {
            w.WriteStartElement("SelectedItem");
            WriteItemId(w, selected);
            w.WriteEndElement();
        }

        foreach (var item in setup.Items)
        {
            w.WriteStartElement("ItemOut");
            w.WriteAttributeString("quantity", Number(item.Quantity));
            if (item.LineNumber is { } line)
            {
                w.WriteAttributeString("lineNumber", Number(line));
            }

            WriteItemId(w, item.ItemId);
            if (item.ItemDetail is { } detail)
            {
                WriteItemDetail(w, detail);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteOrderRequest(XmlWriter w, OrderRequest order)
    {
        var header = order.Header;
        w.WriteStartElement("OrderRequest");
        w.WriteStartElement("OrderRequestHeader");
        w.WriteAttributeString("orderID", header.OrderId);
        w.WriteAttributeString("orderDate", CxmlTimestamp.Format(header.OrderDate));
        w.WriteAttributeString("orderType", Lower(header.OrderType));
        w.WriteAttributeString("type", Lower(header.Type));
        w.WriteAttributeString("orderVersion", Number(header.OrderVersion));
        WriteMoneyElement(w, "Total", header.Total);
        if (header.ShipTo is { } shipTo)
        {
            WriteAddressIn(w, "ShipTo", shipTo);
        }

        WriteAddressIn(w, "BillTo", header.BillTo);
        WriteComments(w, header.Comments);
        WriteExtrinsics(w, header.Extrinsics);
        w.WriteEndElement();
        foreach (var item in RequireAny(order.Items, "OrderRequest"))
        {
            w.WriteStartElement("ItemOut");
            w.WriteAttributeString("quantity", Number(item.Quantity));
            w.WriteAttributeString("lineNumber", Number(item.LineNumber));
            if (item.RequestedDeliveryDate is { } requested)
            {
                w.WriteAttributeString("requestedDeliveryDate", CxmlTimestamp.Format(requested));
            }

            WriteItemId(w, item.ItemId);
            if (item.ItemDetail is { } detail)
            {
                WriteItemDetail(w, detail);
            }

            if (item.ShipTo is { } lineShipTo)
            {
                WriteAddressIn(w, "ShipTo", lineShipTo);
            }

            WriteComments(w, item.Comments);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

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

    private static void WriteOptional(XmlWriter w, string element, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteElementString(element, value);
        }
    }

    private static void WriteOptionalAttribute(XmlWriter w, string attribute, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteAttributeString(attribute, value);
        }
    }

    private static IReadOnlyList<T> RequireAny<T>(IReadOnlyList<T> items, string what) =>
        items.Count > 0 ? items : throw new InvalidOperationException($"The DTD requires at least one {what}.");

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Lower<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        return string.Concat(name[..1].ToLowerInvariant(), name.AsSpan(1));
    }
}
