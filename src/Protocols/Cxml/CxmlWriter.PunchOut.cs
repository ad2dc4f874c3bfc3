using System.Xml;
using Punchout.Protocols.Cxml.PunchOut;

namespace Punchout.Protocols.Cxml;

// The punchout documents: PunchOutSetupRequest and PunchOutOrderMessage, in the DTD's order.
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
        if (message.QuoteStatus != QuoteStatus.Final)
        {
            w.WriteAttributeString("quoteStatus", Lower(message.QuoteStatus));
        }

        WriteMoneyElement(w, "Total", message.Total);
        if (message.ShipTo is { } shipTo)
        {
            WriteAddressIn(w, "ShipTo", shipTo);
        }

        WriteCharges(w, message.Shipping, message.Tax);
        if (message.SupplierOrderInfo is { } info)
        {
            WriteSupplierOrderInfo(w, info);
        }

        w.WriteEndElement();
        foreach (var item in message.Items)
        {
            WriteItemIn(w, item);
        }

        w.WriteEndElement();
    }

    private static void WriteItemIn(XmlWriter w, ItemIn item)
    {
        w.WriteStartElement("ItemIn");
        w.WriteAttributeString("quantity", Number(item.Quantity));
        WriteOptionalNumber(w, "lineNumber", item.LineNumber);
        WriteOptionalNumber(w, "parentLineNumber", item.ParentLineNumber);
        WriteOptionalChoice(w, "itemType", item.ItemType, "composite", "item", "lean");
        WriteItemId(w, item.ItemId);
        WriteItemDetail(w, item.ItemDetail);
        if (item.ShipTo is { } shipTo)
        {
            WriteAddressIn(w, "ShipTo", shipTo);
        }

        WriteCharges(w, item.Shipping, item.Tax);
        WriteDistributions(w, item.Distributions);
        WriteContacts(w, item.Contacts);
        if (item.Comment is { } comment)
        {
            WriteCommentList(w, [comment]);
        }

        WriteExtrinsics(w, item.Extrinsics);
        w.WriteEndElement();
    }

    private static void WritePunchOutSetupRequest(XmlWriter w, PunchOutSetupRequest setup)
    {
        w.WriteStartElement("PunchOutSetupRequest");
        w.WriteAttributeString("operation", Lower(setup.Operation));
        w.WriteElementString("BuyerCookie", setup.BuyerCookie);
        WriteExtrinsics(w, setup.Extrinsics);
        WriteUrlIn(w, "BrowserFormPost", setup.BrowserFormPostUrl);
        WriteContacts(w, setup.Contacts);
        WriteUrlIn(w, "SupplierSetup", setup.SupplierSetupUrl);
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
            WriteOptionalNumber(w, "lineNumber", item.LineNumber);
            WriteOptionalTimestamp(w, "requestedDeliveryDate", item.RequestedDeliveryDate);
            WriteItemId(w, item.ItemId);
            if (item.ItemDetail is { } detail)
            {
                WriteItemDetail(w, detail);
            }

            if (item.ShipTo is { } itemShipTo)
            {
                WriteAddressIn(w, "ShipTo", itemShipTo);
            }

            WriteContacts(w, item.Contacts);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteUrlIn(XmlWriter w, string element, string? url)
    {
        if (url is not null)
        {
            w.WriteStartElement(element);
            w.WriteElementString("URL", url);
            w.WriteEndElement();
        }
    }
}
