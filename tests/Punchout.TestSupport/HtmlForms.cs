using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Punchout.TestSupport;

/// <summary>An HTML form as a browser would submit it: where, how, into which frame, in which encoding, and its
/// fields in document order.</summary>
public sealed record HtmlForm(string? Action, string Method, string? Target, string? AcceptCharset, IReadOnlyList<KeyValuePair<string, string>> Fields, bool AutoSubmits);

/// <summary>Reads pages with a real HTML5 parser (AngleSharp), the way a browser sees them, not with regular expressions.</summary>
public static class HtmlForms
{
    /// <summary>Every form of <paramref name="html"/>; <paramref name="html"/> may start with HTTP response headers,
    /// which are skipped.</summary>
    public static IReadOnlyList<HtmlForm> Read(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var start = html.StartsWith("HTTP/", StringComparison.Ordinal) ? html.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var crlf and >= 0 ? crlf + 4 : html.IndexOf("\n\n", StringComparison.Ordinal) + 2 : 0;
        var document = new HtmlParser().ParseDocument(html[start..]);
        var scripts = string.Concat(document.Scripts.Select(s => s.Text));
        return [.. document.Forms.Select(form => new HtmlForm(
            form.GetAttribute("action"),
            (form.GetAttribute("method") ?? "get").ToLowerInvariant(),
            form.GetAttribute("target"),
            form.GetAttribute("accept-charset"),
            [.. form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is not ("submit" or "button" or "image"))
                .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
                .Concat(form.Elements.OfType<IHtmlTextAreaElement>().Where(t => !string.IsNullOrEmpty(t.Name)).Select(t => new KeyValuePair<string, string>(t.Name!, t.Value)))],
            form.Id is { Length: > 0 } id && scripts.Contains($"getElementById('{id}').submit()", StringComparison.Ordinal)))];
    }

    /// <summary>The one form of <paramref name="html"/>.</summary>
    public static HtmlForm TheOnly(string html) => Xunit.Assert.Single(Read(html));
}
