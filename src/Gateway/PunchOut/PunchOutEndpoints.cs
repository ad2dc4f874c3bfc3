using System.Text;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Sessions;

namespace Punchout.Gateway.PunchOut;

/// <summary>The browser's side of a punchout: the one-time start link and the one-time return page.</summary>
public static class PunchOutEndpoints
{
    /// <summary>Maps <c>GET /punchout/start/{token}</c> and <c>GET /punchout/return/{token}</c>.</summary>
    public static IEndpointRouteBuilder MapPunchOut(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/punchout/start/{token}", StartAsync);
        routes.MapGet("/punchout/return/{token}", ReturnAsync);
        return routes;
    }

    private static async Task<IResult> StartAsync(
        string token,
        IPunchoutSessionStore sessions,
        IOptions<GatewayOptions> options,
        PublicUrls urls,
        ILoggerFactory loggers,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(PunchOutEndpoints));
        var redeemed = SessionTokens.TryParse(token, out var sessionId)
            && await sessions.RedeemStartTokenAsync(sessionId, SessionTokens.Hash(token), cancellationToken);
        var session = redeemed ? await sessions.GetAsync(sessionId, options.Value.Sessions.Ttl, cancellationToken) : null;
        if (session is null || !await sessions.TryStartAsync(session.Id, cancellationToken))
        {
            logger.StartTokenRefused();
            return Page(http, StatusCodes.Status410Gone, ReturnPage.Message(
                "This punchout link has expired",
                "The link was already used or is too old. Go back to your procurement system and open the supplier's catalog again."));
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["SessionId"] = session.Id, ["Buyer"] = session.BuyerId, ["PayloadId"] = session.SetupPayloadId });
        logger.SessionStarted(session.Id, session.BuyerId, session.SetupPayloadId);
        // The console's tester shops in the built-in sandbox storefront when it is on; everyone else in the real one.
        var entry = options.Value.Console.Sandbox && urls.IsTesterReturn(session.ReturnUrl) ? "/sandbox/storefront" : options.Value.Storefront.EntryUrl;
        var separator = entry.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        NoStore(http);
        return Results.Redirect($"{entry}{separator}punchout_session={Uri.EscapeDataString(session.Id)}");
    }

    private static async Task<IResult> ReturnAsync(
        string token,
        IPunchoutSessionStore sessions,
        BuyerDirectory buyers,
        IRandomSource random,
        ILoggerFactory loggers,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(PunchOutEndpoints));
        var pending = SessionTokens.TryParse(token, out var sessionId)
            ? await sessions.RedeemReturnAsync(sessionId, SessionTokens.Hash(token), cancellationToken)
            : null;
        if (pending is null)
        {
            logger.ReturnTokenRefused();
            return Page(http, StatusCodes.Status410Gone, ReturnPage.Message(
                "This cart was already returned",
                "The cart of this link has already been sent to your procurement system, or the link is too old. Check your requisition there; to change it, open the supplier's catalog again."));
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["SessionId"] = pending.SessionId, ["Buyer"] = pending.BuyerId, ["PayloadId"] = pending.SetupPayloadId });
        logger.CartPosted(pending.SessionId, pending.BuyerId, pending.SetupPayloadId, new Uri(pending.FormUrl).Host);
        return AutoSubmitting(http, pending, buyers.Find(pending.BuyerId)?.Name ?? pending.BuyerId, random);
    }

    /// <summary>The page whose form posts <paramref name="pending"/> as soon as it loads: its one script allowed by a
    /// fresh nonce in the Content-Security-Policy, in the pending form's charset.</summary>
    internal static IResult AutoSubmitting(HttpContext http, PendingReturn pending, string buyerName, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> nonceBytes = stackalloc byte[16];
        random.Fill(nonceBytes);
        var nonce = Convert.ToBase64String(nonceBytes);
        http.Response.Headers.ContentSecurityPolicy = $"default-src 'none'; script-src 'nonce-{nonce}'; base-uri 'none'; form-action {FormOrigin(pending)}";
        var encoding = PageEncoding.Of(pending.Charset) ?? Encoding.UTF8;
        return Page(http, StatusCodes.Status200OK, ReturnPage.Render(pending, buyerName, nonce, encoding), encoding);
    }

    /// <summary>The page whose form waits for its button (<see cref="ReturnPage.Listing"/>): no script runs on it at
    /// all, which the Content-Security-Policy enforces; in the pending form's charset.</summary>
    internal static IResult Waiting(HttpContext http, PendingReturn pending, string title, string text, string button)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(pending);
        http.Response.Headers.ContentSecurityPolicy = $"default-src 'none'; base-uri 'none'; form-action {FormOrigin(pending)}";
        var encoding = PageEncoding.Of(pending.Charset) ?? Encoding.UTF8;
        return Page(http, StatusCodes.Status200OK, ReturnPage.Listing(pending, title, text, button, encoding), encoding);
    }

    /// <summary>A page that is never cached nor leaks its URL as a referrer, in <paramref name="encoding"/> (UTF-8 by default).</summary>
    internal static IResult Page(HttpContext http, int status, string html, Encoding? encoding = null)
    {
        NoStore(http);
        if (!http.Response.Headers.ContainsKey("Content-Security-Policy"))
        {
            // A page with nothing to run and nothing to send.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'";
        }

        encoding ??= Encoding.UTF8;
        return Results.Content(html, $"text/html; charset={encoding.WebName}", encoding, status);
    }

    // The one origin the page's form may post to, so the browser itself refuses any other.
    private static string FormOrigin(PendingReturn pending) => new Uri(pending.FormUrl).GetLeftPart(UriPartial.Authority);

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
