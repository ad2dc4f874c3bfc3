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

    /// <summary>The order total, without tax and shipping.</summary>
    public required Money Total { get; init; }

    /// <summary>The ship-to of the whole order; absent when every line carries its own.</summary>
    public Address? ShipTo { get; init; }

    /// <summary>Where the invoice goes.</summary>
    public required Address BillTo { get; init; }

    /// <summary>Free-text comments.</summary>
    public string? Comments { get; init; }

    /// <summary>Header-level extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>An <c>ItemOut</c> of an OrderRequest.</summary>
public sealed record OrderItemOut
{
    /// <summary>Stable across versions; never renumbered.</summary>
    public required int LineNumber { get; init; }

    /// <summary>How many units are ordered.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>What is ordered.</summary>
    public required ItemId ItemId { get; init; }

    /// <summary>Price, description and unit of the line.</summary>
    public ItemDetail? ItemDetail { get; init; }

    /// <summary>The line's own ship-to (multi-ship-to orders).</summary>
    public Address? ShipTo { get; init; }

    /// <summary>When the buyer wants the line delivered.</summary>
    public DateTimeOffset? RequestedDeliveryDate { get; init; }

    /// <summary>Free-text comments on the line.</summary>
    public string? Comments { get; init; }
}
