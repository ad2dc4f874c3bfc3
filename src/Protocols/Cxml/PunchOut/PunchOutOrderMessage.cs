namespace Punchout.Protocols.Cxml.PunchOut;

/// <summary>The highest operation a returned cart allows in later sessions.</summary>
public enum OperationAllowed
{
    /// <summary>Only later OrderRequests.</summary>
    Create,

    /// <summary>View only.</summary>
    Inspect,

    /// <summary>View and change.</summary>
    Edit,
}

/// <summary>A <c>PunchOutOrderMessage</c>: the cart carried back to the procurement system by the user's browser.</summary>
public sealed record PunchOutOrderMessage : CxmlMessagePayload, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "PunchOutOrderMessage";

    /// <summary>The BuyerCookie of the setup request, unchanged.</summary>
    public required string BuyerCookie { get; init; }

    /// <summary>Which later sessions the cart allows.</summary>
    public OperationAllowed OperationAllowed { get; init; } = OperationAllowed.Edit;

    /// <summary>Whether the cart is a quote still to be confirmed (<c>pending</c>) or final (the default).</summary>
    public QuoteStatus QuoteStatus { get; init; } = QuoteStatus.Final;

    /// <summary>The sum of the lines, without tax and shipping.</summary>
    public required Money Total { get; init; }

    /// <summary>Where the cart is to be shipped, when the supplier knows.</summary>
    public Address? ShipTo { get; init; }

    /// <summary>The estimated shipping charge of the cart.</summary>
    public Shipping? Shipping { get; init; }

    /// <summary>The estimated tax of the cart.</summary>
    public Tax? Tax { get; init; }

    /// <summary>The supplier's own order or quote the cart is.</summary>
    public Orders.SupplierOrderInfo? SupplierOrderInfo { get; init; }

    /// <summary>The cart lines; none means a cancel on create.</summary>
    public IReadOnlyList<ItemIn> Items { get; init; } = [];
}

/// <summary>Whether a returned cart is final or a quote awaiting the supplier.</summary>
public enum QuoteStatus
{
    /// <summary>The default: the prices stand.</summary>
    Final,

    /// <summary>The supplier still has to confirm the quote.</summary>
    Pending,
}

/// <summary>An <c>ItemIn</c>: one line of a returned cart.</summary>
/// <param name="Quantity">How many units; may be fractional, never negative.</param>
/// <param name="ItemId">What it is; the auxiliary id comes back unchanged in edit, inspect and the order.</param>
/// <param name="ItemDetail">Price, descriptions, unit, classifications.</param>
/// <param name="LineNumber">Meaningless in a cart, but kept.</param>
public sealed record ItemIn(decimal Quantity, ItemId ItemId, ItemDetail ItemDetail, int? LineNumber = null)
{
    /// <summary>The line this line belongs to, in a hierarchy.</summary>
    public int? ParentLineNumber { get; init; }

    /// <summary><c>composite</c> or <c>item</c>, in a hierarchy.</summary>
    public string? ItemType { get; init; }

    /// <summary>The line's own ship-to.</summary>
    public Address? ShipTo { get; init; }

    /// <summary>The line's estimated shipping charge.</summary>
    public Shipping? Shipping { get; init; }

    /// <summary>The line's estimated tax.</summary>
    public Tax? Tax { get; init; }

    /// <summary>Accounting the supplier proposes.</summary>
    public IReadOnlyList<Distribution> Distributions { get; init; } = [];

    /// <summary>People to contact about the line.</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>A comment on the line.</summary>
    public Comment? Comment { get; init; }

    /// <summary>Line-level extensions (beside those of the ItemDetail).</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}
