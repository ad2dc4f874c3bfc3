using System.Xml;
using Punchout.Protocols.Cxml.Profile;

namespace Punchout.Protocols.Cxml;

// The ProfileRequest and ProfileResponse.
public static partial class CxmlWriter
{
    private static void WriteProfileResponse(XmlWriter w, ProfileResponse profile)
    {
        w.WriteStartElement("ProfileResponse");
        w.WriteAttributeString("effectiveDate", CxmlTimestamp.Format(profile.EffectiveDate));
        WriteOptionalTimestamp(w, "lastRefresh", profile.LastRefresh);
        WriteOptions(w, profile.Options);
        foreach (var transaction in RequireAny(profile.Transactions, "ProfileResponse/Transaction"))
        {
            w.WriteStartElement("Transaction");
            w.WriteAttributeString("requestName", transaction.RequestName);
            w.WriteElementString("URL", transaction.Url);
            WriteOptions(w, transaction.Options);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteOptions(XmlWriter w, IReadOnlyList<ProfileOption> options)
    {
        foreach (var option in options)
        {
            w.WriteStartElement("Option");
            w.WriteAttributeString("name", option.Name);
            w.WriteString(option.Value);
            w.WriteEndElement();
        }
    }
}
