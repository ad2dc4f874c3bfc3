using System.Globalization;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Catalog;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.PunchOut;
using Punchout.Gateway.Sessions;
using Punchout.Protocols.Oci;
using Punchout.Validation.Carts;

namespace Punchout.Gateway.Oci;

/// <summary>The OCI call-up's <c>FUNCTION</c>s (PROTOCOLS.md §10, docs/oci-functions.md): DETAIL, VALIDATE and
/// BACKGROUND_SEARCH.</summary>
/// <remarks>VALIDATE and BACKGROUND_SEARCH open no session: their lines are found in the <see cref="IProductCatalog"/>,
/// priced by the ERP through the same <see cref="CartChecker"/> as a returned cart (at the ERP's price), and written by
/// the same <see cref="OciCartBuilder"/>, so fields, units and lengths are those of a cart return.</remarks>
public sealed class OciFunctions(
    IOptions<GatewayOptions> options,
    IProductCatalog catalog,
    CartChecker checker,
    IRandomSource random,
    ILogger<OciFunctions> logger)
{
    /// <summary>The most hits BACKGROUND_SEARCH prices and lists; the catalog's first ones.</summary>
    public const int MaxSearchHits = 50;

    private const string Validate = "VALIDATE";
    private const string Search = "BACKGROUND_SEARCH";

    /// <summary>DETAIL: the product page of PRODUCTID (an earlier EXT_PRODUCT_ID); nothing is returned to SAP.</summary>
    public IResult Detail(HttpContext http, Buyer buyer, OciCallUp callUp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(buyer);
        ArgumentNullException.ThrowIfNull(callUp);
        if (string.IsNullOrWhiteSpace(callUp.ProductId))
        {
            return PunchOutEndpoints.Page(http, StatusCodes.Status400BadRequest, ReturnPage.Message("Which product?", "FUNCTION=DETAIL needs PRODUCTID, the product's EXT_PRODUCT_ID from an earlier cart."));
        }

        var storefront = options.Value.Storefront;
        var product = Uri.EscapeDataString(callUp.ProductId.Trim());
        var url = storefront.ProductUrl is { Length: > 0 } template
            ? template.Replace("{productId}", product, StringComparison.Ordinal)
            : $"{storefront.EntryUrl}{(storefront.EntryUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?')}product={product}";
        logger.OciFunctionAnswered("DETAIL", buyer.Id);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(url);
    }

    /// <summary>VALIDATE: the OCI form for PRODUCTID and QUANTITY, priced by the ERP, posted without the user.</summary>
    /// <remarks>A missing product or a quantity that is not a positive number is 400, a product the catalog does not
    /// know 404, a line the ERP refuses 422, a catalog or ERP that cannot answer 503: each a page without a form.</remarks>
    public async Task<IResult> ValidateAsync(HttpContext http, Buyer buyer, OciCallUp callUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(buyer);
        ArgumentNullException.ThrowIfNull(callUp);
        if (string.IsNullOrWhiteSpace(callUp.ProductId))
        {
            return Refuse(http, buyer, Validate, StatusCodes.Status400BadRequest, "Which product?", "FUNCTION=VALIDATE needs PRODUCTID, the product's EXT_PRODUCT_ID from an earlier cart.");
        }

        if (QuantityOf(callUp.Quantity) is not { } quantity)
        {
            return Refuse(http, buyer, Validate, StatusCodes.Status400BadRequest, "How many?", $"FUNCTION=VALIDATE needs QUANTITY, a positive number with '.' as decimal point and at most 3 decimals; the call-up says '{callUp.Quantity}'.");
        }

        var productId = callUp.ProductId.Trim();
        var found = await catalog.FindAsync(productId, cancellationToken);
        if (found.Products is not { } products)
        {
            return CatalogUnavailable(http, buyer, Validate, found.UnavailableReason);
        }

        if (products.Count == 0)
        {
            return Refuse(http, buyer, Validate, StatusCodes.Status404NotFound, "No such product", $"The catalog has no product {productId}. It may have been withdrawn; search the catalog for a replacement.");
        }

        var check = await PriceAsync(buyer, [(products[0], quantity)], cancellationToken);
        if (Unpriced(http, buyer, Validate, check, "The product cannot be ordered like this") is { } unpriced)
        {
            return unpriced;
        }

        var session = SessionOf(callUp);
        var fields = OciCartBuilder.Fields(check, buyer.Oci!, session);
        if (fields.Problems.Count > 0)
        {
            return Refuse(http, buyer, Validate, StatusCodes.Status422UnprocessableEntity, "The product cannot be sent as OCI fields", string.Join(" ", fields.Problems.Select(p => p.Message)));
        }

        logger.OciFunctionAnswered(Validate, buyer.Id);
        return PunchOutEndpoints.AutoSubmitting(http, FormOf(buyer, session, fields.Fields), buyer.Name, random);
    }

    /// <summary>BACKGROUND_SEARCH: every hit for SEARCHSTRING as OCI fields on one page, not submitted.</summary>
    /// <remarks>Each hit is a line of quantity 1 at the ERP's price; hits the ERP refuses for this buyer (not entitled,
    /// unknown, not sold in ones) or whose fields OCI cannot carry are left out. No hit left is a 200 page without a
    /// form; a missing SEARCHSTRING 400; a catalog or ERP that cannot answer 503.</remarks>
    public async Task<IResult> BackgroundSearchAsync(HttpContext http, Buyer buyer, OciCallUp callUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(buyer);
        ArgumentNullException.ThrowIfNull(callUp);
        if (string.IsNullOrWhiteSpace(callUp.SearchString))
        {
            return Refuse(http, buyer, Search, StatusCodes.Status400BadRequest, "What to search for?", "FUNCTION=BACKGROUND_SEARCH needs SEARCHSTRING, the words to search the catalog for.");
        }

        var query = callUp.SearchString.Trim();
        var search = await catalog.SearchAsync(query, cancellationToken);
        if (search.Products is not { } hits)
        {
            return CatalogUnavailable(http, buyer, Search, search.UnavailableReason);
        }

        var check = await PriceWhatCanBeOrderedAsync(buyer, [.. hits.Take(MaxSearchHits).Select(p => (p, 1m))], cancellationToken);
        if (Unpriced(http, buyer, Search, check, "The products cannot be priced") is { } unpriced)
        {
            return unpriced;
        }

        var session = SessionOf(callUp);
        var fields = OciCartBuilder.Fields(check, buyer.Oci!, session);
        var listed = check.Lines.Count;
        if (fields.Problems.Count > 0)
        {
            var unfit = fields.Problems.Select(p => p.Item).ToHashSet();
            var fitting = check.Lines.Where((_, i) => !unfit.Contains(i + 1)).ToList();
            fields = OciCartBuilder.Fields(check with { Lines = fitting }, buyer.Oci!, session);
            listed = fitting.Count;
        }

        logger.OciSearchListed(buyer.Id, listed, hits.Count);
        if (listed == 0)
        {
            return PunchOutEndpoints.Page(http, StatusCodes.Status200OK, ReturnPage.Message("No products found", $"No product you can order matches '{query}'. Try other or fewer words."));
        }

        var text = hits.Count > listed
            ? $"{listed} products you can order match '{query}' ({hits.Count} hits in all)."
            : $"{listed} products match '{query}'.";
        return PunchOutEndpoints.Waiting(http, FormOf(buyer, session, fields.Fields), "Search results", text, "Add to the cart");
    }

    // A positive OCI quantity: '.' as decimal point, at most 3 decimals and 11 integer digits (PROTOCOLS.md §10).
    private static decimal? QuantityOf(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var quantity)
        && quantity > 0 && quantity == decimal.Round(quantity, 3) && quantity < 100_000_000_000m
            ? quantity
            : null;

    // The hits priced as one cart at quantity 1, without those the ERP refuses: Accepted (perhaps with no line left),
    // PricingUnavailable, or Refused when the cart itself is wrong (line 0), which no hit can fix.
    private async Task<CartCheckResult> PriceWhatCanBeOrderedAsync(Buyer buyer, List<(CatalogProduct Product, decimal Quantity)> lines, CancellationToken cancellationToken)
    {
        while (lines.Count > 0)
        {
            var check = await PriceAsync(buyer, lines, cancellationToken);
            var refused = check.Problems.Select(p => p.Line).ToHashSet();
            if (check.Outcome != CartCheckOutcome.Refused || refused.Contains(0))
            {
                return check;
            }

            // Priced again as one cart, not kept from this answer: the form numbers its lines from 1, as a cart's.
            lines = [.. lines.Where((_, i) => !refused.Contains(i + 1))];
        }

        return new CartCheckResult { Outcome = CartCheckOutcome.Accepted, Currency = buyer.DefaultCurrency };
    }

    // The lines priced as a cart of the buyer's ERP account, in its default currency, at the ERP's price.
    private Task<CartCheckResult> PriceAsync(Buyer buyer, IReadOnlyList<(CatalogProduct Product, decimal Quantity)> lines, CancellationToken cancellationToken)
    {
        var cart = new StorefrontCart
        {
            Currency = buyer.DefaultCurrency,
            Lines = [.. lines.Select(l => new CartLine
            {
                SupplierPartId = l.Product.SupplierPartId,
                Quantity = l.Quantity,
                UnitOfMeasure = l.Product.UnitOfMeasure,
                Description = l.Product.Description,
                Classification = l.Product.Classification,
            })],
        };
        return checker.CheckAsync(buyer.ErpAccount, cart, PriceMismatchPolicy.UseErpPrice, priceTolerance: 0m, new CartCheckContext(buyer.UnitCodes), cancellationToken);
    }

    // What a session would keep of the call-up: the form goes where a cart return's would, with the same hidden fields.
    private static OciSession SessionOf(OciCallUp callUp) =>
        new(callUp.HookUrl!, callUp.Target, callUp.Echo, callUp.Charset, callUp.MajorVersion);

    // No session ends here: the form is answered on the call-up itself, so the page is never stored nor redeemed.
    private static PendingReturn FormOf(Buyer buyer, OciSession session, IReadOnlyList<KeyValuePair<string, string>> fields) => new()
    {
        SessionId = string.Empty,
        BuyerId = buyer.Id,
        SetupPayloadId = $"oci:{session.Version}",
        FormUrl = OciCartBuilder.Action(session.HookUrl),
        Fields = [.. fields.Select(f => new FormField(f.Key, f.Value))],
        Target = session.Target,
        Charset = session.Charset,
    };

    private IResult CatalogUnavailable(HttpContext http, Buyer buyer, string function, string? reason)
    {
        logger.ProductCatalogUnavailable(function, buyer.Id, reason ?? "unknown");
        return PunchOutEndpoints.Page(http, StatusCodes.Status503ServiceUnavailable, ReturnPage.Message("The catalog cannot answer right now", "The supplier's product catalog did not answer. Try again in a few minutes."));
    }

    // The page of a check that priced nothing: 503 when the ERP could not answer, 422 with its reasons when it refused;
    // null when it accepted.
    private IResult? Unpriced(HttpContext http, Buyer buyer, string function, CartCheckResult check, string refusedTitle) => check.Outcome switch
    {
        CartCheckOutcome.PricingUnavailable => Refuse(http, buyer, function, StatusCodes.Status503ServiceUnavailable, "Prices cannot be confirmed right now", "The supplier's ERP could not price the product, so nothing is sent unchecked. Try again in a few minutes.", check.UnavailableReason),
        CartCheckOutcome.Refused => Refuse(http, buyer, function, StatusCodes.Status422UnprocessableEntity, refusedTitle, string.Join(" ", check.Problems.Select(p => p.Message))),
        _ => null,
    };

    private IResult Refuse(HttpContext http, Buyer buyer, string function, int status, string title, string text, string? reason = null)
    {
        logger.OciFunctionRefused(function, buyer.Id, status, reason ?? text);
        return PunchOutEndpoints.Page(http, status, ReturnPage.Message(title, text));
    }
}
