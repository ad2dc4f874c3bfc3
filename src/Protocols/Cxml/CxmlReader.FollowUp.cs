using Punchout.Protocols.Cxml.Fulfill;
using Punchout.Protocols.Cxml.Reading;

namespace Punchout.Protocols.Cxml;

// What the follow-up documents (confirmation, ship notice, status update, invoice) share: OrderReference and the
// attribute forms they use.
public static partial class CxmlReader
{
    private static OrderReference MapOrderReference(CxmlNode e) => new(MapDocumentReference(RequiredChild(e, "DocumentReference")))
    {
        OrderId = NonEmptyAttribute(e, "orderID"),
        OrderDate = OptionalTimestamp(e, "orderDate"),
    };

    // The Money inside an amount element (Total, UnitPrice, SubtotalAmount, ...).
    private static Money MapMoneyIn(CxmlNode amount) => MapMoney(RequiredChild(amount, "Money"));

    private static DateTimeOffset RequiredTimestampAttribute(CxmlNode e, string attribute) =>
        OptionalTimestamp(e, attribute) ?? throw Failure(CxmlReadErrorKind.MissingRequired, $"The required attribute {attribute} is missing.", e);

    private static TEnum? OptionalEnumeration<TEnum>(CxmlNode e, string attribute)
        where TEnum : struct, Enum =>
        NonEmptyAttribute(e, attribute) is { } text ? Enumeration<TEnum>(e, text) : null;

    // An attribute that is present but empty (confirmID="") says nothing, and is read as absent.
    private static string? NonEmptyAttribute(CxmlNode e, string attribute) =>
        e.Attribute(attribute) is { Length: > 0 } value ? value : null;

    // At least one, as the DTD's "+" requires.
    private static List<T> RequireOne<T>(List<T> items, CxmlNode parent, string element) =>
        items.Count > 0 ? items : throw Failure(CxmlReadErrorKind.MissingRequired, $"The required element {element} is missing.", parent);
}
