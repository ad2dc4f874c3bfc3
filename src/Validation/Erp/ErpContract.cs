using System.Text.Json.Serialization;

namespace Punchout.Validation.Erp;

/// <summary><c>POST /prices/quote</c>: price these lines for this account.</summary>
public sealed record PriceQuoteRequest(string Account, string Currency, IReadOnlyList<PriceQuoteLine> Lines);

/// <summary>One line to price; <see cref="LineRef"/> comes back on its answer.</summary>
public sealed record PriceQuoteLine(string LineRef, string SupplierPartId, string? SupplierPartAuxiliaryId, decimal Quantity, string UnitOfMeasure);

/// <summary>The ERP's prices for an account.</summary>
public sealed record PriceQuote(string Account, bool TaxExempt, IReadOnlyList<QuotedLine> Lines);

/// <summary>The ERP's answer for one line: whether the account may buy the part, and at what contract price.</summary>
public sealed record QuotedLine
{
    /// <summary>The <see cref="PriceQuoteLine.LineRef"/> this answers.</summary>
    public required string LineRef { get; init; }

    /// <summary>The part priced.</summary>
    public required string SupplierPartId { get; init; }

    /// <summary>Whether the account may buy the part.</summary>
    public bool Entitled { get; init; }

    /// <summary>The contract price per <see cref="PriceBasisQuantity"/> units; absent when the part is unknown or not entitled.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>ISO 4217 currency of the price.</summary>
    public string? Currency { get; init; }

    /// <summary>UN/CEFACT unit the price is for.</summary>
    public string? UnitOfMeasure { get; init; }

    /// <summary>How many units the unit price is for. Default 1.</summary>
    public decimal PriceBasisQuantity { get; init; } = 1;

    /// <summary>First moment the price applies.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>Last moment the price applies.</summary>
    public DateTimeOffset? ValidTo { get; init; }

    /// <summary>The contract the price comes from.</summary>
    public string? ContractId { get; init; }

    /// <summary>Smallest quantity sold.</summary>
    public decimal? MinQuantity { get; init; }

    /// <summary>Largest quantity sold.</summary>
    public decimal? MaxQuantity { get; init; }

    /// <summary>Quantities must be a multiple of this.</summary>
    public decimal? OrderMultiple { get; init; }

    /// <summary>The part's classification in the ERP.</summary>
    public ErpClassification? Classification { get; init; }

    /// <summary>The part's description in the ERP.</summary>
    public string? Description { get; init; }
}

/// <summary>A classification code in a domain such as UNSPSC.</summary>
public sealed record ErpClassification(string Domain, string Code);

/// <summary><c>POST /orders</c>: an order to create, change or cancel in the ERP.</summary>
public sealed record ErpOrder
{
    /// <summary>The gateway's id of the buyer.</summary>
    public required string Buyer { get; init; }

    /// <summary>The buyer's account in the ERP.</summary>
    public required string Account { get; init; }

    /// <summary>The buyer's order number.</summary>
    public required string OrderId { get; init; }

    /// <summary>The payloadID of the OrderRequest.</summary>
    public required string PayloadId { get; init; }

    /// <summary>new, update or delete.</summary>
    public required string Type { get; init; }

    /// <summary>1 for the original.</summary>
    public int OrderVersion { get; init; } = 1;

    /// <summary>regular, release, blanket, ...</summary>
    public required string OrderType { get; init; }

    /// <summary>When the buyer created the order.</summary>
    public required DateTimeOffset OrderDate { get; init; }

    /// <summary>ISO 4217 currency of the order.</summary>
    public required string Currency { get; init; }

    /// <summary>The order total, without tax and shipping.</summary>
    public required decimal Total { get; init; }

    /// <summary>The order's ship-to; absent when every line has its own.</summary>
    public ErpAddress? ShipTo { get; init; }

    /// <summary>Where the invoice goes.</summary>
    public ErpAddress? BillTo { get; init; }

    /// <summary>The master agreement a release draws on.</summary>
    public string? AgreementId { get; init; }

    /// <summary>The buyer's comments.</summary>
    public string? Comments { get; init; }

    /// <summary>Header extrinsics by name.</summary>
    public IReadOnlyDictionary<string, string> Extrinsics { get; init; } = new Dictionary<string, string>();

    /// <summary>The lines.</summary>
    public required IReadOnlyList<ErpOrderLine> Lines { get; init; }

    /// <summary>The buyer sent the order in test mode (<c>deploymentMode="test"</c>): it must not be fulfilled.</summary>
    public bool Test { get; init; }

    /// <summary>What the gateway noticed about the order that support and the ERP should look at (<see
    /// cref="ErpOrderFlags"/>); absent (not written) when there is nothing, so the JSON of an unflagged order, and the
    /// hash its resends are compared by, stay as they were.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Flags { get; init; }

    /// <summary>For an update or delete: the order it changes or cancels, as the ERP took it. Set when the order is
    /// forwarded (its original is always forwarded first); absent on a new order.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ErpOrderReference? ChangeOf { get; init; }
}

/// <summary>The order an update or delete changes: the ERP's id of it, and the version, payloadID and gateway id it had.</summary>
/// <param name="ErpOrderId">The ERP's id of the order changed (from its answer to that order).</param>
/// <param name="OrderVersion">The orderVersion of the version changed.</param>
/// <param name="PayloadId">The payloadID of the version changed (the OrderRequest's DocumentReference names it too).</param>
/// <param name="GatewayOrderId">The gateway's id of the version changed.</param>
public sealed record ErpOrderReference(string ErpOrderId, int OrderVersion, string PayloadId, string GatewayOrderId);

/// <summary>The flags an <see cref="ErpOrder"/> can carry.</summary>
public static class ErpOrderFlags
{
    /// <summary>The order carries tax (header or line Tax not zero) while the ERP's quote says the account is
    /// tax-exempt. The order is accepted as the buyer approved it; the tax is settled on the invoice.</summary>
    public const string TaxedButExempt = "taxed-but-exempt";
}

/// <summary>One line of an <see cref="ErpOrder"/>.</summary>
public sealed record ErpOrderLine
{
    /// <summary>The buyer's line number, stable across versions.</summary>
    public required int LineNumber { get; init; }

    /// <summary>The part ordered.</summary>
    public required string SupplierPartId { get; init; }

    /// <summary>The supplier cookie of the line, unchanged since the punchout.</summary>
    public string? SupplierPartAuxiliaryId { get; init; }

    /// <summary>How many units.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>UN/CEFACT unit.</summary>
    public string? UnitOfMeasure { get; init; }

    /// <summary>Price per unit as ordered.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>The line's description.</summary>
    public string? Description { get; init; }

    /// <summary>The line's own ship-to.</summary>
    public ErpAddress? ShipTo { get; init; }

    /// <summary>When the buyer wants it delivered.</summary>
    public DateTimeOffset? RequestedDeliveryDate { get; init; }

    /// <summary>Line extrinsics by name.</summary>
    public IReadOnlyDictionary<string, string> Extrinsics { get; init; } = new Dictionary<string, string>();
}

/// <summary>An address as the ERP receives it.</summary>
public sealed record ErpAddress
{
    /// <summary>The buyer's id for the address.</summary>
    public string? AddressId { get; init; }

    /// <summary>The address's name.</summary>
    public required string Name { get; init; }

    /// <summary>Recipient lines.</summary>
    public IReadOnlyList<string> DeliverTo { get; init; } = [];

    /// <summary>Street lines.</summary>
    public IReadOnlyList<string> Street { get; init; } = [];

    /// <summary>City.</summary>
    public string? City { get; init; }

    /// <summary>State or region.</summary>
    public string? State { get; init; }

    /// <summary>Postal code.</summary>
    public string? PostalCode { get; init; }

    /// <summary>ISO 3166 country code.</summary>
    public string? Country { get; init; }

    /// <summary>E-mail address.</summary>
    public string? Email { get; init; }
}

/// <summary>The ERP took the order: its own order id, and whether it already had it under the idempotency key.</summary>
public sealed record ErpOrderAccepted(string ErpOrderId, bool AlreadyKnown = false);

/// <summary><c>POST /credit/check</c>: may this account buy this much now?</summary>
/// <param name="Account">The buyer's account in the ERP.</param>
/// <param name="Currency">ISO 4217 currency of <paramref name="Amount"/>.</param>
/// <param name="Amount">The cart's or the order's total.</param>
/// <param name="Reference">The punchout session id (cart return) or <c>order:&lt;orderID&gt;</c> (OrderRequest).</param>
public sealed record CreditCheckRequest(string Account, string Currency, decimal Amount, string Reference);

/// <summary>The ERP's credit decision for an account.</summary>
public enum CreditStatus
{
    /// <summary><c>ok</c>: the amount may be bought.</summary>
    Ok,

    /// <summary><c>hold</c>: the account is on credit hold; nothing may be bought until it is released.</summary>
    Hold,

    /// <summary><c>over-limit</c>: the amount is more than the account's available credit.</summary>
    OverLimit,
}

/// <summary>The answer of <c>POST /credit/check</c>.</summary>
/// <param name="Account">The account checked.</param>
/// <param name="Status">The decision.</param>
/// <param name="Available">The credit left, when the ERP tells it.</param>
/// <param name="Reason">The ERP's words for a hold or an over-limit, when it gives them.</param>
public sealed record CreditDecision(string Account, CreditStatus Status, decimal? Available, string? Reason);
