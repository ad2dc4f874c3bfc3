using Punchout.Protocols.Cxml.Orders;
using System.Xml;

namespace Punchout.Protocols.Cxml;

// The OrderRequest.
public static partial class CxmlWriter
{
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
}
