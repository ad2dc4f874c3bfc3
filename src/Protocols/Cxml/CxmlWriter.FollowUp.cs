using System.Xml;
using Punchout.Protocols.Cxml.Fulfill;

namespace Punchout.Protocols.Cxml;

// What the follow-up documents (confirmation, ship notice, status update, invoice) share: OrderReference and the
// attribute forms they use.
public static partial class CxmlWriter
{
    private static void WriteOrderReference(XmlWriter w, OrderReference reference)
    {
        w.WriteStartElement("OrderReference");
        WriteOptionalAttribute(w, "orderID", reference.OrderId);
        WriteOptionalTimestamp(w, "orderDate", reference.OrderDate);
        WriteDocumentReference(w, reference.DocumentReference);
        w.WriteEndElement();
    }

    private static void WriteOptionalEnumerationAttribute<TEnum>(XmlWriter w, string attribute, TEnum? value)
        where TEnum : struct, Enum
    {
        if (value is { } v)
        {
            w.WriteAttributeString(attribute, Lower(v));
        }
    }

    // An optional element: written by the element's own writer when present, left out otherwise.
    private static void WriteIfPresent<T>(XmlWriter w, T? value, Action<XmlWriter, T> write)
        where T : class
    {
        if (value is not null)
        {
            write(w, value);
        }
    }
}
