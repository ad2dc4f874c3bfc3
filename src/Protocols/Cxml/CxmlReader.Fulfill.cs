using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.Fulfill;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.Protocols.Cxml.Reading;

namespace Punchout.Protocols.Cxml;

// ConfirmationRequest and ShipNoticeRequest (Fulfill.dtd).
public static partial class CxmlReader
{
    private static ConfirmationRequest MapConfirmationRequest(CxmlNode e)
    {
        var header = RequiredChild(e, "ConfirmationHeader");
        return new ConfirmationRequest
        {
            Header = new ConfirmationHeader
            {
                Type = Enumeration<ConfirmationType>(header, RequiredAttribute(header, "type")),
                NoticeDate = RequiredTimestampAttribute(header, "noticeDate"),
                ConfirmId = NonEmptyAttribute(header, "confirmID"),
                Operation = OptionalEnumeration<ConfirmationOperation>(header, "operation") ?? ConfirmationOperation.New,
                InvoiceId = NonEmptyAttribute(header, "invoiceID"),
                IncoTerms = OptionalEnumeration<IncoTerms>(header, "incoTerms"),
                Version = OptionalInteger(header, "version"),
                DocumentReference = header.Element("DocumentReference") is { } reference ? MapDocumentReference(reference) : null,
                Total = header.Element("Total") is { } total ? MapMoneyIn(total) : null,
                Shipping = header.Element("Shipping") is { } shipping ? MapShipping(shipping) : null,
                Tax = header.Element("Tax") is { } tax ? MapTax(tax) : null,
                Contacts = header.ElementList("Contact").ConvertAll(MapContact),
                Comments = MapCommentList(header),
                Extrinsics = MapExtrinsics(header),
            },
            OrderReference = MapOrderReference(RequiredChild(e, "OrderReference")),
            Items = e.ElementList("ConfirmationItem").ConvertAll(MapConfirmationItem),
        };
    }

    private static ConfirmationItem MapConfirmationItem(CxmlNode e) => new()
    {
        Quantity = Number(e, RequiredAttribute(e, "quantity")),
        LineNumber = Integer(e, RequiredAttribute(e, "lineNumber")),
        UnitOfMeasure = RequiredText(RequiredChild(e, "UnitOfMeasure")),
        Contacts = e.ElementList("Contact").ConvertAll(MapContact),
        Statuses = RequireOne(e.ElementList("ConfirmationStatus").ConvertAll(MapConfirmationStatus), e, "ConfirmationStatus"),
    };

    private static ConfirmationStatus MapConfirmationStatus(CxmlNode e) => new()
    {
        Quantity = Number(e, RequiredAttribute(e, "quantity")),
        Type = Enumeration<ConfirmationStatusType>(e, RequiredAttribute(e, "type")),
        ShipmentDate = OptionalTimestamp(e, "shipmentDate"),
        DeliveryDate = OptionalTimestamp(e, "deliveryDate"),
        UnitOfMeasure = RequiredText(RequiredChild(e, "UnitOfMeasure")),
        Substitute = e.Element("ItemIn") is { } item ? MapItemIn(item) : null,
        UnitPrice = e.Element("UnitPrice") is { } price ? MapMoneyIn(price) : null,
        Tax = e.Element("Tax") is { } tax ? MapTax(tax) : null,
        Shipping = e.Element("Shipping") is { } shipping ? MapShipping(shipping) : null,
        Comments = MapCommentList(e),
        Extrinsics = MapExtrinsics(e),
    };

    private static ShipNoticeRequest MapShipNoticeRequest(CxmlNode e)
    {
        var header = RequiredChild(e, "ShipNoticeHeader");
        return new ShipNoticeRequest
        {
            Header = new ShipNoticeHeader
            {
                ShipmentId = RequiredAttribute(header, "shipmentID"),
                Operation = OptionalEnumeration<ShipNoticeOperation>(header, "operation") ?? ShipNoticeOperation.New,
                NoticeDate = RequiredTimestampAttribute(header, "noticeDate"),
                ShipmentDate = OptionalTimestamp(header, "shipmentDate"),
                DeliveryDate = OptionalTimestamp(header, "deliveryDate"),
                ShipmentType = OptionalEnumeration<ShipmentType>(header, "shipmentType"),
                FulfillmentType = OptionalEnumeration<FulfillmentType>(header, "fulfillmentType"),
                Reason = OptionalEnumeration<ShipmentReason>(header, "reason"),
                ServiceLevels = header.ElementList("ServiceLevel").ConvertAll(s => new ServiceLevel(RequiredText(s), RequiredAttribute(s, "xml:lang"))),
                DocumentReference = header.Element("DocumentReference") is { } reference ? MapDocumentReference(reference) : null,
                Contacts = header.ElementList("Contact").ConvertAll(MapContact),
                Comments = MapCommentList(header),
                Extrinsics = MapExtrinsics(header),
            },
            Controls = e.ElementList("ShipControl").ConvertAll(MapShipControl),
            Portions = e.ElementList("ShipNoticePortion").ConvertAll(MapShipNoticePortion),
        };
    }

    private static ShipControl MapShipControl(CxmlNode e) => new()
    {
        StartDate = OptionalTimestamp(e, "startDate"),
        Carriers = RequireOne(e.ElementList("CarrierIdentifier").ConvertAll(c => new CarrierIdentifier(RequiredAttribute(c, "domain"), RequiredText(c))), e, "CarrierIdentifier"),
        ShipmentIdentifiers = RequireOne(e.ElementList("ShipmentIdentifier").ConvertAll(s => new ShipmentIdentifier(RequiredText(s), NonEmptyAttribute(s, "domain"))), e, "ShipmentIdentifier"),
    };

    private static ShipNoticePortion MapShipNoticePortion(CxmlNode e) => new()
    {
        OrderReference = MapOrderReference(RequiredChild(e, "OrderReference")),
        MasterAgreement = MapMasterAgreement(e),
        Contacts = e.ElementList("Contact").ConvertAll(MapContact),
        Comments = MapCommentList(e),
        Extrinsics = MapExtrinsics(e),
        Items = e.ElementList("ShipNoticeItem").ConvertAll(item => new ShipNoticeItem
        {
            Quantity = Number(item, RequiredAttribute(item, "quantity")),
            LineNumber = Integer(item, RequiredAttribute(item, "lineNumber")),
            ShipNoticeLineNumber = OptionalInteger(item, "shipNoticeLineNumber"),
            ItemId = item.Element("ItemID") is { } itemId ? MapItemId(itemId) : null,
            UnitOfMeasure = RequiredText(RequiredChild(item, "UnitOfMeasure")),
            Comments = MapCommentList(item),
            Extrinsics = MapExtrinsics(item),
        }),
    };
}
