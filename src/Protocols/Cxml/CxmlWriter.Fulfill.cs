using Punchout.Protocols.Cxml.Orders;
using System.Xml;
using Punchout.Protocols.Cxml.Fulfill;
using Punchout.Protocols.Cxml.PunchOut;

namespace Punchout.Protocols.Cxml;

// ConfirmationRequest and ShipNoticeRequest (Fulfill.dtd).
public static partial class CxmlWriter
{
    private static void WriteConfirmationRequest(XmlWriter w, ConfirmationRequest confirmation)
    {
        var header = confirmation.Header;
        w.WriteStartElement("ConfirmationRequest");
        w.WriteStartElement("ConfirmationHeader");
        WriteOptionalAttribute(w, "confirmID", header.ConfirmId);
        w.WriteAttributeString("operation", Lower(header.Operation));
        w.WriteAttributeString("type", Lower(header.Type));
        w.WriteAttributeString("noticeDate", CxmlTimestamp.Format(header.NoticeDate));
        WriteOptionalAttribute(w, "invoiceID", header.InvoiceId);
        WriteOptionalEnumerationAttribute(w, "incoTerms", header.IncoTerms);
        WriteOptionalNumber(w, "version", header.Version);
        WriteIfPresent(w, header.DocumentReference, WriteDocumentReference);
        WriteOptionalMoneyElement(w, "Total", header.Total);
        WriteIfPresent(w, header.Shipping, WriteShipping);
        WriteIfPresent(w, header.Tax, WriteTax);
        WriteContacts(w, header.Contacts);
        WriteCommentList(w, header.Comments);
        WriteExtrinsics(w, header.Extrinsics);
        w.WriteEndElement();
        WriteOrderReference(w, confirmation.OrderReference);
        foreach (var item in confirmation.Items)
        {
            w.WriteStartElement("ConfirmationItem");
            w.WriteAttributeString("quantity", Number(item.Quantity));
            w.WriteAttributeString("lineNumber", Number(item.LineNumber));
            w.WriteElementString("UnitOfMeasure", item.UnitOfMeasure);
            WriteContacts(w, item.Contacts);
            foreach (var status in RequireAny(item.Statuses, "ConfirmationItem/ConfirmationStatus"))
            {
                WriteConfirmationStatus(w, status);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteConfirmationStatus(XmlWriter w, ConfirmationStatus status)
    {
        w.WriteStartElement("ConfirmationStatus");
        w.WriteAttributeString("quantity", Number(status.Quantity));
        w.WriteAttributeString("type", Lower(status.Type));
        WriteOptionalTimestamp(w, "shipmentDate", status.ShipmentDate);
        WriteOptionalTimestamp(w, "deliveryDate", status.DeliveryDate);
        w.WriteElementString("UnitOfMeasure", status.UnitOfMeasure);
        if (status.Substitute is { } substitute)
        {
            WriteItemIn(w, substitute);
        }
        else
        {
            WriteOptionalMoneyElement(w, "UnitPrice", status.UnitPrice);
            WriteIfPresent(w, status.Tax, WriteTax);
            WriteIfPresent(w, status.Shipping, WriteShipping);
        }

        WriteCommentList(w, status.Comments);
        WriteExtrinsics(w, status.Extrinsics);
        w.WriteEndElement();
    }

    // A substitute offered in a ConfirmationStatus: the same ItemIn as in a PunchOutOrderMessage.

    private static void WriteShipNoticeRequest(XmlWriter w, ShipNoticeRequest notice)
    {
        var header = notice.Header;
        w.WriteStartElement("ShipNoticeRequest");
        w.WriteStartElement("ShipNoticeHeader");
        w.WriteAttributeString("shipmentID", header.ShipmentId);
        w.WriteAttributeString("operation", Lower(header.Operation));
        w.WriteAttributeString("noticeDate", CxmlTimestamp.Format(header.NoticeDate));
        WriteOptionalTimestamp(w, "shipmentDate", header.ShipmentDate);
        WriteOptionalTimestamp(w, "deliveryDate", header.DeliveryDate);
        WriteOptionalEnumerationAttribute(w, "shipmentType", header.ShipmentType);
        WriteOptionalEnumerationAttribute(w, "fulfillmentType", header.FulfillmentType);
        WriteOptionalEnumerationAttribute(w, "reason", header.Reason);
        foreach (var level in header.ServiceLevels)
        {
            w.WriteStartElement("ServiceLevel");
            w.WriteAttributeString("xml", "lang", null, level.Lang);
            w.WriteString(level.Text);
            w.WriteEndElement();
        }

        WriteIfPresent(w, header.DocumentReference, WriteDocumentReference);
        WriteContacts(w, header.Contacts);
        WriteCommentList(w, header.Comments);
        WriteExtrinsics(w, header.Extrinsics);
        w.WriteEndElement();
        foreach (var control in notice.Controls)
        {
            WriteShipControl(w, control);
        }

        foreach (var portion in notice.Portions)
        {
            WriteShipNoticePortion(w, portion);
        }

        w.WriteEndElement();
    }

    private static void WriteShipControl(XmlWriter w, ShipControl control)
    {
        w.WriteStartElement("ShipControl");
        WriteOptionalTimestamp(w, "startDate", control.StartDate);
        foreach (var carrier in RequireAny(control.Carriers, "ShipControl/CarrierIdentifier"))
        {
            w.WriteStartElement("CarrierIdentifier");
            w.WriteAttributeString("domain", carrier.Domain);
            w.WriteString(carrier.Value);
            w.WriteEndElement();
        }

        foreach (var identifier in RequireAny(control.ShipmentIdentifiers, "ShipControl/ShipmentIdentifier"))
        {
            w.WriteStartElement("ShipmentIdentifier");
            WriteOptionalAttribute(w, "domain", identifier.Domain);
            w.WriteString(identifier.Value);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteShipNoticePortion(XmlWriter w, ShipNoticePortion portion)
    {
        w.WriteStartElement("ShipNoticePortion");
        WriteOrderReference(w, portion.OrderReference);
        WriteIfPresent(w, portion.MasterAgreement, WriteMasterAgreement);
        WriteContacts(w, portion.Contacts);
        WriteCommentList(w, portion.Comments);
        WriteExtrinsics(w, portion.Extrinsics);
        foreach (var item in portion.Items)
        {
            w.WriteStartElement("ShipNoticeItem");
            w.WriteAttributeString("quantity", Number(item.Quantity));
            w.WriteAttributeString("lineNumber", Number(item.LineNumber));
            WriteOptionalNumber(w, "shipNoticeLineNumber", item.ShipNoticeLineNumber);
            WriteIfPresent(w, item.ItemId, WriteItemId);
            w.WriteElementString("UnitOfMeasure", item.UnitOfMeasure);
            WriteCommentList(w, item.Comments);
            WriteExtrinsics(w, item.Extrinsics);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

}
