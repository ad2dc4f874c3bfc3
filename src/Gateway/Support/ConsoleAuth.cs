using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Security;

namespace Punchout.Gateway.Support;

/// <summary>Who may use the console: whoever signed in with the admin key (<c>Admin:ApiKey</c>), or presents it in
/// <c>X-Api-Key</c>.</summary>
/// <remarks>The sign-in cookie holds its expiry and an HMAC of it under a key derived from the admin key, so every
/// gateway instance accepts it without shared session state, and rotating the admin key signs everyone out. It is
/// HttpOnly and SameSite=Strict, so another site cannot make a signed-in browser post to the console; a POST whose
/// Origin names another host is refused as well.</remarks>
public sealed class ConsoleAuth(IOptions<GatewayOptions> options, TimeProvider clock, ILogger<ConsoleAuth> logger)
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "punchout_console";

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private string AdminKey => options.Value.Admin.ApiKey;

    /// <summary>Whether the console can be used at all: it needs an admin key.</summary>
    public bool Enabled => !string.IsNullOrEmpty(AdminKey);

    /// <summary>Whether <paramref name="presented"/> is the admin key (constant time).</summary>
    public bool IsAdminKey(string? presented) => Enabled && presented is not null && ApiKeyFilter.Matches(presented, AdminKey);

    /// <summary>Whether the request is signed in: a valid, unexpired cookie, or the admin key in <c>X-Api-Key</c>.</summary>
    public bool IsSignedIn(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!Enabled)
        {
            return false;
        }

        if (http.Request.Headers.TryGetValue(ApiKeyFilter.Header, out var key) && IsAdminKey(key.ToString()))
        {
            return true;
        }

        var cookie = http.Request.Cookies[CookieName];
        var dot = cookie?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (cookie is null || dot < 1 || !long.TryParse(cookie.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(cookie[(dot + 1)..]))
            && clock.GetUtcNow().ToUnixTimeSeconds() < expires;
    }

    /// <summary>Signs the browser in: sets the cookie.</summary>
    public void SignIn(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var expires = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        http.Response.Cookies.Append(CookieName, string.Create(CultureInfo.InvariantCulture, $"{expires}.{Mac(expires)}"), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
        });
    }

    /// <summary>Signs the browser out.</summary>
    public static void SignOut(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
    }

    /// <summary>Logs a refused sign-in, without what was typed.</summary>
    public void Refused(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        logger.ConsoleSignInRefused(http.Connection.RemoteIpAddress?.ToString() ?? "-");
    }

    // The cookie's MAC: HMAC-SHA256 of its expiry under a key derived from the admin key for this purpose only.
    private string Mac(long expires)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(AdminKey), "punchout-console-cookie-v1"u8);
        return Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(expires.ToString(CultureInfo.InvariantCulture))));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Lets a console request through only when signed in; others go to the sign-in page (a GET) or get 401.</summary>
/// <remarks>A POST must also come from the console's own host when the browser says where it comes from (Origin).</remarks>
public sealed class ConsoleAuthFilter : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var auth = http.RequestServices.GetRequiredService<ConsoleAuth>();
        if (!auth.Enabled)
        {
            return Results.Content(ConsolePage.Layout("The console is off", "<p>Set <code>Admin:ApiKey</code> to use the console.</p>"), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        if (!auth.IsSignedIn(http))
        {
            return HttpMethods.IsGet(http.Request.Method)
                ? Results.Redirect($"/console/login?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}")
                : Results.Unauthorized();
        }

        // "null" is what the cart return page sends (Referrer-Policy no-referrer) when it posts a tester's cart back; it is
        // let through there only, where the worst a forged post does is show a cart in a tester run.
        var fromReturnPage = http.Request.Path.Value?.EndsWith("/received", StringComparison.Ordinal) == true;
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.Headers.Origin is { Count: > 0 } origin && !(fromReturnPage && origin.ToString() == "null")
            && (!Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var from) || !string.Equals(from.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";
        return await next(context);
    }
}
