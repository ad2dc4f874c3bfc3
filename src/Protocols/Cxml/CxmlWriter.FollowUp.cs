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
        WriteOptionalTimestampAttribute(w, "orderDate", reference.OrderDate);
        WriteDocumentReference(w, reference.DocumentReference);
        w.WriteEndElement();
    }

    private static void WriteOptionalTimestampAttribute(XmlWriter w, string attribute, DateTimeOffset? value)
    {
        if (value is { } timestamp)
        {
            w.WriteAttributeString(attribute, CxmlTimestamp.Format(timestamp));
        }
    }

    private static void WriteOptionalNumberAttribute(XmlWriter w, string attribute, int? value)
    {
        if (value is { } number)
        {
            w.WriteAttributeString(attribute, Number(number));
        }
    }

    private static void WriteOptionalEnumerationAttribute<TEnum>(XmlWriter w, string attribute, TEnum? value)
        where TEnum : struct, Enum
    {
        if (value is { } v)
        {
            w.WriteAttributeString(attribute, Lower(v));
        }
    }

    // The DTD's (yes) flags: written when true, left out when false.
    private static void WriteYes(XmlWriter w, string attribute, bool value)
    {
        if (value)
        {
            w.WriteAttributeString(attribute, "yes");
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

    private static void WriteOptionalMoneyElement(XmlWriter w, string element, Money? money)
    {
        if (money is not null)
        {
            WriteMoneyElement(w, element, money);
        }
    }

    private static void WriteContacts(XmlWriter w, IReadOnlyList<Contact> contacts)
    {
        foreach (var contact in contacts)
        {
            WriteContact(w, contact);
        }
    }
}
