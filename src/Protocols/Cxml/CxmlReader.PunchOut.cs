using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.Protocols.Cxml.Reading;

namespace Punchout.Protocols.Cxml;

// The punchout documents: PunchOutSetupRequest, PunchOutSetupResponse and PunchOutOrderMessage.
public static partial class CxmlReader
{
    private static PunchOutSetupRequest MapPunchOutSetupRequest(CxmlNode e) => new()
    {
        Operation = Enumeration<PunchOutOperation>(e, RequiredAttribute(e, "operation")),
        BuyerCookie = BuyerCookieOf(e),
        Extrinsics = MapExtrinsics(e),
        BrowserFormPostUrl = Text(e.Element("BrowserFormPost")?.Element("URL")),
        Contacts = e.ElementList("Contact").ConvertAll(MapContact),
        SupplierSetupUrl = Text(e.Element("SupplierSetup")?.Element("URL")),
        ShipTo = e.Element("ShipTo") is { } shipTo ? MapAddress(RequiredChild(shipTo, "Address")) : null,
        SelectedItem = e.Element("SelectedItem") is { } selected ? MapItemId(RequiredChild(selected, "ItemID")) : null,
        Items = e.ElementList("ItemOut").ConvertAll(item => new PunchOutItemOut(
            Number(item, RequiredAttribute(item, "quantity")),
            MapItemId(RequiredChild(item, "ItemID")),
            item.Element("ItemDetail") is { } detail ? MapItemDetail(detail) : null,
            OptionalInteger(item, "lineNumber"))
        {
            RequestedDeliveryDate = OptionalTimestamp(item, "requestedDeliveryDate"),
            ShipTo = OptionalAddressIn(item, "ShipTo"),
            Contacts = item.ElementList("Contact").ConvertAll(MapContact),
        }),
    };

    private static PunchOutOrderMessage MapPunchOutOrderMessage(CxmlNode e)
    {
        var header = RequiredChild(e, "PunchOutOrderMessageHeader");
        return new PunchOutOrderMessage
        {
            BuyerCookie = BuyerCookieOf(e),
            OperationAllowed = Enumeration<OperationAllowed>(header, RequiredAttribute(header, "operationAllowed")),
            QuoteStatus = header.Attribute("quoteStatus") is { } quoteStatus ? Enumeration<QuoteStatus>(header, quoteStatus) : QuoteStatus.Final,
            Total = MapMoney(RequiredChild(RequiredChild(header, "Total"), "Money")),
            ShipTo = OptionalAddressIn(header, "ShipTo"),
            Shipping = header.Element("Shipping") is { } shipping ? MapShipping(shipping) : null,
            Tax = header.Element("Tax") is { } tax ? MapTax(tax) : null,
            SupplierOrderInfo = header.Element("SupplierOrderInfo") is { } info ? MapSupplierOrderInfo(info) : null,
            Items = e.ElementList("ItemIn").ConvertAll(MapItemIn),
        };
    }

    private static ItemIn MapItemIn(CxmlNode item) => new(
        Number(item, RequiredAttribute(item, "quantity")),
        MapItemId(RequiredChild(item, "ItemID")),
        MapItemDetail(RequiredChild(item, "ItemDetail")),
        OptionalInteger(item, "lineNumber"))
    {
        ParentLineNumber = OptionalInteger(item, "parentLineNumber"),
        ItemType = item.Attribute("itemType"),
        ShipTo = OptionalAddressIn(item, "ShipTo"),
        Shipping = item.Element("Shipping") is { } shipping ? MapShipping(shipping) : null,
        Tax = item.Element("Tax") is { } tax ? MapTax(tax) : null,
        Distributions = item.ElementList("Distribution").ConvertAll(MapDistribution),
        Contacts = item.ElementList("Contact").ConvertAll(MapContact),
        Comment = MapCommentList(item) is [var comment, ..] ? comment : null,
        Extrinsics = MapExtrinsics(item),
    };
}
