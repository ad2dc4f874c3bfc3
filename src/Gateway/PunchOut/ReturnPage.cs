using System.Globalization;
using System.Net;
using System.Text;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Sessions;

namespace Punchout.Gateway.PunchOut;

/// <summary>The pages the buyer's browser sees: the auto-submitting cart form, and the error pages of the punchout links.</summary>
public static class ReturnPage
{
    /// <summary>The HTML of a page whose form posts the cart to the procurement system as soon as it loads, with a
    /// visible button for browsers without script.</summary>
    public static string Render(PendingReturn pending, string buyerName, string scriptNonce)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var value = pending.FieldName == CartFieldName.UrlEncoded
            ? AsciiWithCharacterReferences(Encoding.UTF8.GetString(pending.Document))
            : Convert.ToBase64String(pending.Document);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="robots" content="noindex">
            <title>Returning your cart</title>
            </head>
            <body>
            <form id="cart" method="post" action="{{Html(pending.FormUrl)}}">
            <input type="hidden" name="{{pending.FieldName}}" value="{{Html(value)}}">
            <p>Your cart is being returned to {{Html(buyerName)}}.</p>
            <button type="submit">Return the cart</button>
            </form>
            <script nonce="{{scriptNonce}}">document.getElementById('cart').submit();</script>
            </body>
            </html>
            """;
    }

    /// <summary>A page that tells the user what went wrong with a link and what to do next.</summary>
    public static string Message(string title, string text) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{Html(title)}</title></head>
        <body><h1>{Html(title)}</h1><p>{Html(text)}</p></body>
        </html>
        """;

    /// <summary>The cXML-urlencoded rule: every non-ASCII character as a numeric character reference, so the field is
    /// pure ASCII whatever encoding the receiver assumes; the HTML attribute escaping comes on top.</summary>
    internal static string AsciiWithCharacterReferences(string xml)
    {
        var text = new StringBuilder(xml.Length);
        foreach (var rune in xml.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                text.Append((char)rune.Value);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"&#{rune.Value};");
            }
        }

        return text.ToString();
    }

    private static string Html(string value) => WebUtility.HtmlEncode(value);
}
