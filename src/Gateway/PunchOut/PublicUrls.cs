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
}
