using Punchout.Protocols.Cxml.Reading;
using Punchout.Protocols.Cxml.Status;

namespace Punchout.Protocols.Cxml;

// StatusUpdateRequest (cXML.dtd).
public static partial class CxmlReader
{
    private static StatusUpdateRequest MapStatusUpdateRequest(CxmlNode e) => new()
    {
        DocumentReference = e.Element("DocumentReference") is { } reference ? MapDocumentReference(reference) : null,
        Status = MapStatus(RequiredChild(e, "Status")),
        Detail = MapStatusUpdateDetail(e),
        Extrinsics = MapExtrinsics(e),
    };

    // The DTD allows at most one of the statuses after Status; the first one found is the one.
    private static StatusUpdateDetail? MapStatusUpdateDetail(CxmlNode parent)
    {
        var detail = parent.Children.FirstOrDefault(c => c.Name is "DocumentStatus" or "IntegrationStatus" or "InvoiceStatus" or "PaymentStatus" or "SourcingStatus");
        return detail?.Name switch
        {
            null => null,
            "DocumentStatus" => new DocumentStatus(RequiredAttribute(detail, "type")) { Comments = MapCommentList(detail) },
            "IntegrationStatus" => new IntegrationStatus(Enumeration<IntegrationDocumentStatus>(detail, RequiredAttribute(detail, "documentStatus")))
            {
                Message = detail.Element("IntegrationMessage") is { } message
                    ? new IntegrationMessage(Yes(message, "isSuccessful"), RequiredAttribute(message, "type"), message.Value.Trim())
                    : null,
            },
            "InvoiceStatus" => new InvoiceStatus(Enumeration<InvoiceStatusType>(detail, RequiredAttribute(detail, "type")))
            {
                PaymentNetDueDate = OptionalTimestamp(detail, "paymentNetDueDate"),
                Comments = MapCommentList(detail),
            },
            _ => new UnmodelledStatus(detail.Name, NonEmptyAttribute(detail, "type")),
        };
    }
}
