using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.Reading;

namespace Punchout.Protocols.Cxml;

// The OrderRequest.
public static partial class CxmlReader
{
    private static OrderRequest MapOrderRequest(CxmlNode e)
    {
        var header = RequiredChild(e, "OrderRequestHeader");
        var items = e.ElementList("ItemOut");
        if (items.Count == 0)
        {
            throw Failure(CxmlReadErrorKind.MissingRequired, "The required element ItemOut is missing.", e);
        }

        return new OrderRequest
        {
            Header = MapOrderRequestHeader(header),
            Items = items.ConvertAll(item => MapOrderItemOut(item, items.IndexOf(item) + 1)),
        };
    }

    private static OrderRequestHeader MapOrderRequestHeader(CxmlNode header) => new()
    {
        OrderId = RequiredAttribute(header, "orderID"),
        OrderDate = OptionalTimestamp(header, "orderDate") ?? throw Failure(CxmlReadErrorKind.MissingRequired, "The required attribute orderDate is missing.", header),
        Type = header.Attribute("type") is { } type ? Enumeration<OrderRequestType>(header, type) : OrderRequestType.New,
        OrderType = header.Attribute("orderType") is { } orderType ? Enumeration<OrderType>(header, orderType) : OrderType.Regular,
        OrderVersion = OptionalInteger(header, "orderVersion") ?? 1,
        RequisitionId = header.Attribute("requisitionID"),
        ShipComplete = Yes(header, "shipComplete"),
        RequestedDeliveryDate = OptionalTimestamp(header, "requestedDeliveryDate"),
        EffectiveDate = OptionalTimestamp(header, "effectiveDate"),
        ExpirationDate = OptionalTimestamp(header, "expirationDate"),
        ReleaseRequired = Yes(header, "releaseRequired"),
        ParentAgreementId = header.Attribute("parentAgreementID"),
        AgreementId = header.Attribute("agreementID"),
        AgreementPayloadId = header.Attribute("agreementPayloadID"),
        Total = MapMoney(RequiredChild(RequiredChild(header, "Total"), "Money")),
        ShipTo = OptionalAddressIn(header, "ShipTo"),
        BillTo = MapAddress(RequiredChild(RequiredChild(header, "BillTo"), "Address")),
        Shipping = header.Element("Shipping") is { } shipping ? MapShipping(shipping) : null,
        Tax = header.Element("Tax") is { } tax ? MapTax(tax) : null,
        Payment = header.Element("Payment") is { } payment ? MapPCard(RequiredChild(payment, "PCard")) : null,
        Contacts = header.ElementList("Contact").ConvertAll(MapContact),
        Comments = MapCommentList(header),
        DocumentReference = header.Element("DocumentReference") is { } reference ? MapDocumentReference(reference) : null,
        SupplierOrderInfo = header.Element("SupplierOrderInfo") is { } info ? MapSupplierOrderInfo(info) : null,
        Extrinsics = MapExtrinsics(header),
    };

    // A line without a lineNumber takes its position, 1-based: the buyer should always send one (PROTOCOLS.md §5).
    private static OrderItemOut MapOrderItemOut(CxmlNode item, int position) => new()
    {
        LineNumber = OptionalInteger(item, "lineNumber") ?? position,
        Quantity = Number(item, RequiredAttribute(item, "quantity")),
        ItemId = MapItemId(RequiredChild(item, "ItemID")),
        ItemDetail = item.Element("ItemDetail") is { } detail ? MapItemDetail(detail) : null,
        BlanketItemDetail = item.Element("BlanketItemDetail") is { } blanket ? MapBlanketItemDetail(blanket) : null,
        RequisitionId = item.Attribute("requisitionID"),
        AgreementItemNumber = item.Attribute("agreementItemNumber"),
        IsAdHoc = Yes(item, "isAdHoc"),
        ShipTo = OptionalAddressIn(item, "ShipTo"),
        Shipping = item.Element("Shipping") is { } shipping ? MapShipping(shipping) : null,
        Tax = item.Element("Tax") is { } tax ? MapTax(tax) : null,
        Distributions = item.ElementList("Distribution").ConvertAll(MapDistribution),
        Contacts = item.ElementList("Contact").ConvertAll(MapContact),
        RequestedDeliveryDate = OptionalTimestamp(item, "requestedDeliveryDate"),
        RequestedShipmentDate = OptionalTimestamp(item, "requestedShipmentDate"),
        Comments = MapCommentList(item),
        MasterAgreement = MapMasterAgreement(item),
    };

    private static BlanketItemDetail MapBlanketItemDetail(CxmlNode e) => new()
    {
        Descriptions = MapDescriptions(e),
        MaxAmount = OptionalMoneyIn(e, "MaxAmount"),
        MinAmount = OptionalMoneyIn(e, "MinAmount"),
        MaxQuantity = e.Element("MaxQuantity") is { } max ? Number(max, max.Value) : null,
        MinQuantity = e.Element("MinQuantity") is { } min ? Number(min, min.Value) : null,
        UnitPrice = OptionalMoneyIn(e, "UnitPrice"),
        UnitOfMeasure = Text(e.Element("UnitOfMeasure")),
        Classifications = MapClassifications(e),
        Extrinsics = MapExtrinsics(e),
    };

    private static MasterAgreement? MapMasterAgreement(CxmlNode item)
    {
        if (item.Element("MasterAgreementReference") is { } reference)
        {
            return new MasterAgreementReference(MapDocumentReference(RequiredChild(reference, "DocumentReference")), reference.Attribute("agreementID"))
            {
                AgreementDate = OptionalTimestamp(reference, "agreementDate"),
                AgreementType = reference.Attribute("agreementType"),
            };
        }

        return item.Element("MasterAgreementIDInfo") is { } info
            ? new MasterAgreementIdInfo(RequiredAttribute(info, "agreementID"))
            {
                AgreementDate = OptionalTimestamp(info, "agreementDate"),
                AgreementType = info.Attribute("agreementType"),
            }
            : null;
    }

    private static PCard MapPCard(CxmlNode e) => new(RequiredAttribute(e, "number"), RequiredAttribute(e, "expiration"), e.Attribute("name"));

    private static SupplierOrderInfo MapSupplierOrderInfo(CxmlNode e) => new(RequiredAttribute(e, "orderID"), OptionalTimestamp(e, "orderDate"));
}
