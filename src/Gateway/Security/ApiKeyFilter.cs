using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;

namespace Punchout.Gateway.Security;

/// <summary>Who an API key belongs to.</summary>
public enum ApiKeyRole
{
    /// <summary>The storefront (<c>Storefront:ApiKeys</c>).</summary>
    Storefront,

    /// <summary>Support (<c>Admin:ApiKey</c>).</summary>
    Admin,

    /// <summary>The ERP, reporting confirmations and shipments (<c>Erp:ApiKeys</c>).</summary>
    Erp,
}

/// <summary>Admits a request only with a key of one of <paramref name="roles"/> in <c>X-Api-Key</c>, compared in constant time.</summary>
public sealed class ApiKeyFilter(params ApiKeyRole[] roles) : IEndpointFilter
{
    /// <summary>The header the key travels in.</summary>
    public const string Header = "X-Api-Key";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var keys = roles.SelectMany(role => role switch
        {
            ApiKeyRole.Storefront => options.Storefront.ApiKeys,
            ApiKeyRole.Erp => options.Erp.ApiKeys,
            _ => [options.Admin.ApiKey],
        }).Where(k => !string.IsNullOrEmpty(k));
        var who = string.Join(" or ", roles.Select(r => r.ToString().ToLowerInvariant()));
        var presented = context.HttpContext.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "missing-api-key", "An API key is required", $"Send the {who} API key in the {Header} header.");
        }

        // Every configured key is compared, so the time taken does not tell which one nearly matched.
        var match = false;
        foreach (var key in keys)
        {
            match |= Matches(presented, key);
        }

        return match
            ? await next(context).ConfigureAwait(false)
            : Problems.Of(StatusCodes.Status401Unauthorized, "invalid-api-key", "The API key is not valid", $"The {Header} header does not hold a valid {who} API key.");
    }

    /// <summary>Whether <paramref name="presented"/> is <paramref name="expected"/>, compared in constant time.</summary>
    internal static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

/// <summary>RFC 9457 problem details with a machine-readable <c>code</c>.</summary>
public static class Problems
{
    /// <summary>A problem with a status, a code, a title and a detail for people, and optional extensions.</summary>
    public static IResult Of(int status, string code, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: all);
    }
}
