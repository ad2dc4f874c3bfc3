using System.Net;
using System.Text.RegularExpressions;

namespace Punchout.Gateway.Cli;

/// <summary>Sends an <see cref="OciCallUpFile"/> to a gateway as the buyer's SAP system would, and prints the outcome.</summary>
/// <remarks>Redirects are never followed: the start link is one-time, and following it here would spend it. Nothing
/// printed carries a parameter's value, so the password never shows.</remarks>
public static partial class OciReplay
{
    /// <summary>The gateway's root for OCI call-ups: <paramref name="target"/> (the cXML URL of <c>--to</c>) without its
    /// query and without a last <c>/cxml</c> segment, so <c>http://host:5080/cxml</c> and <c>http://host:5080</c> both work.</summary>
    public static Uri Root(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var path = target.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/cxml", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^"/cxml".Length];
        }

        return new Uri($"{target.GetLeftPart(UriPartial.Authority)}{path}/");
    }

    /// <summary>Sends <paramref name="callUp"/> under <paramref name="root"/>; true when the gateway took it (a redirect
    /// or a 2xx page), false when it refused it or did not answer.</summary>
    public static async Task<bool> SendAsync(HttpClient http, Uri root, string file, OciCallUpFile callUp, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(callUp);
        ArgumentNullException.ThrowIfNull(output);
        var address = new Uri(root, callUp.Path.TrimStart('/'));
        using var request = new HttpRequestMessage(callUp.Method == "POST" ? HttpMethod.Post : HttpMethod.Get, address);
        if (callUp.Method == "POST")
        {
            request.Content = new FormUrlEncodedContent(callUp.Parameters);
        }
        else
        {
            request.RequestUri = new Uri($"{address}?{string.Join('&', callUp.Parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"))}");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // The address without the query: a GET call-up carries the password there.
            await output.WriteLineAsync($"{file}: no answer from {address}: {ex.Message}").ConfigureAwait(false);
            return false;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            await output.WriteLineAsync($"{file}: {callUp.Method} {address.AbsolutePath}: {status} {response.ReasonPhrase}").ConfigureAwait(false);
            if (status is >= 300 and < 400)
            {
                var location = response.Headers.Location is { } given ? new Uri(address, given) : null;
                await output.WriteLineAsync($"  redirect: {location}").ConfigureAwait(false);
                return location is not null;
            }

            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (PageText(body) is { } page)
            {
                await output.WriteLineAsync($"  {page}").ConfigureAwait(false);
            }

            return response.IsSuccessStatusCode;
        }
    }

    /// <summary>What a person reads on an HTML page: its title, then the text of its body without the title's
    /// heading, tags stripped and spaces collapsed; null when the body is empty.</summary>
    internal static string? PageText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var title = Text(TitleElement().Match(html).Groups["title"].Value);
        var bodyMatch = BodyElement().Match(html);
        var body = Text(ScriptOrStyle().Replace(bodyMatch.Success ? bodyMatch.Groups["body"].Value : html, " "));
        if (title.Length > 0 && body.StartsWith(title, StringComparison.Ordinal))
        {
            body = body[title.Length..].TrimStart();
        }

        return (title, body) switch
        {
            ({ Length: 0 }, { Length: 0 }) => null,
            ({ Length: 0 }, _) => Shorten(body),
            (_, { Length: 0 }) => title,
            _ => Shorten($"{title}: {body}"),
        };
    }

    private static string Text(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();

    private static string Shorten(string text) => text.Length <= 500 ? text : $"{text[..500]}…";

    [GeneratedRegex(@"<title[^>]*>(?<title>.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex TitleElement();

    [GeneratedRegex(@"<body[^>]*>(?<body>.*?)(?:</body>|$)", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex BodyElement();

    [GeneratedRegex(@"<(script|style)\b.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
