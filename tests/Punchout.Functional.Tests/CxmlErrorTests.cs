using System.Text;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.TestSupport;
using Xunit;

namespace Punchout.Functional.Tests;

/// <summary>Every document the reader refuses is answered Status 406 with one typed error: what is wrong, the element
/// path and the line and position, so the buyer's integrator can find it; nothing is stored.</summary>
[Collection(GatewayTests.Name)]
public sealed class CxmlErrorTests(RedisServer redis) : GatewayTestBase(redis)
{
    // Each case edits the sample setup request (samples/cxml/PunchOutSetupRequest.xml): what it replaces, and the
    // error the answer must carry.
    public static TheoryData<string, string, string> Broken() => new()
    {
        { "<cXML |</cXML>", "<Order |</Order>", "The root element is <Order>, not <cXML>. at /Order (line 3, position 2)" },
        { "<Request deploymentMode=\"test\">|</Request>", "<Nothing>|</Nothing>", "The document has no Request, Response or Message. at /cXML (line 3, position 2)" },
        { "PunchOutSetupRequest", "(the whole element)", "The Request carries no request element. at /cXML/Request (line 23, position 4)" },
        { "<BuyerCookie>demo-cookie-7f3a9c</BuyerCookie>", string.Empty, "The required element BuyerCookie is missing. at /cXML/Request/PunchOutSetupRequest (line 24, position 6)" },
        { "<From>|</From>", "<Frm>|</Frm>", "The required element From is missing. at /cXML/Header (line 4, position 4)" },
        { "timestamp=\"2026-11-26T09:00:00-05:00\"", "timestamp=\"next Tuesday\"", "The timestamp 'next Tuesday' is not a date and time. at /cXML (line 3, position 2)" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task RefusedDocument_Is406WithTheErrorItsPathAndPosition(string find, string replace, string expected)
    {
        var text = Encoding.UTF8.GetString(ProcurementSystem.SetupRequest());
        if (find == "PunchOutSetupRequest")
        {
            text = text[..text.IndexOf("<PunchOutSetupRequest", StringComparison.Ordinal)] + text[(text.IndexOf("</PunchOutSetupRequest>", StringComparison.Ordinal) + "</PunchOutSetupRequest>".Length)..];
            find = replace = string.Empty;
        }

        foreach (var (from, to) in find.Split('|').Zip(replace.Split('|')).Where(c => c.First.Length > 0))
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        var response = await new ProcurementSystem(Host.Client()).SendAsync(Encoding.UTF8.GetBytes(text));

        Assert.Equal(406, response.Status.Code);
        Assert.Equal(expected, response.Status.Detail);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }
}
