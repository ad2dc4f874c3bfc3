using System.Xml;
using Punchout.Protocols.Cxml.Orders;

namespace Punchout.Protocols.Cxml;

// The OrderRequest, in the order of the DTD's OrderRequestHeader and ItemOut.
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
        WriteYes(w, "releaseRequired", header.ReleaseRequired);
        w.WriteAttributeString("type", Lower(header.Type));
        w.WriteAttributeString("orderVersion", Number(header.OrderVersion));
        WriteOptionalAttribute(w, "parentAgreementID", header.ParentAgreementId);
        WriteOptionalTimestamp(w, "effectiveDate", header.EffectiveDate);
        WriteOptionalTimestamp(w, "expirationDate", header.ExpirationDate);
        WriteOptionalAttribute(w, "agreementID", header.AgreementId);
        WriteOptionalAttribute(w, "agreementPayloadID", header.AgreementPayloadId);
        WriteOptionalAttribute(w, "requisitionID", header.RequisitionId);
        WriteYes(w, "shipComplete", header.ShipComplete);
        WriteOptionalTimestamp(w, "requestedDeliveryDate", header.RequestedDeliveryDate);
        WriteMoneyElement(w, "Total", header.Total);
        if (header.ShipTo is { } shipTo)
        {
            WriteAddressIn(w, "ShipTo", shipTo);
        }

        WriteAddressIn(w, "BillTo", header.BillTo);
        WriteCharges(w, header.Shipping, header.Tax);
        if (header.Payment is { } card)
        {
            w.WriteStartElement("Payment");
            w.WriteStartElement("PCard");
            w.WriteAttributeString("number", card.Number);
            w.WriteAttributeString("expiration", card.Expiration);
            WriteOptionalAttribute(w, "name", card.Name);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        WriteContacts(w, header.Contacts);
        WriteCommentList(w, header.Comments);
        if (header.DocumentReference is { } reference)
        {
            WriteDocumentReference(w, reference);
        }

        if (header.SupplierOrderInfo is { } info)
        {
            WriteSupplierOrderInfo(w, info);
        }

        WriteExtrinsics(w, header.Extrinsics);
        w.WriteEndElement();
        foreach (var item in RequireAny(order.Items, "OrderRequest/ItemOut"))
        {
            WriteOrderItemOut(w, item);
        }

        w.WriteEndElement();
    }

    private static void WriteOrderItemOut(XmlWriter w, OrderItemOut item)
    {
        w.WriteStartElement("ItemOut");
        w.WriteAttributeString("quantity", Number(item.Quantity));
        w.WriteAttributeString("lineNumber", Number(item.LineNumber));
        WriteOptionalAttribute(w, "requisitionID", item.RequisitionId);
        WriteOptionalAttribute(w, "agreementItemNumber", item.AgreementItemNumber);
        WriteOptionalTimestamp(w, "requestedDeliveryDate", item.RequestedDeliveryDate);
        WriteYes(w, "isAdHoc", item.IsAdHoc);
        WriteOptionalTimestamp(w, "requestedShipmentDate", item.RequestedShipmentDate);
        WriteItemId(w, item.ItemId);
        if (item.ItemDetail is { } detail)
        {
            WriteItemDetail(w, detail);
        }
        else if (item.BlanketItemDetail is { } blanket)
        {
            WriteBlanketItemDetail(w, blanket);
        }

        if (item.ShipTo is { } shipTo)
        {
            WriteAddressIn(w, "ShipTo", shipTo);
        }

        WriteCharges(w, item.Shipping, item.Tax);
        WriteDistributions(w, item.Distributions);
        WriteContacts(w, item.Contacts);
        WriteCommentList(w, item.Comments);
        if (item.MasterAgreement is { } agreement)
        {
            WriteMasterAgreement(w, agreement);
        }

        w.WriteEndElement();
    }

    private static void WriteMasterAgreement(XmlWriter w, MasterAgreement agreement)
    {
        switch (agreement)
        {
            case MasterAgreementReference reference:
                w.WriteStartElement("MasterAgreementReference");
                WriteOptionalAttribute(w, "agreementID", reference.AgreementId);
                WriteAgreementAttributes(w, reference);
                WriteDocumentReference(w, reference.DocumentReference);
                w.WriteEndElement();
                break;
            case MasterAgreementIdInfo info:
                w.WriteStartElement("MasterAgreementIDInfo");
                w.WriteAttributeString("agreementID", info.AgreementId);
                WriteAgreementAttributes(w, info);
                w.WriteEndElement();
                break;
        }
    }

    private static void WriteAgreementAttributes(XmlWriter w, MasterAgreement agreement)
    {
        WriteOptionalTimestamp(w, "agreementDate", agreement.AgreementDate);
        WriteOptionalChoice(w, "agreementType", agreement.AgreementType, "scheduling_agreement");
    }

    private static void WriteBlanketItemDetail(XmlWriter w, BlanketItemDetail detail)
    {
        w.WriteStartElement("BlanketItemDetail");
        foreach (var description in RequireAny(detail.Descriptions, "BlanketItemDetail/Description"))
        {
            WriteDescription(w, "Description", description);
        }

        WriteOptionalMoneyElement(w, "MaxAmount", detail.MaxAmount);
        WriteOptionalMoneyElement(w, "MinAmount", detail.MinAmount);
        if (detail.MaxQuantity is { } max)
        {
            w.WriteElementString("MaxQuantity", Number(max));
        }

        if (detail.MinQuantity is { } min)
        {
            w.WriteElementString("MinQuantity", Number(min));
        }

        WriteOptionalMoneyElement(w, "UnitPrice", detail.UnitPrice);
        WriteOptional(w, "UnitOfMeasure", detail.UnitOfMeasure);
        WriteClassifications(w, detail.Classifications);
        WriteExtrinsics(w, detail.Extrinsics);
        w.WriteEndElement();
    }

    private static void WriteSupplierOrderInfo(XmlWriter w, SupplierOrderInfo info)
    {
        w.WriteStartElement("SupplierOrderInfo");
        w.WriteAttributeString("orderID", info.OrderId);
        WriteOptionalTimestamp(w, "orderDate", info.OrderDate);
        w.WriteEndElement();
    }
}
