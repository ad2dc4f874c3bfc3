using System.Text;

namespace Punchout.Gateway.PunchOut;

/// <summary>The encodings a return page may be served in (OCI's <c>http_content_charset</c>).</summary>
public static class PageEncoding
{
    static PageEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // The charsets browsers show pages in and submit forms in (WHATWG's single-byte Latin ones and UTF-8); not UTF-16,
    // UTF-32 or EBCDIC, which .NET knows but no browser submits a form in.
    private static readonly HashSet<int> BrowserCodePages =
    [
        65001, 20127, 28591, 28592, 28593, 28594, 28595, 28596, 28597, 28598, 28599, 28603, 28605,
        1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258, 874,
    ];

    /// <summary>The encoding named <paramref name="charset"/> (iso-8859-1, windows-1252, utf-8, ...); null when it is
    /// empty, unknown, or not one browsers submit forms in.</summary>
    public static Encoding? Of(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        try
        {
            var encoding = Encoding.GetEncoding(charset.Trim());
            return BrowserCodePages.Contains(encoding.CodePage) ? encoding : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
