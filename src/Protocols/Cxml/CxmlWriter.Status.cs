using System.Xml;
using Punchout.Protocols.Cxml.Status;

namespace Punchout.Protocols.Cxml;

// StatusUpdateRequest (cXML.dtd).
public static partial class CxmlWriter
{
    private static void WriteStatusUpdateRequest(XmlWriter w, StatusUpdateRequest update)
    {
        w.WriteStartElement("StatusUpdateRequest");
        WriteIfPresent(w, update.DocumentReference, WriteDocumentReference);
        WriteStatus(w, update.Status);
        switch (update.Detail)
        {
            case null:
                break;
            case DocumentStatus document:
                w.WriteStartElement("DocumentStatus");
                w.WriteAttributeString("type", document.Type);
                WriteCommentList(w, document.Comments);
                w.WriteEndElement();
                break;
            case IntegrationStatus integration:
                w.WriteStartElement("IntegrationStatus");
                w.WriteAttributeString("documentStatus", Lower(integration.DocumentStatus));
                if (integration.Message is { } message)
                {
                    w.WriteStartElement("IntegrationMessage");
                    w.WriteAttributeString("isSuccessful", message.IsSuccessful ? "yes" : "no");
                    w.WriteAttributeString("type", message.Type);
                    w.WriteString(message.Text);
                    w.WriteEndElement();
                }

                w.WriteEndElement();
                break;
            case InvoiceStatus invoice:
                w.WriteStartElement("InvoiceStatus");
                w.WriteAttributeString("type", Lower(invoice.Type));
                WriteOptionalTimestamp(w, "paymentNetDueDate", invoice.PaymentNetDueDate);
                WriteCommentList(w, invoice.Comments);
                w.WriteEndElement();
                break;
            default:
                throw new InvalidOperationException($"A {update.Detail.Name} is read by name only and cannot be written.");
        }

        WriteExtrinsics(w, update.Extrinsics);
        w.WriteEndElement();
    }
}
