using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.PunchOut;
using Punchout.Protocols.Oci;

namespace Punchout.Gateway.Oci;

/// <summary>The OCI call-up's <c>FUNCTION</c>s (PROTOCOLS.md §10): DETAIL, VALIDATE and BACKGROUND_SEARCH.</summary>
public sealed class OciFunctions(IOptions<GatewayOptions> options, ILogger<OciFunctions> logger)
{
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
    public Task<IResult> ValidateAsync(HttpContext http, Buyer buyer, OciCallUp callUp, CancellationToken cancellationToken) =>
        Task.FromResult(NotYet(http, "VALIDATE"));

    /// <summary>BACKGROUND_SEARCH: every hit for SEARCHSTRING as OCI fields on one page, not submitted.</summary>
    public Task<IResult> BackgroundSearchAsync(HttpContext http, Buyer buyer, OciCallUp callUp, CancellationToken cancellationToken) =>
        Task.FromResult(NotYet(http, "BACKGROUND_SEARCH"));

    private static IResult NotYet(HttpContext http, string function) =>
        PunchOutEndpoints.Page(http, StatusCodes.Status501NotImplemented, ReturnPage.Message("Not available", $"FUNCTION={function} is not available yet."));
}
