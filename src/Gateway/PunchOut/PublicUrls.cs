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

/// <summary>payloadIDs of the form cXML recommends: <c>datetime.process.random@host</c>.</summary>
public sealed class PayloadIdFactory(TimeProvider clock, Sessions.IRandomSource random)
{
    private static readonly string Host = new([.. Environment.MachineName.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')]);

    /// <summary>A new payloadID.</summary>
    public string Next()
    {
        Span<byte> bytes = stackalloc byte[8];
        random.Fill(bytes);
        return $"{clock.GetUtcNow().ToUnixTimeMilliseconds()}.{Environment.ProcessId}.{Convert.ToHexStringLower(bytes)}@{(Host.Length > 0 ? Host : "punchout")}";
    }
}
