using System.Text;

namespace Punchout.Gateway.PunchOut;

/// <summary>The encodings a return page may be served in (OCI's <c>http_content_charset</c>).</summary>
public static class PageEncoding
{
    static PageEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding named <paramref name="charset"/> (iso-8859-1, windows-1252, utf-8, ...); null when it is
    /// empty or no encoding this machine knows.</summary>
    public static Encoding? Of(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(charset.Trim());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
