using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;

namespace Punchout.Gateway.PunchOut;

/// <summary>Absolute URLs handed to browsers: under <c>Gateway:PublicBaseUrl</c>, or the current request's own base.</summary>
public sealed class PublicUrls(IOptions<GatewayOptions> options, IHttpContextAccessor accessor)
{
    /// <summary>The absolute URL of a gateway path such as <c>/punchout/start/…</c>.</summary>
    public string Absolute(string path)
    {
        var configured = options.Value.Gateway.PublicBaseUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.TrimEnd('/') + path;
        }

        var request = accessor.HttpContext?.Request
            ?? throw new InvalidOperationException("Gateway:PublicBaseUrl is not set and there is no request to take the base URL from.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
    }

    /// <summary>Where the console's punchout tester receives the cart of run <paramref name="runId"/>.</summary>
    public string TesterReturn(string runId) => Absolute($"/console/tester/{runId}/received");

    /// <summary>Whether <paramref name="url"/> is where the console's punchout tester receives a cart: the gateway
    /// itself, so a BrowserFormPost URL or HOOK_URL there is allowed for every buyer (the page needs a signed-in
    /// console user; anyone else's browser posts the cart nowhere).</summary>
    /// <remarks>Without <c>Gateway:PublicBaseUrl</c> (Development only) the base comes from the request's Host header,
    /// which the caller chooses, so the URL must then also be on a loopback host.</remarks>
    public bool IsTesterReturn(string? url)
    {
        var prefix = Absolute("/console/tester/");
        return url is not null && url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && url.EndsWith("/received", StringComparison.Ordinal)
            && url.AsSpan(prefix.Length, url.Length - prefix.Length - "/received".Length).IndexOfAny("/?#") < 0
            && (!string.IsNullOrWhiteSpace(options.Value.Gateway.PublicBaseUrl) || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback));
    }
}
