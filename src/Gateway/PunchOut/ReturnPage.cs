using System.Globalization;
using System.Net;
using System.Text;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Sessions;

namespace Punchout.Gateway.PunchOut;

/// <summary>The pages the buyer's browser sees: the auto-submitting cart form, and the error pages of the punchout links.</summary>
public static class ReturnPage
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Encoding> Dropping = new();

    /// <summary>The HTML of a page whose form posts the cart to the procurement system as soon as it loads, with a
    /// visible button for browsers without script. The page and its form use <paramref name="encoding"/>; a character
    /// it cannot encode is sent as a numeric character reference (<c>&amp;#8364;</c>), never replaced or garbled.</summary>
    public static string Render(PendingReturn pending, string buyerName, string scriptNonce, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        var script = $"\n<script nonce=\"{scriptNonce}\">document.getElementById('cart').submit();</script>";
        return FormPage(pending, "Returning your cart", $"Your cart is being returned to {buyerName}.", "Return the cart", script, encoding);
    }

    /// <summary>The HTML of a page whose form waits to be submitted (no script): OCI's BACKGROUND_SEARCH hits, read by the
    /// procurement system or sent by the user with the button. Encoded as <see cref="Render"/> is.</summary>
    public static string Listing(PendingReturn pending, string title, string text, string button, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return FormPage(pending, title, text, button, string.Empty, encoding);
    }

    private static string FormPage(PendingReturn pending, string title, string text, string button, string script, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(pending);
        // Values are sent as the browser submits them: what the charset cannot carry goes as the literal text "&#N;".
        // Text the user reads is escaped first, so the same characters show as themselves.
        string Value(string value) => Html(Encodable(value, encoding));
        string Text(string text) => Encodable(Html(text), encoding);
        var fields = string.Concat(pending.Fields.Select(f => $"\n<input type=\"hidden\" name=\"{Value(f.Name)}\" value=\"{Value(f.Value)}\">"));
        var target = pending.Target is { Length: > 0 } frame ? $" target=\"{Value(frame)}\"" : string.Empty;
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="{{encoding.WebName}}">
            <meta name="robots" content="noindex">
            <title>{{Text(title)}}</title>
            </head>
            <body>
            <form id="cart" method="post" action="{{Value(pending.FormUrl)}}"{{target}} accept-charset="{{encoding.WebName}}">{{fields}}
            <p>{{Text(text)}}</p>
            <button type="submit">{{Text(button)}}</button>
            </form>{{script}}
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

    /// <summary>The value of the one cXML field: the PunchOutOrderMessage as base64, or as cXML-urlencoded text
    /// (PROTOCOLS.md §4).</summary>
    public static string CxmlFieldValue(string fieldName, byte[] document) =>
        fieldName == CartFieldName.UrlEncoded
            ? AsciiWithCharacterReferences(Encoding.UTF8.GetString(document))
            : Convert.ToBase64String(document);

    /// <summary><paramref name="value"/> as it is sent in <paramref name="encoding"/>: every character the encoding
    /// cannot carry becomes a numeric character reference (<c>&amp;#8364;</c>), as a browser would send it.</summary>
    public static string Encodable(string value, Encoding encoding)
    {
        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            return value;
        }

        // An encoding that writes nothing for what it cannot carry: zero bytes tells a character to reference, without
        // an exception per character (a Cyrillic description in ISO-8859-1 is nothing but such characters).
        var strict = Dropping.GetOrAdd(encoding.CodePage, codePage => Encoding.GetEncoding(codePage, new EncoderReplacementFallback(string.Empty), DecoderFallback.ReplacementFallback));
        var text = new StringBuilder(value.Length);
        Span<char> chars = stackalloc char[2];
        foreach (var rune in value.EnumerateRunes())
        {
            var written = rune.EncodeToUtf16(chars);
            if (strict.GetByteCount(chars[..written]) > 0)
            {
                text.Append(chars[..written]);
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
