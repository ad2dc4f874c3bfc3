using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Cxml;
using Punchout.Gateway.Observability;
using Punchout.Gateway.PunchOut;
using Punchout.Gateway.Sessions;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Oci;

namespace Punchout.Gateway.Oci;

/// <summary><c>GET</c> and <c>POST /oci/{buyerId}</c>: the OCI call-up (PROTOCOLS.md §10). The buyer's SAP system
/// opens it in the user's browser; a valid call-up opens a session in the same store as cXML sessions and sends the
/// browser on to the storefront through the one-time start link. Every refusal is a page that says what to fix.</summary>
public static class OciEndpoints
{
    /// <summary>Maps the call-up for GET (the query string) and POST (a form, SRM's default).</summary>
    public static IEndpointRouteBuilder MapOci(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/oci/{buyerId}", [HttpMethods.Get, HttpMethods.Post], CallUpAsync).DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> CallUpAsync(
        string buyerId,
        HttpContext http,
        BuyerDirectory buyers,
        IPunchoutSessionStore sessions,
        IRandomSource random,
        PublicUrls urls,
        OciFunctions functions,
        GatewayMetrics metrics,
        IOptions<GatewayOptions> options,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(OciEndpoints));
        if (buyers.Find(buyerId) is not { Oci: { } oci } buyer)
        {
            metrics.AuthenticationFailed(GatewayMetrics.UnknownBuyer, "oci");
            logger.OciCallUpRefused(GatewayMetrics.UnknownBuyer, StatusCodes.Status404NotFound, "no buyer with OCI by that id");
            return Refuse(http, StatusCodes.Status404NotFound, "No such catalog", $"There is no OCI catalog at this address. Ask the supplier for the call-up URL of your company's catalog.");
        }

        var callUp = OciCallUp.Read(await ParametersAsync(http.Request, cancellationToken), oci.Names);
        if (!Authenticates(oci, callUp))
        {
            metrics.AuthenticationFailed(buyer.Id, "oci");
            logger.OciCallUpRefused(buyer.Id, StatusCodes.Status401Unauthorized, callUp.Username is null || callUp.Password is null ? "the user name or password parameter is missing" : "the user name or password is wrong");
            return Refuse(http, StatusCodes.Status401Unauthorized, "The catalog could not log you in", $"The user name or password your SAP system sent ({oci.Names.Username}, {oci.Names.Password}) is not the one agreed with the supplier. Ask your SAP administrator to check the catalog's call-up parameters.");
        }

        if (callUp.Function == "DETAIL")
        {
            return functions.Detail(http, buyer, callUp);
        }

        if (HookProblem(oci, callUp, urls) is { } hookProblem)
        {
            logger.OciCallUpRefused(buyer.Id, hookProblem.Status, hookProblem.Reason);
            return Refuse(http, hookProblem.Status, "The catalog cannot send your cart back", hookProblem.Reason);
        }

        if (callUp.Charset is { } charset && PageEncoding.Of(charset) is null)
        {
            logger.OciCallUpRefused(buyer.Id, StatusCodes.Status400BadRequest, $"unknown http_content_charset '{charset}'");
            return Refuse(http, StatusCodes.Status400BadRequest, "The catalog cannot answer in that character set", $"The call-up asks for the character set '{charset}' (http_content_charset), which the catalog does not know. Use iso-8859-1 or utf-8.");
        }

        switch (callUp.Function)
        {
            case null:
                break;
            case "VALIDATE":
                return await functions.ValidateAsync(http, buyer, callUp, cancellationToken);
            case "BACKGROUND_SEARCH":
                return await functions.BackgroundSearchAsync(http, buyer, callUp, cancellationToken);
            default:
                logger.OciCallUpRefused(buyer.Id, StatusCodes.Status501NotImplemented, $"FUNCTION={callUp.Function} is not supported");
                return Refuse(http, StatusCodes.Status501NotImplemented, "The catalog does not offer that function", $"FUNCTION={callUp.Function} is not supported by this catalog; DETAIL, VALIDATE and BACKGROUND_SEARCH are, and a call-up without FUNCTION opens the catalog.");
        }

        var session = new PunchoutSession
        {
            Id = SessionTokens.NewSessionId(random),
            BuyerId = buyer.Id,
            Protocol = "oci",
            Operation = "create",
            BuyerCookie = string.Empty,
            ReturnUrl = callUp.HookUrl!,
            SetupPayloadId = $"oci:{callUp.OciVersion ?? "4.0"}",
            DeploymentMode = DeploymentMode.Production,
            Lang = callUp.Other.GetValueOrDefault("sap-language") ?? "en",
            User = new SessionUser(null, null, callUp.Username),
            Extrinsics = callUp.Other.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Oci = new OciSession(callUp.HookUrl!, callUp.Target, callUp.Echo, callUp.Charset, callUp.MajorVersion),
            State = SessionState.Created,
            CreatedAt = clock.GetUtcNow(),
        };
        var startToken = SessionTokens.NewToken(random, session.Id);
        var lifetimes = options.Value.Sessions;
        await sessions.CreateAsync(session, SessionTokens.Hash(startToken), lifetimes.Ttl, lifetimes.StartTokenTtl, cancellationToken);
        metrics.SessionStarted(buyer.Id, session.Protocol);
        logger.OciSessionCreated(buyer.Id, callUp.OciVersion ?? "4.0", session.Id, new Uri(callUp.HookUrl!).Host);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";

        // 303: the browser follows with a GET whatever the call-up's method was.
        return SeeOther(http, urls.Absolute($"/punchout/start/{startToken}"));
    }

    // The query string and, for a POST, the form: SRM posts the call-up, others send it as a GET.
    private static async Task<List<KeyValuePair<string, string>>> ParametersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var parameters = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))).ToList();
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            parameters.AddRange(form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))));
        }

        return parameters;
    }

    // User name and password both compared in constant time; a missing one costs the same as a wrong one.
    private static bool Authenticates(OciBuyer oci, OciCallUp callUp)
    {
        var username = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(callUp.Username ?? string.Empty)), SHA256.HashData(Encoding.UTF8.GetBytes(oci.Username)));
        var password = oci.Password.Matches(callUp.Password is { } given ? new SharedSecret(given) : null);
        return username & password && callUp.Username is not null;
    }

    private static (int Status, string Reason)? HookProblem(OciBuyer oci, OciCallUp callUp, PublicUrls urls)
    {
        if (callUp.HookUrl is not { } hook)
        {
            return (StatusCodes.Status400BadRequest, $"The call-up carries no {oci.Names.HookUrl}, so there is nowhere to send the cart. Ask your SAP administrator to check the catalog's call-up parameters.");
        }

        if (!Uri.TryCreate(hook, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return (StatusCodes.Status400BadRequest, $"The {oci.Names.HookUrl} is not an http or https address; a cart is only ever sent to one.");
        }

        if (uri.UserInfo.Length > 0)
        {
            return (StatusCodes.Status400BadRequest, $"The {oci.Names.HookUrl} carries a user name or password before its host; a cart is never sent to such an address. Ask your SAP administrator to remove it.");
        }

        // The query's parameters go back as hidden fields before the items: none may pose as an item field or an echo.
        if (OciCartBuilder.QueryOf(hook).FirstOrDefault(p => p.Key.StartsWith("NEW_ITEM-", StringComparison.OrdinalIgnoreCase) || p.Key.StartsWith('~')) is { Key: { } clash })
        {
            return (StatusCodes.Status400BadRequest, $"The {oci.Names.HookUrl}'s query carries the parameter '{clash}', which would pose as a field of the cart or an echo of the call-up. Ask your SAP administrator to check the catalog's call-up parameters.");
        }

        return oci.AllowsHook(hook) || urls.IsTesterReturn(hook)
            ? null
            : (StatusCodes.Status403Forbidden, $"The {oci.Names.HookUrl} points to {uri.Scheme}://{uri.Authority}{uri.AbsolutePath}, which is not on the list the supplier keeps for your company. Ask the supplier to add your SAP system's address.");
    }

    private static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult Refuse(HttpContext http, int status, string title, string text) =>
        PunchOutEndpoints.Page(http, status, ReturnPage.Message(title, text));
}
