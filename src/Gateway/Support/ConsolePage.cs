using System.Globalization;
using System.Net;
using System.Text;

namespace Punchout.Gateway.Support;

/// <summary>The support console's HTML: one layout, text always escaped, no script and no front-end build step.</summary>
public static class ConsolePage
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
        header{background:#1f3a5f;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
        header a{color:#fff;text-decoration:none}header strong{margin-right:1rem}
        main{padding:1rem 1.2rem;max-width:78rem}
        table{border-collapse:collapse;background:#fff;margin:.5rem 0 1.2rem}
        th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
        th{background:#eef1f4}
        .ok{color:#116329}.bad{color:#a40e26}.warn{color:#7d4e00}
        .flash{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem .8rem}
        pre{background:#fff;border:1px solid #d0d7de;padding:.6rem;overflow:auto;max-height:30rem}
        form.inline{display:inline}
        """;

    /// <summary>A whole page: the navigation, an optional flash message, and <paramref name="body"/> (already HTML).</summary>
    public static string Layout(string title, string body, string? flash = null) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="robots" content="noindex">
        <title>{{Text(title)}} · Punchout console</title>
        <style>{{Style}}</style>
        </head>
        <body>
        <header><strong>Punchout console</strong>
        <a href="/console">Overview</a>
        <a href="/console/orders">Orders</a>
        <a href="/console/dead-letters">Dead letters</a>
        <a href="/console/sessions">Sessions</a>
        <a href="/console/tester">Punchout tester</a>
        <form class="inline" method="post" action="/console/logout"><button type="submit">Sign out</button></form>
        </header>
        <main>
        <h1>{{Text(title)}}</h1>
        {{(flash is null ? string.Empty : $"<p class=\"flash\" role=\"status\">{Text(flash)}</p>")}}
        {{body}}
        </main>
        </body>
        </html>
        """;

    /// <summary>Text escaped for HTML content and attribute values.</summary>
    public static string Text(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>A time as support reads it: UTC, to the second.</summary>
    public static string Time(DateTimeOffset? at) => at is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "–";

    /// <summary>A duration in milliseconds or seconds.</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds < 10
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:F0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F1} s");

    /// <summary>A table with a header row; every cell is already HTML (escape text with <see cref="Text"/>).</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? id = null, string empty = "Nothing to show.")
    {
        var body = new StringBuilder();
        foreach (var row in rows)
        {
            body.Append("<tr>").AppendJoin(string.Empty, row.Select(cell => $"<td>{cell}</td>")).Append("</tr>\n");
        }

        return body.Length == 0
            ? $"<p{(id is null ? string.Empty : $" id=\"{id}\"")}>{Text(empty)}</p>"
            : $"<table{(id is null ? string.Empty : $" id=\"{id}\"")}><thead><tr>{string.Concat(headers.Select(h => $"<th>{Text(h)}</th>"))}</tr></thead><tbody>\n{body}</tbody></table>";
    }

    /// <summary>A link with escaped text and target.</summary>
    public static string Link(string href, string text) => $"<a href=\"{Text(href)}\">{Text(text)}</a>";

    /// <summary>A form of one button that posts to <paramref name="action"/>.</summary>
    public static string Button(string action, string text, string? name = null) =>
        $"<form class=\"inline\" method=\"post\" action=\"{Text(action)}\"><button type=\"submit\"{(name is null ? string.Empty : $" name=\"{Text(name)}\"")}>{Text(text)}</button></form>";
}
