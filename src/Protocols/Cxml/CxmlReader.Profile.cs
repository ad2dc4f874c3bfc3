using Punchout.Protocols.Cxml.Profile;
using Punchout.Protocols.Cxml.Reading;

namespace Punchout.Protocols.Cxml;

// The ProfileResponse (the ProfileRequest is empty).
public static partial class CxmlReader
{
    private static ProfileResponse MapProfileResponse(CxmlNode e)
    {
        var transactions = e.ElementList("Transaction").ConvertAll(t => new ProfileTransaction(RequiredAttribute(t, "requestName"), RequiredText(RequiredChild(t, "URL")))
        {
            Options = MapOptions(t),
        });
        return new ProfileResponse
        {
            EffectiveDate = OptionalTimestamp(e, "effectiveDate") ?? throw Failure(CxmlReadErrorKind.MissingRequired, "The required attribute effectiveDate is missing.", e),
            LastRefresh = OptionalTimestamp(e, "lastRefresh"),
            Options = MapOptions(e),
            Transactions = transactions.Count > 0 ? transactions : throw Failure(CxmlReadErrorKind.MissingRequired, "The required element Transaction is missing.", e),
        };
    }

    private static List<ProfileOption> MapOptions(CxmlNode parent) =>
        parent.ElementList("Option").ConvertAll(o => new ProfileOption(RequiredAttribute(o, "name"), o.Value.Trim()));
}
