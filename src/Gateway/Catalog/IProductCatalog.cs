using Punchout.Validation.Carts;

namespace Punchout.Gateway.Catalog;

/// <summary>A product as the catalog describes it: what OCI's VALIDATE and BACKGROUND_SEARCH put on a line before the
/// ERP prices it.</summary>
/// <param name="SupplierPartId">The supplier's part id (OCI's EXT_PRODUCT_ID and VENDORMAT).</param>
/// <param name="Description">What the user sees; the ERP's description is used when null.</param>
/// <param name="UnitOfMeasure">The UN/CEFACT unit the product is sold in (EA, BX, KGM, ...).</param>
/// <param name="Classification">The product's classification, e.g. UNSPSC; the ERP's is used when null.</param>
public sealed record CatalogProduct(string SupplierPartId, string? Description, string UnitOfMeasure, CartClassification? Classification);

/// <summary>What a catalog search found, or why the catalog could not answer.</summary>
public sealed record CatalogSearch
{
    /// <summary>The hits in the catalog's order; empty when nothing matches, null when the catalog could not answer.</summary>
    public IReadOnlyList<CatalogProduct>? Products { get; private init; }

    /// <summary>Why the catalog could not answer, for logs; null when it did.</summary>
    public string? UnavailableReason { get; private init; }

    /// <summary>The catalog answered with <paramref name="products"/>.</summary>
    public static CatalogSearch Found(IReadOnlyList<CatalogProduct> products) => new() { Products = products };

    /// <summary>The catalog could not answer (down, too slow, or an answer outside the contract).</summary>
    public static CatalogSearch Unavailable(string reason) => new() { UnavailableReason = reason };
}

/// <summary>The supplier's product catalog, searched by OCI's BACKGROUND_SEARCH and VALIDATE (docs/oci-functions.md).</summary>
public interface IProductCatalog
{
    /// <summary>The products matching <paramref name="query"/>; a product is found by its own part id too.</summary>
    /// <remarks>Never throws for a catalog that is down, slow or answers nonsense: that is
    /// <see cref="CatalogSearch.Unavailable"/>, which the caller turns into a 503 page.</remarks>
    Task<CatalogSearch> SearchAsync(string query, CancellationToken cancellationToken);
}

/// <summary>Looking one product up by searching for its part id.</summary>
public static class ProductCatalogExtensions
{
    /// <summary>The product whose part id is <paramref name="supplierPartId"/> (in any letter case) among the hits for it:
    /// one product, an empty list when there is none, or the catalog's failure.</summary>
    public static async Task<CatalogSearch> FindAsync(this IProductCatalog catalog, string supplierPartId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var search = await catalog.SearchAsync(supplierPartId, cancellationToken).ConfigureAwait(false);
        return search.Products is { } products
            ? CatalogSearch.Found([.. products.Where(p => string.Equals(p.SupplierPartId, supplierPartId, StringComparison.OrdinalIgnoreCase)).Take(1)])
            : search;
    }
}
