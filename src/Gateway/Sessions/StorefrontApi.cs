using System.Globalization;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Cxml;
using Punchout.Gateway.Erp;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Oci;
using Punchout.Gateway.PunchOut;
using Punchout.Gateway.Redis;
using Punchout.Gateway.Security;
using Punchout.Protocols.Cxml;
using Punchout.Validation.Carts;

namespace Punchout.Gateway.Sessions;

/// <summary>The storefront's API: read the buyer's context, hand back the cart, or cancel (DESIGN.md §7).</summary>
public sealed class StorefrontApi(
    IPunchoutSessionStore sessions,
    BuyerDirectory buyers,
    CartChecker checker,
    CreditGate credit,
    IRandomSource random,
    PublicUrls urls,
    PayloadIdFactory payloadIds,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<StorefrontApi> logger)
{
    private GatewayOptions Settings => options.Value;

    /// <summary>Maps <c>/api/v1/sessions/{id}</c>, <c>…/cart</c> and <c>…/cancel</c> behind the storefront API key.</summary>
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/sessions")
            .AddEndpointFilter(new ApiKeyFilter(ApiKeyRole.Storefront))
            .WithTags("Storefront")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}", (string id, StorefrontApi api, CancellationToken cancellationToken) => api.GetSessionAsync(id, cancellationToken))
            .WithName("GetSession")
            .WithSummary("The buyer's context of a punchout session: buyer, ERP account, user, ship-to, operation, items, expiry.")
            .Produces<SessionContext>();
        group.MapPost("/{id}/cart", (string id, HttpRequest request, StorefrontApi api, CancellationToken cancellationToken) => api.ReturnCartAsync(id, request, cancellationToken))
            .WithName("ReturnCart")
            .WithSummary("Hands back the cart; the ERP prices every line. 200 gives the one-time returnUrl to send the browser to; 422 lists every refused line.")
            .Accepts<StorefrontCart>("application/json")
            .Produces<AcceptedCart>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{id}/cancel", (string id, StorefrontApi api, CancellationToken cancellationToken) => api.CancelAsync(id, cancellationToken))
            .WithName("CancelSession")
            .WithSummary("Ends the session without a cart; the returnUrl posts an empty cart (create) or 'unchanged' (edit, inspect).")
            .Produces<ReturnLink>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private async Task<IResult> GetSessionAsync(string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not var (session, buyer))
        {
            return UnknownSession(id);
        }

        return Results.Json(
            new SessionContext(
                session.Id,
                buyer.Id,
                buyer.Name,
                buyer.ErpAccount,
                session.Protocol,
                session.Operation,
                session.State,
                session.DeploymentMode == DeploymentMode.Test,
                session.User,
                session.ShipTo,
                session.SelectedItem,
                session.Items,
                session.Extrinsics,
                MixesCurrencies(session, buyer),
                clock.GetUtcNow() + Settings.Sessions.Ttl),
            GatewayJson.Options);
    }

    private async Task<IResult> ReturnCartAsync(string id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not var (session, buyer))
        {
            return UnknownSession(id);
        }

        using var scope = BeginScope(session);
        if (session.State != SessionState.Started)
        {
            logger.SessionClosed(session.Id, buyer.Id, session.SetupPayloadId, session.State.ToString().ToLowerInvariant());
            return NotOpen(session);
        }

        if (session.Operation == "inspect")
        {
            return Problems.Of(
                StatusCodes.Status409Conflict,
                "inspect-only",
                "The session is for viewing only",
                "The procurement system opened this cart with operation inspect: it cannot be changed. End the session with cancel.");
        }

        var (cart, unreadable) = await JsonBody.ReadAsync<StorefrontCart>(request, "cart", "DESIGN.md §7", cancellationToken);
        if (cart is null)
        {
            return unreadable!;
        }

        var check = await checker.CheckAsync(buyer.ErpAccount, cart, buyer.PriceMismatch, buyer.PriceTolerance, new CartCheckContext(buyer.UnitCodes, session.CreatedAt, MixesCurrencies(session, buyer)), cancellationToken);
        switch (check.Outcome)
        {
            case CartCheckOutcome.PricingUnavailable:
                logger.PricingUnavailable(session.Id, buyer.Id, session.SetupPayloadId, check.UnavailableReason ?? "unknown");
                metrics.CartLineRefused(buyer.Id, session.Protocol, "pricing-unavailable");
                return Problems.Of(
                    StatusCodes.Status503ServiceUnavailable,
                    "pricing-unavailable",
                    "Prices cannot be confirmed right now",
                    "The ERP could not price the cart, so it cannot be returned unchecked. Ask the user to try again in a few minutes.");
            case CartCheckOutcome.Refused:
                foreach (var problem in check.Problems)
                {
                    metrics.CartLineRefused(buyer.Id, session.Protocol, problem.Code);
                }

                logger.CartRefused(session.Id, buyer.Id, session.SetupPayloadId, string.Join("; ", check.Problems.Select(p => $"line {p.Line} {p.Code}")));
                return Problems.Of(
                    StatusCodes.Status422UnprocessableEntity,
                    "cart-refused",
                    "The cart was refused",
                    $"{check.Problems.Count} problem(s) must be fixed before the cart can be returned; each is listed in errors.",
                    new Dictionary<string, object?> { ["errors"] = check.Problems.Select(p => new { line = p.Line, code = p.Code, message = p.Message, erpUnitPrice = p.ErpUnitPrice }).ToList() });
        }

        ReturnForm form;
        if (session.Oci is { } oci)
        {
            var fields = OciCartBuilder.Fields(check, buyer.Oci!, oci);
            if (fields.Problems.Count > 0)
            {
                foreach (var problem in fields.Problems)
                {
                    metrics.CartLineRefused(buyer.Id, session.Protocol, "oci-field");
                }

                logger.CartRefused(session.Id, buyer.Id, session.SetupPayloadId, string.Join("; ", fields.Problems.Select(p => $"line {p.Item} {p.Field}")));
                return Problems.Of(
                    StatusCodes.Status422UnprocessableEntity,
                    "oci-fields-invalid",
                    "The cart cannot be sent as OCI fields",
                    $"{fields.Problems.Count} value(s) do not fit the buyer's OCI form (PROTOCOLS.md §10: lengths and number formats); each is listed in errors.",
                    new Dictionary<string, object?> { ["errors"] = fields.Problems.Select(p => new { line = p.Item, code = "oci-field", field = p.Field, message = p.Message }).ToList() });
            }

            form = OciForm(oci, fields.Fields);
        }
        else
        {
            form = CxmlForm(session, buyer, CartMessageBuilder.ForCart(session, check, buyer.ErpAccount, payloadIds.Next(), clock.GetUtcNow(), Settings.Gateway.UserAgent));
        }

        // Blocking credit: the last check before the session closes, so a refusal leaves it open and nothing returned.
        // A cart in several currencies is checked once per currency, on that currency's total.
        if (await CreditRefusalAsync(buyer, check, session.Id, cancellationToken) is { } refusal)
        {
            metrics.CartLineRefused(buyer.Id, session.Protocol, refusal.Code);
            logger.CartCreditRefused(session.Id, buyer.Id, session.SetupPayloadId, refusal.Code, refusal.Reason);
            return refusal.IsUnavailable
                ? Problems.Of(
                    StatusCodes.Status503ServiceUnavailable,
                    refusal.Code,
                    "Credit cannot be confirmed right now",
                    "The ERP could not check the account's credit, so the cart cannot be returned unchecked. The session stays open: ask the user to try again in a few minutes.")
                : Problems.Of(
                    StatusCodes.Status422UnprocessableEntity,
                    refusal.Code,
                    refusal.Code == CreditGate.Hold ? "The account is on credit hold" : "The cart is over the account's credit limit",
                    $"{refusal.Reason} The session stays open; nothing was returned to the procurement system.",
                    new Dictionary<string, object?> { ["account"] = refusal.Account, ["reason"] = refusal.Reason });
        }

        if (await CloseAsync(session, buyer, form, SessionState.Returned, cancellationToken) is not { } returnUrl)
        {
            return NotOpen(session);
        }

        metrics.CartReturned(buyer.Id, session.Protocol);
        metrics.CartLinesRepriced(buyer.Id, session.Protocol, check.Lines.Count(l => l.Repriced));
        logger.CartAccepted(session.Id, buyer.Id, session.SetupPayloadId, check.Lines.Count, string.Join(" + ", check.Totals.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Amount} {t.Currency}"))));
        return Results.Json(
            new AcceptedCart(
                returnUrl,
                check.Currency,
                check.MixedCurrencies ? null : check.Total,
                [.. check.Totals.Select(t => new AcceptedTotal(t.Currency, t.Amount))],
                check.TaxExempt,
                [.. check.Lines.Select(l => new AcceptedLine(
                    l.Line,
                    l.SupplierPartId,
                    l.CartLine.SupplierPartAuxiliaryId,
                    l.CartLine.Quantity,
                    l.UnitPrice,
                    l.Quote.UnitOfMeasure ?? l.CartLine.UnitOfMeasure!,
                    l.Quote.PriceBasisQuantity,
                    l.Amount,
                    l.Currency,
                    l.Repriced,
                    l.CartLine.UnitPrice,
                    l.Quote.ContractId))]),
            GatewayJson.Options);
    }

    private async Task<IResult> CancelAsync(string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not var (session, buyer))
        {
            return UnknownSession(id);
        }

        using var scope = BeginScope(session);
        var currency = session.Items.FirstOrDefault(i => i.Currency is not null)?.Currency ?? buyer.DefaultCurrency;
        var form = session.Oci is { } oci
            ? OciForm(oci, OciCartBuilder.Empty(oci))
            : CxmlForm(session, buyer, CartMessageBuilder.ForCancel(session, currency, payloadIds.Next(), clock.GetUtcNow(), Settings.Gateway.UserAgent));
        if (session.State != SessionState.Started || await CloseAsync(session, buyer, form, SessionState.Cancelled, cancellationToken) is not { } returnUrl)
        {
            logger.SessionClosed(session.Id, buyer.Id, session.SetupPayloadId, session.State.ToString().ToLowerInvariant());
            return NotOpen(session);
        }

        metrics.SessionCancelled(buyer.Id, session.Protocol);
        logger.SessionCancelled(session.Id, buyer.Id, session.SetupPayloadId);
        return Results.Json(new ReturnLink(returnUrl), GatewayJson.Options);
    }

    // Several currencies in one cart only where the buyer allows them and the return form carries a currency per line.
    private static bool MixesCurrencies(PunchoutSession session, Buyer buyer) => buyer.MixedCurrencies && session.Oci is not null;

    // The first refusal of the ERP's credit check over the cart's totals, one currency at a time; null when all pass
    // or the buyer's credit check is not Blocking. Each check is counted.
    private async Task<CreditRefusal?> CreditRefusalAsync(Buyer buyer, CartCheckResult check, string reference, CancellationToken cancellationToken)
    {
        if (!buyer.CreditBlocking)
        {
            return null;
        }

        foreach (var total in check.Totals)
        {
            var refusal = await credit.CheckAsync(buyer, total.Currency, total.Amount, reference, cancellationToken);
            metrics.CreditChecked(buyer.Id, "cart", refusal?.Code ?? "ok");
            if (refusal is not null)
            {
                return refusal;
            }
        }

        return null;
    }

    // The cXML return form: the PunchOutOrderMessage in the buyer's one field, posted to the BrowserFormPost URL.
    private static ReturnForm CxmlForm(PunchoutSession session, Buyer buyer, CxmlEnvelope message) =>
        new(session.ReturnUrl, [new FormField(buyer.CartField, ReturnPage.CxmlFieldValue(buyer.CartField, CxmlWriter.ToBytes(message)))], null, null);

    // The OCI return form: the HOOK_URL without its query as action, the query and ~ parameters and NEW_ITEM fields.
    private static ReturnForm OciForm(OciSession oci, IReadOnlyList<KeyValuePair<string, string>> fields) =>
        new(OciCartBuilder.Action(oci.HookUrl), [.. fields.Select(f => new FormField(f.Key, f.Value))], oci.Target, oci.Charset);

    // Ends the session and stores its one-time return page together; null when another cart or cancel came first.
    private async Task<string?> CloseAsync(PunchoutSession session, Buyer buyer, ReturnForm form, SessionState finalState, CancellationToken cancellationToken)
    {
        var token = SessionTokens.NewToken(random, session.Id);
        var pending = new PendingReturn
        {
            SessionId = session.Id,
            BuyerId = buyer.Id,
            SetupPayloadId = session.SetupPayloadId,
            FormUrl = form.Action,
            Fields = form.Fields,
            Target = form.Target,
            Charset = form.Charset,
        };
        return await sessions.TryCloseAsync(session.Id, finalState, SessionTokens.Hash(token), pending, Settings.Sessions.ReturnTokenTtl, cancellationToken)
            ? urls.Absolute($"/punchout/return/{token}")
            : null;
    }

    private sealed record ReturnForm(string Action, IReadOnlyList<FormField> Fields, string? Target, string? Charset);

    // The session and its buyer; null when the id is malformed, unknown or expired.
    private async Task<(PunchoutSession Session, Buyer Buyer)?> FindAsync(string id, CancellationToken cancellationToken) =>
        SessionTokens.LooksValid(id)
        && await sessions.GetAsync(id, Settings.Sessions.Ttl, cancellationToken) is { } session
        && buyers.Find(session.BuyerId) is { } buyer
            ? (session, buyer)
            : null;

    private IDisposable? BeginScope(PunchoutSession session) =>
        logger.BeginScope(new Dictionary<string, object?> { ["SessionId"] = session.Id, ["Buyer"] = session.BuyerId, ["PayloadId"] = session.SetupPayloadId });

    private static IResult UnknownSession(string id) => Problems.Of(
        StatusCodes.Status404NotFound,
        "unknown-session",
        "No such punchout session",
        $"Session '{id}' does not exist or has expired; the user must start the punchout again from the procurement system.");

    private static IResult NotOpen(PunchoutSession session) => Problems.Of(
        StatusCodes.Status409Conflict,
        "session-not-open",
        "The session does not take a cart now",
        session.State switch
        {
            SessionState.Created => "The user has not arrived at the storefront through the start link yet.",
            SessionState.Returned => "A cart was already returned for this session; the user must start a new punchout to change it.",
            _ => "The session was cancelled; the user must start a new punchout.",
        });

    /// <summary>A cart the ERP accepted: where to send the browser, and the lines as priced. <c>total</c> is the
    /// cart's in its one currency, null for a cart in several; <c>totals</c> has one per currency either way.</summary>
    internal sealed record AcceptedCart(string ReturnUrl, string Currency, decimal? Total, IReadOnlyList<AcceptedTotal> Totals, bool TaxExempt, IReadOnlyList<AcceptedLine> Lines);

    /// <summary>The sum of the accepted lines in one currency.</summary>
    internal sealed record AcceptedTotal(string Currency, decimal Total);

    /// <summary>One accepted line, at the contract price; <c>repriced</c> when that differs from the storefront's.</summary>
    internal sealed record AcceptedLine(
        int Line,
        string SupplierPartId,
        string? SupplierPartAuxiliaryId,
        decimal Quantity,
        decimal UnitPrice,
        string UnitOfMeasure,
        decimal PriceBasisQuantity,
        decimal Amount,
        string Currency,
        bool Repriced,
        decimal StorefrontUnitPrice,
        string? ContractId);

    /// <summary>Where to send the browser to end the session.</summary>
    internal sealed record ReturnLink(string ReturnUrl);

    /// <summary>The buyer's context of a session, for the storefront.</summary>
    internal sealed record SessionContext(
        string SessionId,
        string Buyer,
        string BuyerName,
        string ErpAccount,
        string Protocol,
        string Operation,
        SessionState State,
        bool Test,
        SessionUser? User,
        Address? ShipTo,
        ItemId? SelectedItem,
        IReadOnlyList<SessionItem> Items,
        IReadOnlyDictionary<string, string> Extrinsics,
        bool MixedCurrencies,
        DateTimeOffset ExpiresAt);
}
