using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.PunchOut;
using Punchout.Gateway.Sessions;

namespace Punchout.Gateway.Tests.PunchOut;

public class ReturnPageTests
{
    private const string Xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><cXML a=\"x&amp;y\"><Name>Müller “quoted” 😀</Name></cXML>";

    [Fact]
    public void Render_Base64_CarriesTheDocumentBytesExactly()
    {
        var html = ReturnPage.Render(Pending(CartFieldName.Base64), "Acme", "nonce123", Encoding.UTF8);

        var value = FieldValue(html, "cxml-base64");
        Assert.Equal(Encoding.UTF8.GetBytes(Xml), Convert.FromBase64String(value));
    }

    [Fact]
    public void Render_UrlEncoded_IsAsciiAndDecodesToTheSameDocument()
    {
        var html = ReturnPage.Render(Pending(CartFieldName.UrlEncoded), "Acme", "nonce123", Encoding.UTF8);

        var value = FieldValue(html, "cxml-urlencoded");
        Assert.True(value.All(char.IsAscii), "The cxml-urlencoded field must be pure ASCII.");
        Assert.Contains("&#252;", value, StringComparison.Ordinal);
        Assert.Contains("&#128512;", value, StringComparison.Ordinal);
        Assert.Equal(XDocument.Parse(Xml).ToString(), XDocument.Parse(value).ToString());
    }

    [Fact]
    public void Render_FormPostsToTheReturnUrlWithItsQueryAndSubmitsItselfUnderTheNonce()
    {
        var html = ReturnPage.Render(Pending(CartFieldName.Base64) with { FormUrl = "https://buyer.example/cart?a=1&b=\"2\"" }, "<Acme>", "nonce123", Encoding.UTF8);

        Assert.Contains("action=\"https://buyer.example/cart?a=1&amp;b=&quot;2&quot;\"", html, StringComparison.Ordinal);
        Assert.Contains("method=\"post\"", html, StringComparison.Ordinal);
        Assert.Contains("<script nonce=\"nonce123\">document.getElementById('cart').submit();</script>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">", html, StringComparison.Ordinal);
        Assert.Contains("&lt;Acme&gt;", html, StringComparison.Ordinal);
    }

    private static string FieldValue(string html, string name)
    {
        var match = Regex.Match(html, $"<input type=\"hidden\" name=\"{name}\" value=\"([^\"]*)\">");
        Assert.True(match.Success, $"No {name} field in:\n{html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static PendingReturn Pending(string field) => new()
    {
        SessionId = "s",
        BuyerId = "acme",
        SetupPayloadId = "p",
        FormUrl = "https://buyer.example/cart",
        Fields = [new FormField(field, ReturnPage.CxmlFieldValue(field, Encoding.UTF8.GetBytes(Xml)))],
    };

    [Fact]
    public void Listing_HasTheFormAndButtonButNoScript_SoItWaitsToBeSent()
    {
        var pending = Pending(CartFieldName.Base64) with { Target = "_parent", Fields = [new FormField("NEW_ITEM-QUANTITY[1]", "1")] };

        var html = ReturnPage.Listing(pending, "Search results", "1 product matches '<pen>'.", "Add to the cart", Encoding.UTF8);
        var form = Punchout.TestSupport.HtmlForms.TheOnly(html);

        Assert.False(form.AutoSubmits);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Equal(("https://buyer.example/cart", "_parent", "NEW_ITEM-QUANTITY[1]"), (form.Action, form.Target, form.Fields[0].Key));
        Assert.Contains("&lt;pen&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Add to the cart</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OciFields_InLatin1_KeepLatin1CharactersAndSendOthersAsCharacterReferences()
    {
        var pending = Pending(CartFieldName.Base64) with
        {
            FormUrl = "https://srm.example/sap/hook",
            Target = "_parent",
            Charset = "iso-8859-1",
            Fields = [new FormField("~OkCode", "ADDI"), new FormField("NEW_ITEM-DESCRIPTION[1]", "Müller 5 € “x”")],
        };
        var latin1 = Encoding.Latin1;

        var html = ReturnPage.Render(pending, "Acme", "n", latin1);
        var form = Punchout.TestSupport.HtmlForms.TheOnly(html);

        Assert.Equal(("https://srm.example/sap/hook", "_parent", "iso-8859-1"), (form.Action, form.Target, form.AcceptCharset));
        Assert.Equal(new KeyValuePair<string, string>("~OkCode", "ADDI"), form.Fields[0]);
        Assert.Equal("Müller 5 &#8364; &#8220;x&#8221;", form.Fields[1].Value);
        Assert.Equal(html, latin1.GetString(latin1.GetBytes(html)));
        Assert.Contains("<meta charset=\"iso-8859-1\">", html, StringComparison.Ordinal);
    }
}
