using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.Reading;

namespace Punchout.Protocols.Cxml;

// The OrderRequest.
public static partial class CxmlReader
{
    private static OrderRequest MapOrderRequest(CxmlNode e)
    {
        var header = RequiredChild(e, "OrderRequestHeader");
        var items = e.Elements("ItemOut").Select((item, index) => new OrderItemOut
        {
            LineNumber = OptionalInteger(item, "lineNumber") ?? index + 1,
            Quantity = Number(item, RequiredAttribute(item, "quantity")),
            ItemId = MapItemId(RequiredChild(item, "ItemID")),
            ItemDetail = item.Element("ItemDetail") is { } detail ? MapItemDetail(detail) : null,
            ShipTo = item.Element("ShipTo") is { } shipTo ? MapAddress(RequiredChild(shipTo, "Address")) : null,
            RequestedDeliveryDate = OptionalTimestamp(item, "requestedDeliveryDate"),
            Comments = MapComments(item),
        }).ToList();
        if (items.Count == 0)
        {
            throw Failure(CxmlReadErrorKind.MissingRequired, "The required element ItemOut is missing.", e);
        }

        return new OrderRequest
        {
            Header = new OrderRequestHeader
            {
                OrderId = RequiredAttribute(header, "orderID"),
                OrderDate = OptionalTimestamp(header, "orderDate") ?? throw Failure(CxmlReadErrorKind.MissingRequired, "The required attribute orderDate is missing.", header),
                Type = header.Attribute("type") is { } type ? Enumeration<OrderRequestType>(header, type) : OrderRequestType.New,
                OrderType = header.Attribute("orderType") is { } orderType ? Enumeration<OrderType>(header, orderType) : OrderType.Regular,
                OrderVersion = OptionalInteger(header, "orderVersion") ?? 1,
                Total = MapMoney(RequiredChild(RequiredChild(header, "Total"), "Money")),
                ShipTo = header.Element("ShipTo") is { } shipTo ? MapAddress(RequiredChild(shipTo, "Address")) : null,
                BillTo = MapAddress(RequiredChild(RequiredChild(header, "BillTo"), "Address")),
                Comments = MapComments(header),
                Extrinsics = MapExtrinsics(header),
            },
            Items = items,
        };
    }
}
