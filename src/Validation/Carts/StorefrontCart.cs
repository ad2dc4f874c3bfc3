namespace Punchout.Validation.Carts;

/// <summary>The cart the storefront hands back (<c>POST /api/v1/sessions/{id}/cart</c>).</summary>
public sealed record StorefrontCart
{
    /// <summary>ISO 4217 currency of the cart: of every line that names none.</summary>
    public string? Currency { get; init; }

    /// <summary>The cart lines, in the order the user sees them.</summary>
    public IReadOnlyList<CartLine?>? Lines { get; init; }
}

/// <summary>One cart line, with the price the storefront displayed.</summary>
public sealed record CartLine
{
    /// <summary>The supplier's part id.</summary>
    public string? SupplierPartId { get; init; }

    /// <summary>The supplier cookie (quote or configuration key); it comes back unchanged on the order.</summary>
    public string? SupplierPartAuxiliaryId { get; init; }

    /// <summary>How many units.</summary>
    public decimal Quantity { get; init; }

    /// <summary>The price the storefront showed; the ERP's contract price decides.</summary>
    public decimal UnitPrice { get; init; }

    /// <summary>ISO 4217 currency of this line when it is not the cart's; only a buyer that allows several currencies
    /// per cart (<c>MixedCurrencies</c>, OCI sessions) accepts one that differs.</summary>
    public string? Currency { get; init; }

    /// <summary>UN/CEFACT unit code (EA, BX, KGM, ...).</summary>
    public string? UnitOfMeasure { get; init; }

    /// <summary>What the user sees; the ERP's description is used when absent.</summary>
    public string? Description { get; init; }

    /// <summary>The part's classification; the ERP's is used when absent.</summary>
    public CartClassification? Classification { get; init; }

    /// <summary>Manufacturer's part number.</summary>
    public string? ManufacturerPartId { get; init; }

    /// <summary>Manufacturer's name.</summary>
    public string? ManufacturerName { get; init; }

    /// <summary>Days to deliver.</summary>
    public int? LeadTimeDays { get; init; }

    /// <summary>Extra values for the procurement system, sent as line Extrinsics.</summary>
    public IReadOnlyDictionary<string, string>? Extrinsics { get; init; }
}

/// <summary>A classification code in a domain such as UNSPSC.</summary>
public sealed record CartClassification(string Domain, string Code);
