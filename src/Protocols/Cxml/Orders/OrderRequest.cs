namespace Punchout.Protocols.Cxml.Orders;

/// <summary>Whether an OrderRequest is a new order, a change or a cancel.</summary>
public enum OrderRequestType
{
    /// <summary>The original order.</summary>
    New,

    /// <summary>A change of an earlier order, with a higher orderVersion.</summary>
    Update,

    /// <summary>A cancel of an earlier order.</summary>
    Delete,
}

/// <summary>The commercial kind of an order.</summary>
public enum OrderType
{
    /// <summary>A one-off purchase.</summary>
    Regular,

    /// <summary>A release against a master agreement.</summary>
    Release,

    /// <summary>A blanket order: a commitment, released later.</summary>
    Blanket,

    /// <summary>A stock transport order.</summary>
    StockTransport,

    /// <summary>A stock transport schedule agreement release.</summary>
    StockTransportRelease,
}

/// <summary>An <c>OrderRequest</c>: the purchase order the buyer sends after approval.</summary>
public sealed record OrderRequest : CxmlRequestPayload, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "OrderRequest";

    /// <inheritdoc />
    public override string RequestName => ElementName;

    /// <summary>The <c>OrderRequestHeader</c>.</summary>
    public required OrderRequestHeader Header { get; init; }

    /// <summary>The <c>ItemOut</c> lines; at least one.</summary>
    public required IReadOnlyList<OrderItemOut> Items { get; init; }
}

/// <summary>The <c>OrderRequestHeader</c>.</summary>
public sealed record OrderRequestHeader
{
    /// <summary>The buyer's order number.</summary>
    public required string OrderId { get; init; }

    /// <summary>When the buyer created the order.</summary>
    public required DateTimeOffset OrderDate { get; init; }

    /// <summary>new, update or delete.</summary>
    public OrderRequestType Type { get; init; } = OrderRequestType.New;

    /// <summary>regular, release, blanket, ...</summary>
    public OrderType OrderType { get; init; } = OrderType.Regular;

    /// <summary>1 for the original; higher for each change.</summary>
    public int OrderVersion { get; init; } = 1;

    /// <summary>The buyer's requisition, when it is the same for every line.</summary>
    public string? RequisitionId { get; init; }

    /// <summary>Whether the buyer wants the whole order in one shipment.</summary>
    public bool ShipComplete { get; init; }

    /// <summary>When the buyer wants the whole order delivered.</summary>
    public DateTimeOffset? RequestedDeliveryDate { get; init; }

    /// <summary>A blanket order's start (required for blanket orders).</summary>
    public DateTimeOffset? EffectiveDate { get; init; }

    /// <summary>A blanket order's end.</summary>
    public DateTimeOffset? ExpirationDate { get; init; }

    /// <summary>Whether a blanket order may only be drawn on through releases.</summary>
    public bool ReleaseRequired { get; init; }

    /// <summary>The master agreement a blanket order belongs to.</summary>
    public string? ParentAgreementId { get; init; }

    /// <summary>The agreement (blanket order) a release draws on.</summary>
    public string? AgreementId { get; init; }

    /// <summary>The payloadID of the agreement a release draws on.</summary>
    public string? AgreementPayloadId { get; init; }

    /// <summary>The order total, without tax and shipping; for a blanket order, the maximum commitment.</summary>
    public required Money Total { get; init; }

    /// <summary>The ship-to of the whole order; absent when every line carries its own (multi-ship-to).</summary>
    public Address? ShipTo { get; init; }

    /// <summary>Where the invoice goes.</summary>
    public required Address BillTo { get; init; }

    /// <summary>The shipping charge of the whole order.</summary>
    public Shipping? Shipping { get; init; }

    /// <summary>The tax of the whole order.</summary>
    public Tax? Tax { get; init; }

    /// <summary>The procurement card to charge.</summary>
    public PCard? Payment { get; init; }

    /// <summary>People to contact about the order (buyer, endUser, ...).</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>Comments, with attachments.</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];

    /// <summary>On an update or delete: the payloadID of the latest earlier OrderRequest of this order.</summary>
    public DocumentReference? DocumentReference { get; init; }

    /// <summary>The supplier's own order this order refers to (a quote turned into an order).</summary>
    public SupplierOrderInfo? SupplierOrderInfo { get; init; }

    /// <summary>Header-level extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>A <c>PCard</c>: the procurement card the order is paid with.</summary>
/// <remarks>The card number never prints: <see cref="ToString"/> shows its last four digits only.</remarks>
public sealed record PCard(string Number, string Expiration, string? Name = null)
{
    /// <summary>The card with its number masked.</summary>
    public override string ToString() => "PCard { Number = ****" + (Number.Length >= 4 ? Number[^4..] : string.Empty) + ", Expiration = " + Expiration + " }";
}

/// <summary>A <c>SupplierOrderInfo</c>: the supplier's order number (and date) the document refers to.</summary>
public sealed record SupplierOrderInfo(string OrderId, DateTimeOffset? OrderDate = null);

/// <summary>An <c>ItemOut</c> of an OrderRequest.</summary>
public sealed record OrderItemOut
{
    /// <summary>Stable across versions; never renumbered.</summary>
    public required int LineNumber { get; init; }

    /// <summary>How many units are ordered.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>What is ordered.</summary>
    public required ItemId ItemId { get; init; }

    /// <summary>Price, description and unit of the line (absent on blanket lines, which carry <see cref="BlanketItemDetail"/>).</summary>
    public ItemDetail? ItemDetail { get; init; }

    /// <summary>The limits of a blanket order line.</summary>
    public BlanketItemDetail? BlanketItemDetail { get; init; }

    /// <summary>The buyer's requisition of this line.</summary>
    public string? RequisitionId { get; init; }

    /// <summary>The line of the agreement a release line draws on.</summary>
    public string? AgreementItemNumber { get; init; }

    /// <summary>A free-text line with no catalog part.</summary>
    public bool IsAdHoc { get; init; }

    /// <summary>The line's own ship-to (multi-ship-to orders).</summary>
    public Address? ShipTo { get; init; }

    /// <summary>The line's shipping charge.</summary>
    public Shipping? Shipping { get; init; }

    /// <summary>The line's tax.</summary>
    public Tax? Tax { get; init; }

    /// <summary>How the line is charged to the buyer's accounts.</summary>
    public IReadOnlyList<Distribution> Distributions { get; init; } = [];

    /// <summary>People to contact about the line.</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>When the buyer wants the line delivered.</summary>
    public DateTimeOffset? RequestedDeliveryDate { get; init; }

    /// <summary>When the buyer wants the line shipped.</summary>
    public DateTimeOffset? RequestedShipmentDate { get; init; }

    /// <summary>Comments on the line.</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];

    /// <summary>The agreement a release line draws on.</summary>
    public MasterAgreement? MasterAgreement { get; init; }
}

/// <summary>A <c>BlanketItemDetail</c>: what a blanket order line allows, in amounts and quantities.</summary>
public sealed record BlanketItemDetail
{
    /// <summary>Descriptions; at least one.</summary>
    public required IReadOnlyList<Description> Descriptions { get; init; }

    /// <summary>The most that may be spent on the line.</summary>
    public Money? MaxAmount { get; init; }

    /// <summary>The least that must be spent on the line.</summary>
    public Money? MinAmount { get; init; }

    /// <summary>The most that may be ordered.</summary>
    public decimal? MaxQuantity { get; init; }

    /// <summary>The least that must be ordered.</summary>
    public decimal? MinQuantity { get; init; }

    /// <summary>The agreed unit price.</summary>
    public Money? UnitPrice { get; init; }

    /// <summary>The unit of the quantities.</summary>
    public string? UnitOfMeasure { get; init; }

    /// <summary>Classifications.</summary>
    public IReadOnlyList<Classification> Classifications { get; init; } = [];

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>The agreement a release line draws on: a <see cref="MasterAgreementReference"/> or a <see cref="MasterAgreementIdInfo"/>.</summary>
public abstract record MasterAgreement
{
    /// <summary>When the agreement was made.</summary>
    public DateTimeOffset? AgreementDate { get; init; }

    /// <summary>The kind of agreement (<c>scheduling_agreement</c>).</summary>
    public string? AgreementType { get; init; }
}

/// <summary>A <c>MasterAgreementReference</c>: the agreement by the payloadID of the document that made it.</summary>
public sealed record MasterAgreementReference(DocumentReference DocumentReference, string? AgreementId = null) : MasterAgreement;

/// <summary>A <c>MasterAgreementIDInfo</c>: the agreement by its id.</summary>
public sealed record MasterAgreementIdInfo(string AgreementId) : MasterAgreement;
