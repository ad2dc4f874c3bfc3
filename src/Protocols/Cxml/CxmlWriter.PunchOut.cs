using Punchout.Protocols.Cxml.PunchOut;
using System.Xml;

namespace Punchout.Protocols.Cxml;

// The punchout documents: PunchOutSetupRequest and PunchOutOrderMessage.
public static partial class CxmlWriter
{
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
}
