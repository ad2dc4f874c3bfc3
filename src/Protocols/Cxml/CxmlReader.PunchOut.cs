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
        Contacts = [.. e.Elements("Contact").Select(MapContact)],
        SupplierSetupUrl = Text(e.Element("SupplierSetup")?.Element("URL")),
        ShipTo = e.Element("ShipTo") is { } shipTo ? MapAddress(RequiredChild(shipTo, "Address")) : null,
        SelectedItem = e.Element("SelectedItem") is { } selected ? MapItemId(RequiredChild(selected, "ItemID")) : null,
        Items = [.. e.Elements("ItemOut").Select(item => new PunchOutItemOut(
            Number(item, RequiredAttribute(item, "quantity")),
            MapItemId(RequiredChild(item, "ItemID")),
            item.Element("ItemDetail") is { } detail ? MapItemDetail(detail) : null,
            OptionalInteger(item, "lineNumber")))],
    };

    private static PunchOutOrderMessage MapPunchOutOrderMessage(CxmlNode e)
    {
        var header = RequiredChild(e, "PunchOutOrderMessageHeader");
        return new PunchOutOrderMessage
        {
            BuyerCookie = BuyerCookieOf(e),
            OperationAllowed = Enumeration<OperationAllowed>(header, RequiredAttribute(header, "operationAllowed")),
            Total = MapMoney(RequiredChild(RequiredChild(header, "Total"), "Money")),
            Items = [.. e.Elements("ItemIn").Select(item => new ItemIn(
                Number(item, RequiredAttribute(item, "quantity")),
                MapItemId(RequiredChild(item, "ItemID")),
                MapItemDetail(RequiredChild(item, "ItemDetail")),
                OptionalInteger(item, "lineNumber")))],
        };
    }
}
