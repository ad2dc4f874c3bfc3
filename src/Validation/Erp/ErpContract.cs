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

    /// <summary>The gateway's id of the order, which <c>POST /api/v1/orders/{id}/confirmations</c> and
    /// <c>…/shipments</c> name. Set when the order is forwarded; not part of what a resend is compared by.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GatewayOrderId { get; init; }

    /// <summary>The buyer's requisition, when it is the same for every line (<c>requisitionID</c>).</summary>
    public string? RequisitionId { get; init; }

    /// <summary>The buyer wants the whole order in one shipment (<c>shipComplete="yes"</c>).</summary>
    public bool ShipComplete { get; init; }

    /// <summary>When the buyer wants the whole order delivered.</summary>
    public DateTimeOffset? RequestedDeliveryDate { get; init; }

    /// <summary>A blanket order's start.</summary>
    public DateTimeOffset? EffectiveDate { get; init; }

    /// <summary>A blanket order's end.</summary>
    public DateTimeOffset? ExpirationDate { get; init; }

    /// <summary>A blanket order may only be drawn on through releases (<c>releaseRequired="yes"</c>).</summary>
    public bool ReleaseRequired { get; init; }

    /// <summary>The master agreement a blanket order belongs to (<c>parentAgreementID</c>).</summary>
    public string? ParentAgreementId { get; init; }

    /// <summary>The payloadID of the agreement (blanket order) a release draws on (<c>agreementPayloadID</c>).</summary>
    public string? AgreementPayloadId { get; init; }

    /// <summary>The shipping charge of the whole order.</summary>
    public ErpShipping? Shipping { get; init; }

    /// <summary>The tax of the whole order.</summary>
    public ErpTax? Tax { get; init; }

    /// <summary>The procurement card the order is paid with, without its number.</summary>
    public ErpPCard? PCard { get; init; }

    /// <summary>People to contact about the order.</summary>
    public IReadOnlyList<ErpContact> Contacts { get; init; } = [];

    /// <summary>Every comment of the header, with its language, type and attachments; <see cref="Comments"/> is their
    /// text joined.</summary>
    public IReadOnlyList<ErpComment> CommentList { get; init; } = [];

    /// <summary>On an update or delete: the earlier OrderRequest it changes, by payloadID.</summary>
    public ErpDocumentReference? DocumentReference { get; init; }

    /// <summary>The supplier's own order this order refers to (a quote turned into an order).</summary>
    public ErpSupplierOrderInfo? SupplierOrderInfo { get; init; }
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

    /// <summary>The buyer's own part number.</summary>
    public string? BuyerPartId { get; init; }

    /// <summary>Every description of the line, in order; <see cref="Description"/> is the first one's text.</summary>
    public IReadOnlyList<ErpDescription> Descriptions { get; init; } = [];

    /// <summary>The quantity the unit price is for, when not one unit.</summary>
    public ErpPriceBasisQuantity? PriceBasisQuantity { get; init; }

    /// <summary>The line's classifications (UNSPSC, ...).</summary>
    public IReadOnlyList<ErpItemClassification> Classifications { get; init; } = [];

    /// <summary>The manufacturer's part number.</summary>
    public string? ManufacturerPartId { get; init; }

    /// <summary>The manufacturer's name.</summary>
    public string? ManufacturerName { get; init; }

    /// <summary>A page about the item.</summary>
    public string? Url { get; init; }

    /// <summary>Days to receive the item.</summary>
    public int? LeadTimeDays { get; init; }

    /// <summary>What a blanket order line allows; absent on other lines.</summary>
    public ErpBlanketItemDetail? BlanketItemDetail { get; init; }

    /// <summary>The buyer's requisition of this line.</summary>
    public string? RequisitionId { get; init; }

    /// <summary>The line of the agreement a release line draws on.</summary>
    public string? AgreementItemNumber { get; init; }

    /// <summary>A free-text line with no catalog part (<c>isAdHoc="yes"</c>).</summary>
    public bool IsAdHoc { get; init; }

    /// <summary>The line's shipping charge.</summary>
    public ErpShipping? Shipping { get; init; }

    /// <summary>The line's tax.</summary>
    public ErpTax? Tax { get; init; }

    /// <summary>How the line is charged to the buyer's accounts.</summary>
    public IReadOnlyList<ErpDistribution> Distributions { get; init; } = [];

    /// <summary>People to contact about the line.</summary>
    public IReadOnlyList<ErpContact> Contacts { get; init; } = [];

    /// <summary>When the buyer wants the line shipped.</summary>
    public DateTimeOffset? RequestedShipmentDate { get; init; }

    /// <summary>The line's comments, with their attachments.</summary>
    public IReadOnlyList<ErpComment> CommentList { get; init; } = [];

    /// <summary>The agreement a release line draws on.</summary>
    public ErpMasterAgreement? MasterAgreement { get; init; }
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

    /// <summary>Who issued <see cref="AddressId"/> (DUNS, ILN, buyerLocationID).</summary>
    public string? AddressIdDomain { get; init; }

    /// <summary>The address's own <c>isoCountryCode</c> attribute, as sent; <see cref="Country"/> is the postal
    /// address's country, or this when there is no postal address.</summary>
    public string? IsoCountryCode { get; init; }

    /// <summary>The language of <see cref="Name"/>.</summary>
    public string? NameLang { get; init; }

    /// <summary>The postal address's own name attribute.</summary>
    public string? PostalAddressName { get; init; }

    /// <summary>The country's printable name, as the postal address gives it.</summary>
    public string? CountryName { get; init; }

    /// <summary>Telephone number.</summary>
    public ErpPhone? Phone { get; init; }
}

/// <summary>An amount in an ISO 4217 currency.</summary>
/// <param name="Amount">The amount.</param>
/// <param name="Currency">The currency.</param>
public sealed record ErpMoney(decimal Amount, string Currency);

/// <summary>Free text in a language, with an optional short name.</summary>
/// <param name="Text">The text.</param>
/// <param name="Lang">Its language (<c>xml:lang</c>).</param>
/// <param name="ShortName">A short form of it.</param>
public sealed record ErpDescription(string Text, string Lang, string? ShortName);

/// <summary>A telephone number.</summary>
public sealed record ErpPhone
{
    /// <summary>What the number is for (its <c>name</c>: work, personal, ...).</summary>
    public string? Name { get; init; }

    /// <summary>The international dialing code (<c>1</c>, <c>49</c>).</summary>
    public required string CountryCode { get; init; }

    /// <summary>The ISO 3166 country of <see cref="CountryCode"/>.</summary>
    public required string IsoCountryCode { get; init; }

    /// <summary>The area or city code.</summary>
    public required string AreaOrCityCode { get; init; }

    /// <summary>The number.</summary>
    public required string Number { get; init; }

    /// <summary>The extension.</summary>
    public string? Extension { get; init; }
}

/// <summary>A postal address on its own (a contact's).</summary>
public sealed record ErpPostalAddress
{
    /// <summary>The postal address's own name attribute.</summary>
    public string? Name { get; init; }

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
    public required string Country { get; init; }

    /// <summary>The country's printable name.</summary>
    public string? CountryName { get; init; }
}

/// <summary>A person to contact about the order or a line, in a role (buyer, endUser, ...).</summary>
public sealed record ErpContact
{
    /// <summary>The role (<c>endUser</c>, <c>buyer</c>, ...).</summary>
    public string? Role { get; init; }

    /// <summary>The contact's name.</summary>
    public required string Name { get; init; }

    /// <summary>The language of <see cref="Name"/>.</summary>
    public string? NameLang { get; init; }

    /// <summary>The buyer's id for the contact's location.</summary>
    public string? AddressId { get; init; }

    /// <summary>Who issued <see cref="AddressId"/>.</summary>
    public string? AddressIdDomain { get; init; }

    /// <summary>E-mail addresses, in order.</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>Postal addresses.</summary>
    public IReadOnlyList<ErpPostalAddress> PostalAddresses { get; init; } = [];

    /// <summary>Telephone numbers.</summary>
    public IReadOnlyList<ErpPhone> Phones { get; init; } = [];

    /// <summary>Extensions by name.</summary>
    public IReadOnlyDictionary<string, string> Extrinsics { get; init; } = new Dictionary<string, string>();
}

/// <summary>A comment of the buyer, with the references of its attachments.</summary>
public sealed record ErpComment
{
    /// <summary>The text, trimmed; empty when the comment only carries attachments.</summary>
    public required string Text { get; init; }

    /// <summary>The language of the text, when given.</summary>
    public string? Lang { get; init; }

    /// <summary>The buyer's kind of comment.</summary>
    public string? Type { get; init; }

    /// <summary>The URL of each attachment as the buyer wrote it (<c>cid:</c> for a MIME part, or http); the gateway
    /// neither fetches nor keeps attachment content.</summary>
    public IReadOnlyList<string> Attachments { get; init; } = [];
}

/// <summary>The procurement card an order is paid with, without the card number.</summary>
/// <remarks>The number never leaves the gateway's memory: not to the ERP, not to the order record, not to a log.</remarks>
public sealed record ErpPCard
{
    /// <summary>The last four digits of the card number, to match the card statement; absent for a number shorter
    /// than eight digits, which they would mostly give away.</summary>
    public string? NumberLastDigits { get; init; }

    /// <summary>The expiration, as the buyer wrote it.</summary>
    public required string Expiration { get; init; }

    /// <summary>The name on the card.</summary>
    public string? Name { get; init; }
}

/// <summary>An earlier document, by its payloadID.</summary>
/// <param name="PayloadId">The payloadID.</param>
public sealed record ErpDocumentReference(string PayloadId);

/// <summary>The supplier's order number (and date) an order refers to.</summary>
/// <param name="OrderId">The supplier's order number.</param>
/// <param name="OrderDate">Its date.</param>
public sealed record ErpSupplierOrderInfo(string OrderId, DateTimeOffset? OrderDate);

/// <summary>A shipping charge: its amount, what it is for, and the tracking the buyer asked for.</summary>
public sealed record ErpShipping
{
    /// <summary>The charge.</summary>
    public required ErpMoney Money { get; init; }

    /// <summary>What the charge is for.</summary>
    public required ErpDescription Description { get; init; }

    /// <summary>The carrier's domain (e.g. SCAC).</summary>
    public string? TrackingDomain { get; init; }

    /// <summary>The carrier's id in that domain.</summary>
    public string? TrackingId { get; init; }

    /// <summary>A tracking number.</summary>
    public string? Tracking { get; init; }
}

/// <summary>A tax: the total, its description, and the tax per category.</summary>
public sealed record ErpTax
{
    /// <summary>The total tax.</summary>
    public required ErpMoney Money { get; init; }

    /// <summary>What the tax is.</summary>
    public required ErpDescription Description { get; init; }

    /// <summary>The tax per category and rate.</summary>
    public IReadOnlyList<ErpTaxDetail> Details { get; init; } = [];
}

/// <summary>One tax category's amount, rate and base.</summary>
public sealed record ErpTaxDetail
{
    /// <summary>The tax category (sales, vat, gst, ...).</summary>
    public required string Category { get; init; }

    /// <summary>What the tax is (tax, duty, shippingTax, ...).</summary>
    public string? Purpose { get; init; }

    /// <summary>The rate in percent.</summary>
    public decimal? PercentageRate { get; init; }

    /// <summary>When the tax applies, exactly as the buyer wrote it.</summary>
    public string? TaxPointDate { get; init; }

    /// <summary><c>zeroRated</c> or <c>exempt</c>: why a zero tax is zero; absent when not stated.</summary>
    public string? ExemptDetail { get; init; }

    /// <summary>The tax.</summary>
    public required ErpMoney TaxAmount { get; init; }

    /// <summary>The amount taxed.</summary>
    public ErpMoney? TaxableAmount { get; init; }

    /// <summary>Where the tax applies.</summary>
    public ErpDescription? TaxLocation { get; init; }

    /// <summary>A description of the detail.</summary>
    public ErpDescription? Description { get; init; }
}

/// <summary>The quantity a line's unit price is for.</summary>
public sealed record ErpPriceBasisQuantity
{
    /// <summary>How many units the unit price is for.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Order units per price unit.</summary>
    public required decimal ConversionFactor { get; init; }

    /// <summary>The unit the price is for.</summary>
    public required string UnitOfMeasure { get; init; }

    /// <summary>What the conversion means, for people.</summary>
    public ErpDescription? Description { get; init; }
}

/// <summary>A classification of an ordered item, as cXML carries it.</summary>
/// <param name="Domain">The classification's domain (UNSPSC, custom, ...).</param>
/// <param name="Value">The element's text: the code in most documents, or its description when <paramref name="Code"/> is given.</param>
/// <param name="Code">The <c>code</c> attribute, when given.</param>
public sealed record ErpItemClassification(string Domain, string Value, string? Code);

/// <summary>What a blanket order line allows, in amounts and quantities.</summary>
public sealed record ErpBlanketItemDetail
{
    /// <summary>Descriptions, in order.</summary>
    public IReadOnlyList<ErpDescription> Descriptions { get; init; } = [];

    /// <summary>The most that may be spent on the line.</summary>
    public ErpMoney? MaxAmount { get; init; }

    /// <summary>The least that must be spent on the line.</summary>
    public ErpMoney? MinAmount { get; init; }

    /// <summary>The most that may be ordered.</summary>
    public decimal? MaxQuantity { get; init; }

    /// <summary>The least that must be ordered.</summary>
    public decimal? MinQuantity { get; init; }

    /// <summary>The agreed unit price.</summary>
    public ErpMoney? UnitPrice { get; init; }

    /// <summary>The unit of the quantities.</summary>
    public string? UnitOfMeasure { get; init; }

    /// <summary>Classifications.</summary>
    public IReadOnlyList<ErpItemClassification> Classifications { get; init; } = [];

    /// <summary>Extensions by name.</summary>
    public IReadOnlyDictionary<string, string> Extrinsics { get; init; } = new Dictionary<string, string>();
}

/// <summary>How much of a line is charged to which accounts.</summary>
/// <param name="Accounting">The account combination.</param>
/// <param name="Charge">The amount charged to it.</param>
public sealed record ErpDistribution(ErpAccounting Accounting, ErpMoney Charge);

/// <summary>An account combination: its name and its segments.</summary>
/// <param name="Name">The combination's name.</param>
/// <param name="Segments">The segments (cost center, GL account, project, ...), in order.</param>
public sealed record ErpAccounting(string Name, IReadOnlyList<ErpAccountingSegment> Segments);

/// <summary>One accounting segment.</summary>
/// <param name="Id">The value (the cost center number, the GL account, ...).</param>
/// <param name="Name">The kind of segment ("Cost Center"); Coupa's <c>Segment@type</c>.</param>
/// <param name="Description">Its description.</param>
/// <param name="Lang">The language of the name.</param>
public sealed record ErpAccountingSegment(string Id, string Name, string Description, string Lang);

/// <summary>The agreement a release line draws on: by the payloadID of the document that made it
/// (<c>MasterAgreementReference</c>), or by its id only (<c>MasterAgreementIDInfo</c>, no <see cref="PayloadId"/>).</summary>
public sealed record ErpMasterAgreement
{
    /// <summary>The agreement's id.</summary>
    public string? AgreementId { get; init; }

    /// <summary>The payloadID of the document that made the agreement; absent for <c>MasterAgreementIDInfo</c>.</summary>
    public string? PayloadId { get; init; }

    /// <summary>When the agreement was made.</summary>
    public DateTimeOffset? AgreementDate { get; init; }

    /// <summary>The kind of agreement (<c>scheduling_agreement</c>).</summary>
    public string? AgreementType { get; init; }
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
